import { SchedulerRegistry } from '@nestjs/schedule';
import { Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import { ProfileEntity } from '../../src/profiles/entities/profile.entity';
import { RoundRunKind, RoundRunScope } from '../../src/rounds/entities/round.entity';
import { RoundPlacements } from '../../src/rounds/round-placements';
import { RoundRunsService } from '../../src/rounds/round-runs.service';
import { RoundsRepository } from '../../src/rounds/rounds.repository';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, closeRankingOf, makeProject, RUN_FIELDS } from '../factories/rounds.factory';
import { CreatedUser } from '../factories/users.factory';
import { collect, settle, wsClient } from '../utils/graphql-ws';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const RUN = `mutation($id: ID!, $dry: Boolean!, $seed: Int) { runRound(id: $id, dryRun: $dry, seed: $seed) { ${RUN_FIELDS} } }`;
const RUN_BY_ID = `query($id: ID!) { roundRun(id: $id) { ${RUN_FIELDS} } }`;
const SUBMIT_CHOICES = `mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }`;
const MY_APPLICATIONS = `query { myApplications(first: 20) { id opportunityId status } }`;
const RANK = `mutation($o: ID!, $ids: [ID!]!) { rankApplicants(opportunityId: $o, applicationIds: $ids) { rank } }`;

interface Run {
  id: string;
  status: string;
  kind: string;
  stable: boolean | null;
  error: string | null;
  algorithm: string | null;
  assignment: { candidateId: string; opportunityId: string | null }[] | null;
  stats: { candidatesMatched: number } | null;
}

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

describe('allocation rounds in the background', () => {
  let t: TestApp;
  let hrLumc: string;
  let hrJanssen: string;
  let host: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    hrLumc = await t.login('hr@lumc.test');
    hrJanssen = await t.login('hr@janssen.test');
    host = await aSupervisor(t, 'LUMC');
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  async function choose(candidate: CreatedUser, roundId: string, opportunityIds: string[]): Promise<void> {
    dataOf(await t.gql(SUBMIT_CHOICES, { r: roundId, o: opportunityIds }, candidate.token));
  }

  async function rank(
    supervisor: CreatedUser,
    opportunityId: string,
    candidates: CreatedUser[],
  ): Promise<void> {
    const ids: string[] = [];
    for (const c of candidates) {
      const mine = dataOf(
        await t.gql<{ myApplications: { id: string; opportunityId: string }[] }>(
          MY_APPLICATIONS,
          {},
          c.token,
        ),
      ).myApplications;
      ids.push(mine.find((a) => a.opportunityId === opportunityId)!.id);
    }
    dataOf(await t.gql(RANK, { o: opportunityId, ids }, supervisor.token));
  }

  it('leaves queued runs to the instances doing background work when BACKGROUND_WORK=off', async () => {
    const apiOnly = await createTestApp({ sharedDatabase: t.db, env: { BACKGROUND_WORK: 'off' } });
    // This instance works only when told to (its kicks and processPending), not on its interval.
    t.app.get(SchedulerRegistry).deleteInterval('round-runs');
    try {
      const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      const round = await aRound(t, hrLumc, { opportunityIds: [o.id] });
      await t.app.get(RoundWorker).processPending();
      // Queued through the API-only instance: its kick and its interval run nothing.
      const queued = dataOf(
        await apiOnly.gql<{ runRound: Run }>(
          RUN,
          { id: round.id, dry: true },
          await apiOnly.login('hr@lumc.test'),
        ),
      ).runRound;
      await apiOnly.app.get(RoundWorker).tick();
      await settle();
      expect(
        dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: queued.id }, hrLumc)).roundRun.status,
      ).toBe('QUEUED');
      // An instance with background work on picks it up.
      await t.app.get(RoundWorker).processPending();
      expect(
        dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: queued.id }, hrLumc)).roundRun.status,
      ).toBe('DONE');
    } finally {
      await apiOnly.close();
    }
  });

  it('lets concurrent workers claim each queued run exactly once (FOR UPDATE SKIP LOCKED)', async () => {
    const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const round = await aRound(t, hrLumc, { opportunityIds: [o.id] });
    const worker = t.app.get(RoundWorker);
    await worker.processPending();
    // Three queued runs (inserted without the immediate kick), raced by four claimers as four
    // instances would: each run is claimed at most once, and every one is processed.
    const repo = t.app.get(RoundsRepository);
    const [hr] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM users WHERE email = 'hr@lumc.test'`,
    );
    const queued: string[] = [];
    for (let seed = 0; seed < 3; seed++) {
      const run = await repo.insertRun({
        roundId: round.id,
        kind: RoundRunKind.DRY_RUN,
        scope: RoundRunScope.INITIAL,
        seed,
        createdBy: hr.id,
      });
      queued.push(run.id);
    }
    const runs = t.app.get(RoundRunsService);
    const claimed = (await Promise.all([runs.claim(), runs.claim(), runs.claim(), runs.claim()])).filter(
      (r): r is NonNullable<typeof r> => r !== null,
    );
    const ids = claimed.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => queued.includes(id))).toBe(true);
    expect(claimed.every((r) => r.status === 'RUNNING')).toBe(true);
    await Promise.all(claimed.map((r) => runs.process(r)));
    await worker.processPending();
    for (const id of queued) {
      const run = dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id }, hrLumc)).roundRun;
      expect(run).toMatchObject({ status: 'DONE', stable: true });
    }
  });

  it('allocates co-supervised projects with SPA within the lead supervisor’s load cap', async () => {
    const busy = await aSupervisor(t, 'LUMC');
    const free = await aSupervisor(t, 'LUMC');
    await t.dataSource.getRepository(ProfileEntity).insert({ userId: busy.user.id, supervisionCapacity: 1 });
    const p1 = await anOpportunityRow(t, {
      leadSupervisorId: busy.user.id,
      capacity: 1,
      title: 'Project 1',
    });
    const p2 = await anOpportunityRow(t, {
      leadSupervisorId: busy.user.id,
      capacity: 1,
      title: 'Project 2',
    });
    const p3 = await anOpportunityRow(t, {
      leadSupervisorId: free.user.id,
      capacity: 1,
      title: 'Project 3',
    });
    for (const p of [p1, p2, p3]) await makeProject(t, p.id);
    const round = await aRound(t, hrLumc, { opportunityIds: [p1.id, p2.id, p3.id], algorithm: 'SPA' });

    const s1 = await aCandidate(t);
    const s2 = await aCandidate(t);
    const s3 = await aCandidate(t);
    await choose(s1, round.id, [p1.id]);
    await choose(s2, round.id, [p2.id]);
    await choose(s3, round.id, [p3.id]);
    await rank(busy, p1.id, [s1]);
    await rank(busy, p2.id, [s2]);

    const queued = dataOf(
      await t.gql<{ runRound: Run }>(RUN, { id: round.id, dry: true, seed: 5 }, hrLumc),
    ).runRound;
    await t.app.get(RoundWorker).processPending();
    const run = dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: queued.id }, hrLumc)).roundRun;
    expect(run).toMatchObject({ status: 'DONE', stable: true, algorithm: 'spa-student' });
    const placed = Object.fromEntries(run.assignment!.map((a) => [a.candidateId, a.opportunityId]));
    // The busy supervisor takes one student over both projects; the other supervisor's project fills.
    const withBusy = [placed[s1.user.id], placed[s2.user.id]].filter((x) => x !== null);
    expect(withBusy).toHaveLength(1);
    expect(placed[s3.user.id]).toBe(p3.id);
    expect(run.stats!.candidatesMatched).toBe(2);
  });

  it('stores a publication that is no longer possible as FAILED with the reason, changing nothing', async () => {
    const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const round = await aRound(t, hrLumc, { opportunityIds: [o.id], optimal: 'HOST' });
    const candidate = await aCandidate(t);
    await choose(candidate, round.id, [o.id]);
    await closeRankingOf(t, round.id);
    // Two publications queued at once (the API refuses the second; a race between instances could not).
    const repo = t.app.get(RoundsRepository);
    const [hr] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM users WHERE email = 'hr@lumc.test'`,
    );
    const ids: string[] = [];
    for (let seed = 0; seed < 2; seed++) {
      const run = await repo.insertRun({
        roundId: round.id,
        kind: RoundRunKind.PUBLISH,
        scope: RoundRunScope.INITIAL,
        seed,
        createdBy: hr.id,
      });
      ids.push(run.id);
    }
    await t.app.get(RoundWorker).processPending();
    const [first, second] = await Promise.all(
      ids.map(async (id) => dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id }, hrLumc)).roundRun),
    );
    expect(first).toMatchObject({ status: 'DONE', stable: true, algorithm: 'hr-hospital-proposing' });
    expect(second).toMatchObject({ status: 'FAILED', assignment: null });
    expect(second.error).toBe('the round is PUBLISHED: it can be published once');
    const mine = dataOf(
      await t.gql<{ myApplications: { status: string }[] }>(MY_APPLICATIONS, {}, candidate.token),
    ).myApplications;
    expect(mine.map((a) => a.status)).toEqual(['OFFERED']);
  });

  describe('live over graphql-ws', () => {
    let url: string;
    const clients: Client[] = [];

    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      url = `ws://127.0.0.1:${port}/graphql`;
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.dispose()));
    });

    function subscribe<T>(token: string, query: string, variables: Record<string, unknown>) {
      const client = wsClient(url, token);
      clients.push(client);
      return collect<T>(client, query, variables);
    }

    it('drops the status events stored beside a publication that then fails: nobody is told; run again, everyone is', async () => {
      const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
      const round = await aRound(t, hrLumc, { opportunityIds: [o.id] });
      const candidate = await aCandidate(t);
      await choose(candidate, round.id, [o.id]);
      await closeRankingOf(t, round.id);
      const placements = t.app.get(RoundPlacements);
      const dropped = jest.spyOn(placements, 'dropEvents');
      // Fault injection: the run's own transaction fails at its last step, after the transaction
      // beside it has committed the input and the held events.
      jest.spyOn(placements, 'releaseEvents').mockRejectedValueOnce(new Error('the connection broke'));
      type Change = { applicationStatusChanged: { from: string; to: string } };
      const told = subscribe<Change>(
        candidate.token,
        'subscription { applicationStatusChanged { from to } }',
        {},
      );
      await settle();
      const heldFor = async (runId: string): Promise<number> =>
        (
          await t.dataSource.query<{ n: number }[]>(
            'SELECT count(*)::int AS n FROM outbox_events WHERE held_by = $1',
            [runId],
          )
        )[0].n;
      const statuses = async (): Promise<string[]> =>
        dataOf(
          await t.gql<{ myApplications: { status: string }[] }>(MY_APPLICATIONS, {}, candidate.token),
        ).myApplications.map((a) => a.status);
      const publish = async (): Promise<Run> => {
        const queued = dataOf(
          await t.gql<{ runRound: Run }>(RUN, { id: round.id, dry: false, seed: 1 }, hrLumc),
        ).runRound;
        await t.app.get(RoundWorker).processPending();
        return dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: queued.id }, hrLumc)).roundRun;
      };

      const failed = await publish();
      expect(failed.status).toBe('FAILED');
      expect(failed.error).toContain('the connection broke');
      // The events were written beside (and committed): the claim found none of the run's, the
      // failed run's record dropped its one batch.
      const droppedForRun = dropped.mock.calls.flatMap(([, runIds], k) =>
        runIds.includes(failed.id) ? [dropped.mock.results[k].value as Promise<number>] : [],
      );
      expect(await Promise.all(droppedForRun)).toEqual([0, 1]);
      expect(await heldFor(failed.id)).toBe(0);
      expect(await statuses()).toEqual(['SUBMITTED']);
      await told.waitFor(1, 1000);
      expect(told.events).toEqual([]);

      // Run again: the offer is made, and told once the run's transaction commits.
      const done = await publish();
      expect(done.status).toBe('DONE');
      expect(await statuses()).toEqual(['OFFERED']);
      expect(await heldFor(done.id)).toBe(0);
      await told.waitFor(1);
      expect(told.errors).toEqual([]);
      expect(told.events).toEqual([{ applicationStatusChanged: { from: 'SUBMITTED', to: 'OFFERED' } }]);
    });

    it('pushes roundRunUpdated (QUEUED, RUNNING, DONE) to HR of the organisation; NOT_FOUND for another organisation', async () => {
      const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      const round = await aRound(t, hrLumc, { opportunityIds: [o.id] });
      const query = 'subscription($r: ID!) { roundRunUpdated(roundId: $r) { id status stable } }';
      const mine = subscribe<{ roundRunUpdated: { id: string; status: string } }>(hrLumc, query, {
        r: round.id,
      });
      const theirs = subscribe(hrJanssen, query, { r: round.id });
      await settle();

      const run = dataOf(await t.gql<{ runRound: Run }>(RUN, { id: round.id, dry: true }, hrLumc)).runRound;
      await t.app.get(RoundWorker).processPending();
      await mine.waitFor(3);
      expect(mine.errors).toEqual([]);
      expect(mine.events.map((e) => e.roundRunUpdated)).toEqual([
        expect.objectContaining({ id: run.id, status: 'QUEUED' }),
        expect.objectContaining({ id: run.id, status: 'RUNNING' }),
        expect.objectContaining({ id: run.id, status: 'DONE', stable: true }),
      ]);
      await theirs.waitFor(1, 1000);
      expect(theirs.events).toEqual([]);
      expect(JSON.stringify(theirs.errors)).toContain('NOT_FOUND');
    });
  });
});
