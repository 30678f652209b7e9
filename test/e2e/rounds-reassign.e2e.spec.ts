/**
 * HR reassigns a published placement with a reason: the round's offer is withdrawn, the seat offered
 * to another candidate who chose it and waits; both are told, both histories keep it, and the run
 * records the overridden pair. Refused for everyone but HR of the round's organisation and admins.
 */
import { CareerStage } from '../../src/core/domain/enums';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, closeRankingOf } from '../factories/rounds.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const SUBMIT_CHOICES = `mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }`;
const RUN = `mutation($id: ID!) { runRound(id: $id, dryRun: false, seed: 7) { id } }`;
const RUN_BY_ID = `query($id: ID!) { roundRun(id: $id) { id status stable assignment { candidateId opportunityId }
  overriddenPairs { opportunityId fromCandidateId toCandidateId reason overriddenBy overriddenAt } } }`;
const REASSIGN = `mutation($r: ID!, $o: ID!, $from: ID!, $to: ID!, $reason: String!) {
  reassignRoundPlacement(roundId: $r, opportunityId: $o, fromCandidateId: $from, toCandidateId: $to, reason: $reason) {
    id stable overriddenPairs { opportunityId fromCandidateId toCandidateId reason overriddenBy } } }`;
const MY_APPLICATIONS = `query { myApplications(first: 20) { id opportunityId status responseDeadline } }`;
const HISTORY = `query($id: ID!) { application(id: $id) { status history { from to reason actor { id } } } }`;
const NOTIFICATIONS = `query { notifications(first: 50) { type message params { reason } } }`;
const ACCEPT = `mutation($id: ID!) { acceptOffer(id: $id) { id status } }`;

interface Pair {
  opportunityId: string;
  fromCandidateId: string;
  toCandidateId: string;
  reason: string;
  overriddenBy: string;
}
interface Run {
  id: string;
  status: string;
  stable: boolean | null;
  assignment: { candidateId: string; opportunityId: string | null }[] | null;
  overriddenPairs: Pair[];
}
interface Application {
  id: string;
  opportunityId: string;
  status: string;
  responseDeadline: string | null;
}

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

function errorOf(res: GqlResponse): { code: string; reason?: string; fields?: { field: string }[] } {
  expect(res.errors).toHaveLength(1);
  return res.errors![0].extensions as { code: string; reason?: string };
}

describe('reassigning a published placement', () => {
  let t: TestApp;
  let hrLumc: string;
  let hrJanssen: string;
  let admin: string;
  let host: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    hrLumc = await t.login('hr@lumc.test');
    hrJanssen = await t.login('hr@janssen.test');
    admin = await t.login('admin@talent-exchange.test');
    host = await aSupervisor(t, 'LUMC');
  });
  afterAll(() => t.close());

  async function applicationOf(candidate: CreatedUser, opportunityId: string): Promise<Application> {
    const mine = dataOf(await t.gql<{ myApplications: Application[] }>(MY_APPLICATIONS, {}, candidate.token));
    const found = mine.myApplications.find((a) => a.opportunityId === opportunityId);
    if (!found) throw new Error('no application');
    return found;
  }

  /** A round over one seat that three candidates chose, published. */
  async function publishedRound(): Promise<{
    roundId: string;
    opportunityId: string;
    run: Run;
    holder: CreatedUser;
    waiting: CreatedUser[];
    outsider: CreatedUser;
  }> {
    const seat = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 1,
      title: 'Cell lab',
    });
    const other = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 1,
      title: 'Other lab',
    });
    const round = await aRound(t, hrLumc, { opportunityIds: [seat.id, other.id] });
    const candidates = [await aCandidate(t), await aCandidate(t), await aCandidate(t)];
    for (const c of candidates) dataOf(await t.gql(SUBMIT_CHOICES, { r: round.id, o: [seat.id] }, c.token));
    const outsider = await aCandidate(t);
    dataOf(await t.gql(SUBMIT_CHOICES, { r: round.id, o: [other.id] }, outsider.token));
    await closeRankingOf(t, round.id);
    const queued = dataOf(await t.gql<{ runRound: { id: string } }>(RUN, { id: round.id }, hrLumc)).runRound;
    await t.app.get(RoundWorker).processPending();
    const run = dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: queued.id }, hrLumc)).roundRun;
    expect(run.status).toBe('DONE');
    const holderId = run.assignment?.find((a) => a.opportunityId === seat.id)?.candidateId;
    const holder = candidates.find((c) => c.user.id === holderId);
    if (!holder) throw new Error('nobody placed');
    return {
      roundId: round.id,
      opportunityId: seat.id,
      run,
      holder,
      waiting: candidates.filter((c) => c !== holder),
      outsider,
    };
  }

  it('withdraws the offer, offers the seat to the chosen candidate, tells both and records the pair on the run', async () => {
    const { roundId, opportunityId, run, holder, waiting } = await publishedRound();
    const [next] = waiting;
    const before = await applicationOf(holder, opportunityId);
    expect(before.status).toBe('OFFERED');

    const res = await t.gql<{ reassignRoundPlacement: Run }>(
      REASSIGN,
      {
        r: roundId,
        o: opportunityId,
        from: holder.user.id,
        to: next.user.id,
        reason: 'appeal upheld: a scoring error',
      },
      hrLumc,
    );
    const updated = dataOf(res).reassignRoundPlacement;
    expect(updated.id).toBe(run.id);
    expect(updated.stable).toBe(true);
    expect(updated.overriddenPairs).toEqual([
      {
        opportunityId,
        fromCandidateId: holder.user.id,
        toCandidateId: next.user.id,
        reason: 'appeal upheld: a scoring error',
        overriddenBy: expect.any(String),
      },
    ]);

    // The old offer is withdrawn, with HR as the actor and the reason in its history.
    const old = dataOf(
      await t.gql<{
        application: {
          status: string;
          history: { to: string; reason: string; actor: { id: string } | null }[];
        };
      }>(HISTORY, { id: before.id }, holder.token),
    ).application;
    expect(old.status).toBe('REJECTED');
    expect(old.history.at(-1)).toMatchObject({
      to: 'REJECTED',
      reason: 'appeal upheld: a scoring error',
      actor: { id: updated.overriddenPairs[0].overriddenBy },
    });
    const offered = await applicationOf(next, opportunityId);
    expect(offered.status).toBe('OFFERED');
    expect(offered.responseDeadline).not.toBeNull();

    // Both are told.
    const told = async (c: CreatedUser) =>
      dataOf(
        await t.gql<{ notifications: { type: string; params: { reason: string | null } | null }[] }>(
          NOTIFICATIONS,
          {},
          c.token,
        ),
      ).notifications;
    expect(await told(holder)).toContainEqual(
      expect.objectContaining({
        type: 'APPLICATION_OFFER_REVOKED',
        params: expect.objectContaining({ reason: 'appeal upheld: a scoring error' }),
      }),
    );
    expect((await told(next)).map((n) => n.type)).toContain('APPLICATION_OFFERED');

    // Their round outcomes say where the reassignment left them, and why.
    const OUTCOME = `query($r: ID!) { myRoundOutcome(roundId: $r) { opportunityId choiceRank reason reassigned runId } }`;
    const outcomeOf = async (c: CreatedUser) =>
      dataOf(await t.gql<{ myRoundOutcome: Record<string, unknown> }>(OUTCOME, { r: roundId }, c.token))
        .myRoundOutcome;
    expect(await outcomeOf(holder)).toEqual({
      opportunityId: null,
      choiceRank: null,
      reason: 'appeal upheld: a scoring error',
      reassigned: true,
      runId: run.id,
    });
    expect(await outcomeOf(next)).toEqual({
      opportunityId,
      choiceRank: 1,
      reason: 'appeal upheld: a scoring error',
      reassigned: true,
      runId: run.id,
    });

    // The new holder can take the seat; the run as stored shows the pair to anyone who manages the round.
    expect(
      dataOf(await t.gql<{ acceptOffer: { status: string } }>(ACCEPT, { id: offered.id }, next.token))
        .acceptOffer.status,
    ).toBe('ACCEPTED');
    const stored = dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: run.id }, admin)).roundRun;
    expect(stored.overriddenPairs).toHaveLength(1);
  });

  it('reassigns a seat that was reassigned before', async () => {
    const { roundId, opportunityId, holder, waiting } = await publishedRound();
    const [second, third] = waiting;
    dataOf(
      await t.gql(
        REASSIGN,
        { r: roundId, o: opportunityId, from: holder.user.id, to: second.user.id, reason: 'first' },
        hrLumc,
      ),
    );
    const run = dataOf(
      await t.gql<{ reassignRoundPlacement: Run }>(
        REASSIGN,
        { r: roundId, o: opportunityId, from: second.user.id, to: third.user.id, reason: 'second' },
        admin,
      ),
    ).reassignRoundPlacement;
    expect(run.overriddenPairs.map((p) => [p.fromCandidateId, p.toCandidateId])).toEqual([
      [holder.user.id, second.user.id],
      [second.user.id, third.user.id],
    ]);
    expect((await applicationOf(second, opportunityId)).status).toBe('REJECTED');
    expect((await applicationOf(third, opportunityId)).status).toBe('OFFERED');
  });

  it('erasing a candidate leaves the pair on the run without their id or HR’s reason about them', async () => {
    const { roundId, opportunityId, holder, waiting } = await publishedRound();
    const run = dataOf(
      await t.gql<{ reassignRoundPlacement: Run }>(
        REASSIGN,
        {
          r: roundId,
          o: opportunityId,
          from: holder.user.id,
          to: waiting[0].user.id,
          reason: 'about the holder',
        },
        hrLumc,
      ),
    ).reassignRoundPlacement;
    dataOf(
      await t.gql(
        `mutation($id: ID!, $reason: String!) { erasePerson(userId: $id, reason: $reason) { subjectId } }`,
        { id: holder.user.id, reason: 'the person asked' },
        admin,
      ),
    );
    const stored = dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: run.id }, admin)).roundRun;
    expect(stored.overriddenPairs).toHaveLength(1);
    expect(stored.overriddenPairs[0]).toMatchObject({
      toCandidateId: waiting[0].user.id,
      reason: '(erased)',
    });
    expect(stored.overriddenPairs[0].fromCandidateId).not.toBe(holder.user.id);
  });

  it('is refused for everyone but HR of the round’s organisation and admins, and for bad input', async () => {
    const { roundId, opportunityId, holder, waiting, outsider } = await publishedRound();
    const vars = {
      r: roundId,
      o: opportunityId,
      from: holder.user.id,
      to: waiting[0].user.id,
      reason: 'because',
    };
    expect(errorOf(await t.gql(REASSIGN, vars, hrJanssen))).toMatchObject({ code: 'NOT_FOUND' });
    expect(errorOf(await t.gql(REASSIGN, vars, waiting[0].token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await t.gql(REASSIGN, vars, host.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await t.gql(REASSIGN, { ...vars, reason: '   ' }, hrLumc))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(errorOf(await t.gql(REASSIGN, { ...vars, to: outsider.user.id }, hrLumc))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_A_CHOICE',
    });
    expect(errorOf(await t.gql(REASSIGN, { ...vars, to: holder.user.id }, hrLumc))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'SAME_CANDIDATE',
    });
    expect(errorOf(await t.gql(REASSIGN, { ...vars, from: waiting[1].user.id }, hrLumc))).toMatchObject({
      code: 'CONFLICT',
      reason: 'PLACEMENT_NOT_OFFERED',
    });
    // Nothing changed.
    expect((await applicationOf(holder, opportunityId)).status).toBe('OFFERED');
    expect((await applicationOf(waiting[0], opportunityId)).status).toBe('SUBMITTED');
  });

  it('lets a candidate HR allowed to apply despite their stage be chosen by the round (the host did not rank)', async () => {
    const seat = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 1,
      eligibleStages: [CareerStage.MASTER_STUDENT],
    });
    const round = await aRound(t, hrLumc, { opportunityIds: [seat.id] });
    const bachelor = await aCandidate(t, { stage: CareerStage.BACHELOR_STUDENT });
    dataOf(
      await t.gql(
        `mutation($i: GrantEligibilityOverrideInput!) { grantEligibilityOverride(input: $i) { id } }`,
        { i: { opportunityId: seat.id, candidateId: bachelor.user.id, reason: 'bridging programme done' } },
        hrLumc,
      ),
    );
    dataOf(await t.gql(SUBMIT_CHOICES, { r: round.id, o: [seat.id] }, bachelor.token));
    await closeRankingOf(t, round.id);
    const queued = dataOf(await t.gql<{ runRound: { id: string } }>(RUN, { id: round.id }, hrLumc)).runRound;
    await t.app.get(RoundWorker).processPending();
    const run = dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: queued.id }, hrLumc)).roundRun;
    expect(run.assignment).toEqual([{ candidateId: bachelor.user.id, opportunityId: seat.id }]);
    expect((await applicationOf(bachelor, seat.id)).status).toBe('OFFERED');
  });

  it('answers addRoundOpportunities’ declared and use-case problems together', async () => {
    const seat = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const round = await aRound(t, hrLumc, { opportunityIds: [seat.id] });
    const janssenHost = await aSupervisor(t, 'JANSSEN');
    const foreign = await anOpportunityRow(t, {
      leadSupervisorId: janssenHost.user.id,
      hostOrg: 'JANSSEN',
      capacity: 1,
    });
    const res = await t.gql(
      `mutation($r: ID!, $o: [ID!]!) { addRoundOpportunities(roundId: $r, opportunityIds: $o) { id } }`,
      { r: round.id, o: [foreign.id, foreign.id] },
      hrLumc,
    );
    const error = errorOf(res);
    expect(error.code).toBe('BAD_USER_INPUT');
    const messages = (res.errors![0].extensions.fields as { field: string; message: string }[]).map(
      (f) => f.message,
    );
    // The duplicate (a declared constraint) and the opportunity outside the organisation (the use case).
    expect(messages).toHaveLength(2);
    expect(messages.some((m) => /not open opportunities of your organisation/.test(m))).toBe(true);
  });

  it('is refused before publication', async () => {
    const seat = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const round = await aRound(t, hrLumc, { opportunityIds: [seat.id] });
    const [a, b] = [await aCandidate(t), await aCandidate(t)];
    const res = await t.gql(
      REASSIGN,
      { r: round.id, o: seat.id, from: a.user.id, to: b.user.id, reason: 'too early' },
      hrLumc,
    );
    expect(errorOf(res)).toMatchObject({ code: 'CONFLICT', reason: 'ROUND_NOT_PUBLISHED' });
  });
});
