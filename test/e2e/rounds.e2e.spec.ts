import { createHash } from 'node:crypto';
import { ApplicationStatus, CareerStage } from '../../src/core/domain/enums';
import { candidateView, explainCandidate, RoundRunInput } from '../../src/core/rounds/round-allocation';
import { RoundLoader } from '../../src/rounds/round-loader';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, anApplication, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, closeRankingOf, RUN_FIELDS } from '../factories/rounds.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const SUBMIT_CHOICES = `mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank opportunityId opportunity { id title } } }`;
const RUN = `mutation($id: ID!, $dry: Boolean!, $seed: Int) { runRound(id: $id, dryRun: $dry, seed: $seed) { ${RUN_FIELDS} } }`;
const RUN_BY_ID = `query($id: ID!) { roundRun(id: $id) { ${RUN_FIELDS} } }`;
const RUNS = `query($r: ID!) { roundRuns(roundId: $r, first: 4) { id kind scope status stable assignment { candidateId opportunityId preAssigned } } }`;
const ROUND = `query($id: ID!) { round(id: $id) { id name status publishedAt organisation { code } opportunities { id } } }`;
const MY_APPLICATIONS = `query { myApplications(first: 20) { id opportunityId status responseDeadline } }`;
const HISTORY = `query($id: ID!) { application(id: $id) { history { to reason } } }`;
const FOR_OPPORTUNITY = `query($o: ID!) { applicationsForOpportunity(opportunityId: $o, first: 50) { id status } }`;
const RANK = `mutation($o: ID!, $ids: [ID!]!) { rankApplicants(opportunityId: $o, applicationIds: $ids) { rank } }`;
const ACCEPT = `mutation($id: ID!) { acceptOffer(id: $id) { id status } }`;
const DECLINE = `mutation($id: ID!) { declineOffer(id: $id) { id status } }`;
const OUTCOME = `query($r: ID!) { myRoundOutcome(roundId: $r) { roundId opportunityId choiceRank preAssigned runId rankedAbove { opportunityId rank reason } } }`;
const OUTCOME_WITH_REASON = `query($r: ID!) { myRoundOutcome(roundId: $r) { opportunityId choiceRank preAssigned reason runId rankedAbove { opportunityId rank reason } } }`;
const PRE_ASSIGN = `mutation($r: ID!, $c: ID!, $o: ID!, $reason: String!) { preAssign(roundId: $r, candidateId: $c, opportunityId: $o, reason: $reason) { id kind reason candidateId opportunityId createdBy createdAt } }`;
const EXCLUDE = `mutation($r: ID!, $c: ID!, $o: ID!, $reason: String!) { excludePair(roundId: $r, candidateId: $c, opportunityId: $o, reason: $reason) { id kind reason } }`;
const OVERRIDES = `query($r: ID!) { roundOverrides(roundId: $r) { kind reason candidateId opportunityId createdBy } }`;
const NOTIFICATIONS = `query { notifications(first: 50) { type message } }`;
const OUTCOME_NOTES = `query { notifications(first: 50) { type message applicationId opportunityId params { round title responseDeadline closed } } }`;

interface OutcomeNote {
  type: string;
  message: string;
  applicationId: string | null;
  opportunityId: string | null;
  params: {
    round: string | null;
    title: string | null;
    responseDeadline: string | null;
    closed: string[] | null;
  };
}
const OPEN_ROUNDS = `query { openRounds { id name } }`;

interface Run {
  id: string;
  kind: string;
  scope: string;
  status: string;
  algorithm: string | null;
  algorithmVersion: string | null;
  seed: number;
  inputHash: string | null;
  stable: boolean | null;
  error: string | null;
  assignment: { candidateId: string; opportunityId: string | null; preAssigned: boolean }[] | null;
  violations: { kind: string }[] | null;
  stats: {
    candidates: number;
    candidatesMatched: number;
    preAssigned: number;
    seatsOffered: number;
    seatsFilled: number;
    unmatchedCandidateIds: string[];
    choiceRanks: { rank: number; count: number }[];
    flows: { fromOrganisationId: string; toOrganisationId: string; count: number }[];
  } | null;
}

interface Application {
  id: string;
  opportunityId: string;
  status: string;
  responseDeadline: string | null;
}

function errorOf(res: GqlResponse): { message: string; code: string; reason?: string } {
  expect(res.errors).toHaveLength(1);
  return {
    message: res.errors![0].message,
    ...(res.errors![0].extensions as { code: string; reason?: string }),
  };
}

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

describe('allocation rounds', () => {
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

  /** Queues a run, processes the queue deterministically, returns the finished run. */
  async function runToEnd(roundId: string, dryRun: boolean, seed?: number): Promise<Run> {
    const queued = dataOf(
      await t.gql<{ runRound: Run }>(RUN, { id: roundId, dry: dryRun, seed }, hrLumc),
    ).runRound;
    expect(queued.status).toBe('QUEUED');
    await t.app.get(RoundWorker).processPending();
    return dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: queued.id }, hrLumc)).roundRun;
  }

  async function applicationsOf(candidate: CreatedUser): Promise<Application[]> {
    return dataOf(await t.gql<{ myApplications: Application[] }>(MY_APPLICATIONS, {}, candidate.token))
      .myApplications;
  }

  async function applicationOf(candidate: CreatedUser, opportunityId: string): Promise<Application> {
    const found = (await applicationsOf(candidate)).find((a) => a.opportunityId === opportunityId);
    if (!found) throw new Error(`no application of ${candidate.user.id} for ${opportunityId}`);
    return found;
  }

  async function choose(candidate: CreatedUser, roundId: string, opportunityIds: string[]): Promise<void> {
    dataOf(await t.gql(SUBMIT_CHOICES, { r: roundId, o: opportunityIds }, candidate.token));
  }

  function placements(run: Run): Record<string, string | null> {
    return Object.fromEntries((run.assignment ?? []).map((a) => [a.candidateId, a.opportunityId]));
  }

  it('runs a whole round: choices, rankings, dry run, publish, answers, follow-up; no seat oversubscribed', async () => {
    const a = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 1,
      title: 'Vaccine lab A',
    });
    const b = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 1,
      title: 'Trial design B',
    });
    const c = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 2,
      title: 'Bioinformatics C',
    });
    const round = await aRound(t, hrLumc, {
      name: 'Spring 2027',
      opportunityIds: [a.id, b.id, c.id],
      maxChoices: 3,
    });
    expect(round.status).toBe('OPEN');

    const c1 = await aCandidate(t, { organisation: 'LEIDEN_UNIV' });
    const c2 = await aCandidate(t, { organisation: 'LEIDEN_UNIV' });
    const c3 = await aCandidate(t, { organisation: 'JANSSEN' });
    const c4 = await aCandidate(t, { organisation: 'JANSSEN' });
    const c5 = await aCandidate(t, { organisation: 'LEIDEN_UNIV' });
    const open = dataOf(await t.gql<{ openRounds: { id: string }[] }>(OPEN_ROUNDS, {}, c1.token)).openRounds;
    expect(open.map((r) => r.id)).toContain(round.id);

    await choose(c1, round.id, [a.id, b.id, c.id]);
    await choose(c2, round.id, [a.id, c.id]);
    await choose(c3, round.id, [b.id, a.id]);
    await choose(c4, round.id, [a.id, b.id]);
    await choose(c5, round.id, [c.id]);
    // Each choice made a SUBMITTED application through the applications feature.
    expect((await applicationsOf(c1)).map((x) => x.status)).toEqual(['SUBMITTED', 'SUBMITTED', 'SUBMITTED']);

    // Hosts rank A and B; C keeps the default order (fit, ties broken by the run's seed).
    const appId = async (cand: CreatedUser, o: string) => (await applicationOf(cand, o)).id;
    dataOf(
      await t.gql(
        RANK,
        {
          o: a.id,
          ids: [await appId(c2, a.id), await appId(c1, a.id), await appId(c4, a.id), await appId(c3, a.id)],
        },
        host.token,
      ),
    );
    dataOf(
      await t.gql(
        RANK,
        { o: b.id, ids: [await appId(c4, b.id), await appId(c3, b.id), await appId(c1, b.id)] },
        host.token,
      ),
    );
    // HR keeps c3 away from A (it would not change the result: A prefers c2).
    dataOf(
      await t.gql(EXCLUDE, { r: round.id, c: c3.user.id, o: a.id, reason: 'Conflict of interest' }, hrLumc),
    );

    // Dry run: the proposal and its statistics; applications unchanged.
    const dry = await runToEnd(round.id, true, 42);
    expect(dry).toMatchObject({ kind: 'DRY_RUN', scope: 'INITIAL', status: 'DONE', stable: true, seed: 42 });
    expect(dry.algorithm).toBe('hr-resident-proposing');
    expect(dry.algorithmVersion).toBe('hr-resident-proposing@1');
    expect(dry.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(dry.violations).toEqual([]);
    expect(placements(dry)).toEqual({
      [c1.user.id]: c.id,
      [c2.user.id]: a.id,
      [c3.user.id]: null,
      [c4.user.id]: b.id,
      [c5.user.id]: c.id,
    });
    expect(dry.stats).toMatchObject({
      candidates: 5,
      candidatesMatched: 4,
      preAssigned: 0,
      seatsOffered: 4,
      seatsFilled: 4,
      unmatchedCandidateIds: [c3.user.id],
      choiceRanks: [
        { rank: 1, count: 2 },
        { rank: 2, count: 1 },
        { rank: 3, count: 1 },
      ],
    });
    const flowTotal = dry.stats!.flows.reduce((sum, f) => sum + f.count, 0);
    expect(flowTotal).toBe(4);
    expect(dry.stats!.flows.every((f) => f.toOrganisationId === a.hostOrganisationId)).toBe(true);
    for (const cand of [c1, c2, c3, c4, c5]) {
      expect((await applicationsOf(cand)).every((x) => x.status === 'SUBMITTED')).toBe(true);
    }

    // Reproducible: the same input and seed give the same result and input hash.
    const again = await runToEnd(round.id, true, 42);
    expect(again.inputHash).toBe(dry.inputHash);
    expect(again.assignment).toEqual(dry.assignment);
    // The stored input is what was hashed: anyone can re-solve it with the match CLI.
    const stored = dataOf(
      await t.gql<{ roundRun: { inputJson: string } }>(
        `query($id: ID!) { roundRun(id: $id) { inputJson } }`,
        { id: dry.id },
        hrLumc,
      ),
    ).roundRun.inputJson;
    expect(createHash('sha256').update(stored).digest('hex')).toBe(dry.inputHash);
    expect(JSON.parse(stored)).toMatchObject({ problem: 'HR', optimal: 'candidate', preAssigned: {} });

    // Publication waits for the ranking deadline.
    const early = await t.gql(RUN, { id: round.id, dry: false }, hrLumc);
    expect(errorOf(early)).toMatchObject({ code: 'CONFLICT', reason: 'RANKING_DEADLINE_NOT_PASSED' });
    await closeRankingOf(t, round.id);
    const late = await t.gql(SUBMIT_CHOICES, { r: round.id, o: [c.id] }, c3.token);
    expect(errorOf(late)).toMatchObject({ code: 'CONFLICT', reason: 'RANKING_DEADLINE_PASSED' });

    const published = await runToEnd(round.id, false, 42);
    expect(published).toMatchObject({ kind: 'PUBLISH', status: 'DONE', stable: true });
    expect(placements(published)).toEqual(placements(dry));
    const roundNow = dataOf(
      await t.gql<{
        round: { status: string; organisation: { code: string }; opportunities: { id: string }[] };
      }>(ROUND, { id: round.id }, hrLumc),
    ).round;
    expect(roundNow.status).toBe('PUBLISHED');
    expect(roundNow.organisation.code).toBe('LUMC');
    expect(roundNow.opportunities.map((o) => o.id).sort()).toEqual([a.id, b.id, c.id].sort());

    const offerOf = async (cand: CreatedUser, o: string) => {
      const x = await applicationOf(cand, o);
      expect(x.status).toBe('OFFERED');
      const hours = (new Date(x.responseDeadline!).getTime() - Date.now()) / 3600_000;
      expect(hours).toBeGreaterThan(47);
      expect(hours).toBeLessThanOrEqual(48);
      return x;
    };
    const offerC2 = await offerOf(c2, a.id);
    const offerC4 = await offerOf(c4, b.id);
    const offerC1 = await offerOf(c1, c.id);
    const offerC5 = await offerOf(c5, c.id);
    const c1Other = await applicationOf(c1, a.id);
    expect(c1Other.status).toBe('REJECTED');
    const history = dataOf(
      await t.gql<{ application: { history: { to: string; reason: string | null }[] } }>(
        HISTORY,
        { id: c1Other.id },
        c1.token,
      ),
    ).application.history;
    expect(history.at(-1)).toEqual({ to: 'REJECTED', reason: 'not matched in round Spring 2027' });
    expect((await applicationOf(c4, a.id)).status).toBe('REJECTED');
    // The unmatched keep their applications live (the waiting list for a follow-up) and are told.
    expect((await applicationsOf(c3)).map((x) => x.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    const c3Notes = dataOf(
      await t.gql<{ notifications: { type: string }[] }>(NOTIFICATIONS, {}, c3.token),
    ).notifications;
    expect(c3Notes.map((n) => n.type)).toContain('ROUND_NOT_MATCHED');
    // Each placed candidate gets one notification for the whole outcome: the offer and the choices
    // that closed (none per application).
    const outcomeOf = async (cand: CreatedUser) =>
      dataOf(
        await t.gql<{ notifications: OutcomeNote[] }>(OUTCOME_NOTES, {}, cand.token),
      ).notifications.filter(
        (n) =>
          n.type.startsWith('ROUND_') ||
          n.type === 'APPLICATION_OFFERED' ||
          n.type === 'APPLICATION_REJECTED',
      );
    const c1Outcome = await outcomeOf(c1);
    expect(c1Outcome).toEqual([
      {
        type: 'ROUND_OUTCOME',
        message: `Round "Spring 2027": you have an offer for "Bioinformatics C". Please answer by ${offerC1.responseDeadline}. Your other choices closed: "Trial design B", "Vaccine lab A".`,
        applicationId: offerC1.id,
        opportunityId: c.id,
        params: {
          round: 'Spring 2027',
          title: 'Bioinformatics C',
          responseDeadline: offerC1.responseDeadline,
          closed: ['Trial design B', 'Vaccine lab A'],
        },
      },
    ]);
    const c2Outcome = await outcomeOf(c2);
    expect(c2Outcome).toHaveLength(1);
    expect(c2Outcome[0]).toMatchObject({
      type: 'ROUND_OUTCOME',
      applicationId: offerC2.id,
      params: { title: 'Vaccine lab A', closed: ['Bioinformatics C'] },
    });
    const c5Outcome = await outcomeOf(c5);
    expect(c5Outcome).toHaveLength(1);
    expect(c5Outcome[0].params).toMatchObject({ title: 'Bioinformatics C', closed: null });
    expect(c5Outcome[0].message).not.toContain('closed');
    // c3, not matched, hears that once too (and no outcome: nothing of theirs moved).
    expect(await outcomeOf(c3)).toEqual([
      {
        type: 'ROUND_NOT_MATCHED',
        message:
          'You were not matched in round "Spring 2027". Your remaining choices stay on the waiting list for a follow-up.',
        applicationId: null,
        opportunityId: null,
        params: { round: 'Spring 2027', title: null, responseDeadline: null, closed: null },
      },
    ]);
    // Every moved application has its history row with the actor (the system) and reason.
    for (const moved of [offerC1, offerC2, offerC4, offerC5, c1Other]) {
      const rows = dataOf(
        await t.gql<{ application: { history: { to: string; reason: string | null }[] } }>(
          HISTORY,
          { id: moved.id },
          hrLumc,
        ),
      ).application.history;
      expect(rows.at(-1)).toEqual(
        moved.status === 'OFFERED'
          ? { to: 'OFFERED', reason: null }
          : { to: 'REJECTED', reason: 'not matched in round Spring 2027' },
      );
    }
    const hostNotes = dataOf(
      await t.gql<{ notifications: { type: string; message: string }[] }>(NOTIFICATIONS, {}, host.token),
    ).notifications.filter((n) => n.type === 'ROUND_OFFERS_SENT');
    expect(hostNotes.map((n) => n.message).sort()).toEqual([
      'Round "Spring 2027": 1 offer(s) went out for "Trial design B".',
      'Round "Spring 2027": 1 offer(s) went out for "Vaccine lab A".',
      'Round "Spring 2027": 2 offer(s) went out for "Bioinformatics C".',
    ]);

    // Why: c1 got their 3rd choice; c3 got nothing.
    const whyC1 = dataOf(
      await t.gql<{ myRoundOutcome: unknown }>(OUTCOME, { r: round.id }, c1.token),
    ).myRoundOutcome;
    expect(whyC1).toEqual({
      roundId: round.id,
      opportunityId: c.id,
      choiceRank: 3,
      preAssigned: false,
      runId: published.id,
      rankedAbove: [
        { opportunityId: a.id, rank: 1, reason: 'FULL_WITH_HIGHER_RANKED' },
        { opportunityId: b.id, rank: 2, reason: 'FULL_WITH_HIGHER_RANKED' },
      ],
    });
    const whyC3 = dataOf(
      await t.gql<{ myRoundOutcome: unknown }>(OUTCOME, { r: round.id }, c3.token),
    ).myRoundOutcome;
    expect(whyC3).toMatchObject({
      opportunityId: null,
      choiceRank: null,
      rankedAbove: [
        { opportunityId: b.id, rank: 1, reason: 'FULL_WITH_HIGHER_RANKED' },
        { opportunityId: a.id, rank: 2, reason: 'NOT_RANKED_OR_NOT_ELIGIBLE' },
      ],
    });

    // Answers through the applications feature.
    expect(
      dataOf(await t.gql<{ acceptOffer: { status: string } }>(ACCEPT, { id: offerC2.id }, c2.token))
        .acceptOffer.status,
    ).toBe('ACCEPTED');
    expect(
      dataOf(await t.gql<{ acceptOffer: { status: string } }>(ACCEPT, { id: offerC5.id }, c5.token))
        .acceptOffer.status,
    ).toBe('ACCEPTED');
    expect(
      dataOf(await t.gql<{ declineOffer: { status: string } }>(DECLINE, { id: offerC4.id }, c4.token))
        .declineOffer.status,
    ).toBe('DECLINED');
    expect(
      dataOf(await t.gql<{ declineOffer: { status: string } }>(DECLINE, { id: offerC1.id }, c1.token))
        .declineOffer.status,
    ).toBe('DECLINED');

    // Follow-up: the freed seat of B goes to c3 (still waiting); C's freed seat has no taker.
    const followUp = await runToEnd(round.id, false, 7);
    expect(followUp).toMatchObject({ kind: 'FOLLOW_UP', scope: 'FOLLOW_UP', status: 'DONE', stable: true });
    expect(placements(followUp)).toEqual({ [c3.user.id]: b.id });
    expect(followUp.stats).toMatchObject({ candidates: 1, candidatesMatched: 1, seatsOffered: 2 });
    const offerC3 = await offerOf(c3, b.id);
    dataOf(await t.gql(ACCEPT, { id: offerC3.id }, c3.token));
    const whyC3After = dataOf(
      await t.gql<{ myRoundOutcome: unknown }>(OUTCOME, { r: round.id }, c3.token),
    ).myRoundOutcome;
    expect(whyC3After).toMatchObject({
      opportunityId: b.id,
      choiceRank: 1,
      runId: followUp.id,
      rankedAbove: [],
    });

    // End state: no seat oversubscribed; every accepted candidate holds exactly one seat of the round.
    const seats = await t.dataSource.query<{ id: string; capacity: number; seats_taken: number }[]>(
      'SELECT id, capacity, seats_taken FROM opportunities WHERE id = ANY($1)',
      [[a.id, b.id, c.id]],
    );
    for (const s of seats) expect(s.seats_taken).toBeLessThanOrEqual(s.capacity);
    expect(Object.fromEntries(seats.map((s) => [s.id, s.seats_taken]))).toEqual({
      [a.id]: 1,
      [b.id]: 1,
      [c.id]: 1,
    });
    const roundOpportunities = new Set([a.id, b.id, c.id]);
    for (const cand of [c1, c2, c3, c4, c5]) {
      const accepted = (await applicationsOf(cand)).filter(
        (x) => x.status === 'ACCEPTED' && roundOpportunities.has(x.opportunityId),
      );
      expect(accepted.length).toBe([c2, c3, c5].includes(cand) ? 1 : 0);
    }
    for (const o of [a, b, c]) {
      const live = dataOf(
        await t.gql<{ applicationsForOpportunity: { status: string }[] }>(
          FOR_OPPORTUNITY,
          { o: o.id },
          hrLumc,
        ),
      ).applicationsForOpportunity.filter((x) => ['OFFERED', 'ACCEPTED'].includes(x.status));
      expect(live.length).toBeLessThanOrEqual(o.capacity);
    }
    const runs = dataOf(await t.gql<{ roundRuns: Run[] }>(RUNS, { r: round.id }, hrLumc)).roundRuns;
    expect(runs.map((r) => r.kind)).toEqual(['FOLLOW_UP', 'PUBLISH', 'DRY_RUN', 'DRY_RUN']);
    expect(runs.every((r) => r.status === 'DONE' && r.stable === true)).toBe(true);
    // Lists load the (large) input and assignment only when asked for, batched.
    expect(runs[1].assignment).toEqual(published.assignment);

    // The outcome read in SQL from the stored run agrees with the pure explanation over the whole input.
    const publishedInput = JSON.parse(
      dataOf(
        await t.gql<{ roundRun: { inputJson: string } }>(
          `query($id: ID!) { roundRun(id: $id) { inputJson } }`,
          { id: published.id },
          hrLumc,
        ),
      ).roundRun.inputJson,
    ) as RoundRunInput;
    for (const cand of [c1, c2, c4, c5]) {
      const outcome = dataOf(
        await t.gql<{ myRoundOutcome: { opportunityId: string | null; rankedAbove: unknown[] } }>(
          OUTCOME,
          { r: round.id },
          cand.token,
        ),
      ).myRoundOutcome;
      const expected = explainCandidate(candidateView(publishedInput, placements(published), cand.user.id));
      expect(outcome.opportunityId).toBe(expected.opportunityId);
      expect(outcome.rankedAbove).toEqual(expected.above);
    }
  }, 120_000);

  it('lets only HR of the organisation run a round: a candidate is refused, HR of another organisation gets NOT_FOUND', async () => {
    const o = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const round = await aRound(t, hrLumc, { opportunityIds: [o.id] });
    const candidate = await aCandidate(t);

    expect(errorOf(await t.gql(RUN, { id: round.id, dry: true }, candidate.token)).code).toBe('FORBIDDEN');
    const foreignRun = errorOf(await t.gql(RUN, { id: round.id, dry: true }, hrJanssen));
    const missing = errorOf(
      await t.gql(RUN, { id: '00000000-0000-4000-8000-000000000000', dry: true }, hrJanssen),
    );
    expect(foreignRun).toMatchObject({ code: 'NOT_FOUND' });
    expect(foreignRun.message).toBe(missing.message);
    expect(errorOf(await t.gql(ROUND, { id: round.id }, hrJanssen)).code).toBe('NOT_FOUND');

    const run = dataOf(await t.gql<{ runRound: Run }>(RUN, { id: round.id, dry: true }, hrLumc)).runRound;
    await t.app.get(RoundWorker).processPending();
    expect(errorOf(await t.gql(RUN_BY_ID, { id: run.id }, hrJanssen)).code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql(RUN_BY_ID, { id: run.id }, candidate.token)).code).toBe('FORBIDDEN');
    expect(
      dataOf(
        await t.gql<{ roundRun: Run }>(
          RUN_BY_ID,
          { id: run.id },
          await t.login('admin@talent-exchange.test'),
        ),
      ).roundRun.status,
    ).toBe('DONE');
  });

  it('creates rounds only over open opportunities of the HR organisation, each in one round', async () => {
    const lumc = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const res = await t.gql(
      `mutation($input: CreateRoundInput!) { createRound(input: $input) { id } }`,
      {
        input: {
          name: 'Not ours',
          opportunityIds: [lumc.id],
          rankingDeadline: new Date(Date.now() + 3600_000).toISOString(),
          maxChoices: 2,
          responseWindowHours: 24,
          algorithm: 'SEATS_DA',
        },
      },
      hrJanssen,
    );
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OPPORTUNITY_NOT_IN_SCOPE' });

    const tooLate = await t.gql(
      `mutation($input: CreateRoundInput!) { createRound(input: $input) { id } }`,
      {
        input: {
          name: 'Too late',
          opportunityIds: [lumc.id],
          rankingDeadline: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
          maxChoices: 2,
          responseWindowHours: 24,
          algorithm: 'SEATS_DA',
        },
      },
      hrLumc,
    );
    expect(errorOf(tooLate)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'RANKING_DEADLINE_AFTER_APPLICATION_DEADLINE',
    });

    const growing = await aRound(t, hrLumc, { opportunityIds: [lumc.id] });
    const more = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const janssen = await anOpportunityRow(t, { leadSupervisorId: host.user.id, hostOrg: 'JANSSEN' });
    const ADD = `mutation($r: ID!, $o: [ID!]!) { addRoundOpportunities(roundId: $r, opportunityIds: $o) { opportunities { id } } }`;
    const added = dataOf(
      await t.gql<{ addRoundOpportunities: { opportunities: { id: string }[] } }>(
        ADD,
        { r: growing.id, o: [more.id] },
        hrLumc,
      ),
    ).addRoundOpportunities;
    expect(added.opportunities.map((o) => o.id).sort()).toEqual([lumc.id, more.id].sort());
    expect(errorOf(await t.gql(ADD, { r: growing.id, o: [janssen.id] }, hrLumc))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'OPPORTUNITY_NOT_IN_SCOPE',
    });
    const twice = await t.gql(
      `mutation($input: CreateRoundInput!) { createRound(input: $input) { id } }`,
      {
        input: {
          name: 'Again',
          opportunityIds: [lumc.id],
          rankingDeadline: new Date(Date.now() + 3600_000).toISOString(),
          maxChoices: 2,
          responseWindowHours: 24,
          algorithm: 'SEATS_DA',
        },
      },
      hrLumc,
    );
    expect(errorOf(twice)).toMatchObject({ code: 'CONFLICT', reason: 'OPPORTUNITY_IN_ANOTHER_ROUND' });
  });

  it('refuses choices beyond maxChoices and outside the round, with nothing stored', async () => {
    const x = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const y = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const outside = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const round = await aRound(t, hrLumc, { opportunityIds: [x.id, y.id], maxChoices: 1 });
    const candidate = await aCandidate(t);
    const tooMany = await t.gql(SUBMIT_CHOICES, { r: round.id, o: [x.id, y.id] }, candidate.token);
    expect(errorOf(tooMany)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_CHOICES' });
    const foreign = await t.gql(SUBMIT_CHOICES, { r: round.id, o: [outside.id] }, candidate.token);
    expect(errorOf(foreign)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_IN_ROUND' });
    expect(await applicationsOf(candidate)).toEqual([]);
  });

  it('stores a choice list all or nothing: an ineligible choice leaves no application and no choice behind', async () => {
    const open = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const postdocsOnly = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      eligibleStages: [CareerStage.POSTDOC],
    });
    const round = await aRound(t, hrLumc, { opportunityIds: [open.id, postdocsOnly.id], maxChoices: 2 });
    const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const res = await t.gql(SUBMIT_CHOICES, { r: round.id, o: [open.id, postdocsOnly.id] }, candidate.token);
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STAGE_NOT_ELIGIBLE' });
    expect(await applicationsOf(candidate)).toEqual([]);
    const mine = await t.gql<{ myRoundChoices: unknown[] }>(
      'query($r: ID!) { myRoundChoices(roundId: $r) { rank } }',
      { r: round.id },
      candidate.token,
    );
    expect(dataOf(mine).myRoundChoices).toEqual([]);
  });

  it('pre-assigns and excludes with a recorded reason; a blank or missing reason is refused', async () => {
    const x = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const y = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const round = await aRound(t, hrLumc, { opportunityIds: [x.id, y.id] });
    const p = await aCandidate(t);
    const q = await aCandidate(t);
    await choose(p, round.id, [x.id, y.id]);
    await choose(q, round.id, [x.id, y.id]);

    const blank = await t.gql(PRE_ASSIGN, { r: round.id, c: p.user.id, o: y.id, reason: '   ' }, hrLumc);
    expect(errorOf(blank).code).toBe('BAD_USER_INPUT');
    const missing = await t.gql(
      `mutation($r: ID!, $c: ID!, $o: ID!) { preAssign(roundId: $r, candidateId: $c, opportunityId: $o) { id } }`,
      { r: round.id, c: p.user.id, o: y.id },
      hrLumc,
    );
    expect(missing.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const foreign = await t.gql(
      PRE_ASSIGN,
      { r: round.id, c: p.user.id, o: y.id, reason: 'Mine' },
      hrJanssen,
    );
    expect(errorOf(foreign).code).toBe('NOT_FOUND');

    const pre = dataOf(
      await t.gql<{ preAssign: { kind: string; reason: string; createdBy: string } }>(
        PRE_ASSIGN,
        { r: round.id, c: p.user.id, o: y.id, reason: ' Needs the lab for her thesis ' },
        hrLumc,
      ),
    ).preAssign;
    expect(pre).toMatchObject({ kind: 'PRE_ASSIGN', reason: 'Needs the lab for her thesis' });
    const full = await t.gql(PRE_ASSIGN, { r: round.id, c: q.user.id, o: y.id, reason: 'Also' }, hrLumc);
    expect(errorOf(full)).toMatchObject({ code: 'CONFLICT', reason: 'NO_SEATS_LEFT' });
    dataOf(
      await t.gql(
        EXCLUDE,
        { r: round.id, c: q.user.id, o: x.id, reason: 'Supervisor is a relative' },
        hrLumc,
      ),
    );

    const overrides = dataOf(
      await t.gql<{ roundOverrides: unknown[] }>(OVERRIDES, { r: round.id }, hrLumc),
    ).roundOverrides;
    expect(overrides).toHaveLength(2);
    expect(overrides[1]).toMatchObject({
      kind: 'EXCLUDE',
      candidateId: q.user.id,
      opportunityId: x.id,
      reason: 'Supervisor is a relative',
    });

    // p sits on y before solving (y is then full); q may not have x: nobody left for q.
    const dry = await runToEnd(round.id, true, 1);
    expect(dry.stable).toBe(true);
    expect(dry.assignment).toEqual(
      expect.arrayContaining([
        { candidateId: p.user.id, opportunityId: y.id, preAssigned: true },
        { candidateId: q.user.id, opportunityId: null, preAssigned: false },
      ]),
    );
    expect(dry.stats).toMatchObject({
      candidates: 2,
      candidatesMatched: 1,
      preAssigned: 1,
      unmatchedCandidateIds: [q.user.id],
    });

    // The same assignment a page at a time, in the same order.
    const PAGE = `query($id: ID!, $after: String) { roundRun(id: $id) { assignmentConnection(first: 1, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { candidateId opportunityId preAssigned } } } } }`;
    type Page = {
      roundRun: {
        assignmentConnection: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: unknown }[];
        };
      };
    };
    const paged: unknown[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages += 1) {
      const page: Page = dataOf(await t.gql<Page>(PAGE, { id: dry.id, after }, hrLumc));
      const connection = page.roundRun.assignmentConnection;
      expect(connection.totalCount).toBe(2);
      paged.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(paged).toEqual(dry.assignment);
    expect(paged).toHaveLength(2);
  });
  it("tells a pre-assigned candidate HR's reason; after a decline and a follow-up the outcome is the follow-up's", async () => {
    const a = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const b = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const round = await aRound(t, hrLumc, { opportunityIds: [a.id, b.id] });
    const x = await aCandidate(t);
    const y = await aCandidate(t);
    await choose(x, round.id, [a.id, b.id]);
    await choose(y, round.id, [b.id]);
    dataOf(
      await t.gql(
        PRE_ASSIGN,
        { r: round.id, c: x.user.id, o: a.id, reason: 'Continues her thesis in this lab' },
        hrLumc,
      ),
    );
    await closeRankingOf(t, round.id);
    const published = await runToEnd(round.id, false, 3);
    expect(published).toMatchObject({ kind: 'PUBLISH', status: 'DONE', stable: true });

    const before = dataOf(
      await t.gql<{ myRoundOutcome: Record<string, unknown> }>(OUTCOME_WITH_REASON, { r: round.id }, x.token),
    ).myRoundOutcome;
    expect(before).toEqual({
      opportunityId: a.id,
      choiceRank: 1,
      preAssigned: true,
      reason: 'Continues her thesis in this lab',
      runId: published.id,
      rankedAbove: [],
    });
    // Someone the solver placed hears no reason.
    const yOutcome = dataOf(
      await t.gql<{ myRoundOutcome: Record<string, unknown> }>(OUTCOME_WITH_REASON, { r: round.id }, y.token),
    ).myRoundOutcome;
    expect(yOutcome).toMatchObject({ opportunityId: b.id, preAssigned: false, reason: null });

    // x declines, applies to b again (y holds b's offer) and takes part in the follow-up: b is full.
    const offer = await applicationOf(x, a.id);
    dataOf(await t.gql(DECLINE, { id: offer.id }, x.token));
    dataOf(
      await t.gql(
        `mutation($o: ID!) { submitApplication(input: { opportunityId: $o, motivation: "Still keen" }) { id } }`,
        { o: b.id },
        x.token,
      ),
    );
    const followUp = await runToEnd(round.id, false, 4);
    expect(followUp).toMatchObject({ kind: 'FOLLOW_UP', status: 'DONE' });
    expect(placements(followUp)).toEqual({ [x.user.id]: null });

    const after = dataOf(
      await t.gql<{ myRoundOutcome: Record<string, unknown> }>(OUTCOME_WITH_REASON, { r: round.id }, x.token),
    ).myRoundOutcome;
    expect(after).toEqual({
      opportunityId: null,
      choiceRank: null,
      preAssigned: false,
      reason: null,
      runId: followUp.id,
      rankedAbove: [{ opportunityId: b.id, rank: 1, reason: 'NO_SEATS_LEFT' }],
    });
  });

  it('caps live applications per call: five outside rounds leave room for a round, and the cap holds in each', async () => {
    const candidate = await aCandidate(t);
    const outside = await Promise.all(
      Array.from({ length: 6 }, () => anOpportunityRow(t, { leadSupervisorId: host.user.id })),
    );
    for (const o of outside.slice(0, 5)) {
      await anApplication(t, {
        opportunityId: o.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.SUBMITTED,
      });
    }
    const inRound = await Promise.all(
      Array.from({ length: 6 }, () => anOpportunityRow(t, { leadSupervisorId: host.user.id })),
    );
    const big = await aRound(t, hrLumc, { opportunityIds: inRound.map((o) => o.id), maxChoices: 6 });
    // Another call: the five live applications outside rounds do not count.
    await choose(
      candidate,
      big.id,
      inRound.slice(0, 5).map((o) => o.id),
    );
    expect((await applicationsOf(candidate)).length).toBe(10);
    // Within the round the cap holds: a sixth choice is refused and nothing is stored.
    const sixth = await t.gql(SUBMIT_CHOICES, { r: big.id, o: inRound.map((o) => o.id) }, candidate.token);
    expect(errorOf(sixth)).toMatchObject({ code: 'CONFLICT', reason: 'LIVE_APPLICATION_LIMIT' });
    // And so it does outside rounds.
    const apply = await t.gql(
      `mutation($o: ID!) { submitApplication(input: { opportunityId: $o, motivation: "One more" }) { id } }`,
      { o: outside[5].id },
      candidate.token,
    );
    expect(errorOf(apply)).toMatchObject({ code: 'CONFLICT', reason: 'LIVE_APPLICATION_LIMIT' });
    expect((await applicationsOf(candidate)).length).toBe(10);
  });

  it('closes a round: the applications still waiting are rejected and no further run is accepted', async () => {
    const x = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const round = await aRound(t, hrLumc, { name: 'Closing round', opportunityIds: [x.id] });
    const first = await aCandidate(t);
    const second = await aCandidate(t);
    await choose(first, round.id, [x.id]);
    await choose(second, round.id, [x.id]);
    dataOf(
      await t.gql(
        RANK,
        { o: x.id, ids: [(await applicationOf(first, x.id)).id, (await applicationOf(second, x.id)).id] },
        host.token,
      ),
    );
    await closeRankingOf(t, round.id);
    const published = await runToEnd(round.id, false);
    expect(placements(published)).toEqual({ [first.user.id]: x.id, [second.user.id]: null });
    expect((await applicationOf(second, x.id)).status).toBe('SUBMITTED');

    const closed = dataOf(
      await t.gql<{ closeRound: { status: string } }>(
        `mutation($id: ID!) { closeRound(id: $id) { status } }`,
        { id: round.id },
        hrLumc,
      ),
    ).closeRound;
    expect(closed.status).toBe('CLOSED');
    const waiting = await applicationOf(second, x.id);
    expect(waiting.status).toBe('REJECTED');
    const history = dataOf(
      await t.gql<{ application: { history: { to: string; reason: string | null }[] } }>(
        HISTORY,
        { id: waiting.id },
        second.token,
      ),
    ).application.history;
    expect(history.at(-1)).toEqual({ to: 'REJECTED', reason: 'not matched in round Closing round' });
    // Closing tells the candidate once, naming the choices that closed.
    const told = dataOf(
      await t.gql<{ notifications: OutcomeNote[] }>(OUTCOME_NOTES, {}, second.token),
    ).notifications.filter((n) => n.type === 'ROUND_OUTCOME' || n.type === 'APPLICATION_REJECTED');
    expect(told).toEqual([
      {
        type: 'ROUND_OUTCOME',
        message: `Round "Closing round": your remaining choices closed without an offer: "${x.title}".`,
        applicationId: null,
        opportunityId: null,
        params: { round: 'Closing round', title: null, responseDeadline: null, closed: [x.title] },
      },
    ]);
    expect((await applicationOf(first, x.id)).status).toBe('OFFERED');
    expect(errorOf(await t.gql(RUN, { id: round.id, dry: true }, hrLumc))).toMatchObject({
      code: 'CONFLICT',
      reason: 'ROUND_CLOSED',
    });
  }, 60_000);

  it('refuses a publication when an application moved after the run read it: nothing changes, nobody is told', async () => {
    const x = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 1,
      title: 'Raced lab X',
    });
    const y = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 1,
      title: 'Raced lab Y',
    });
    const round = await aRound(t, hrLumc, { name: 'Raced round', opportunityIds: [x.id, y.id] });
    const candidate = await aCandidate(t);
    await choose(candidate, round.id, [x.id, y.id]);
    await closeRankingOf(t, round.id);
    const other = await applicationOf(candidate, x.id);
    // The first choice, which the run offers, moves after the run read the round (as a host's step
    // committed meanwhile would; here inside the run's transaction, so that it cannot wait on the
    // run's locks). An offer moves its row only from the status it was read in; a closed choice
    // moves no row, and no step can change it meanwhile (application-closures-locks.e2e.spec.ts).
    const loader = t.app.get(RoundLoader);
    const load = loader.load.bind(loader);
    const spy = jest.spyOn(loader, 'load').mockImplementation(async (...args) => {
      const loaded = await load(...args);
      await args[3].query(`UPDATE applications SET status = 'SHORTLISTED' WHERE id = $1`, [other.id]);
      return loaded;
    });
    let runId: string;
    try {
      const run = await runToEnd(round.id, false);
      expect(run).toMatchObject({ kind: 'PUBLISH', status: 'FAILED' });
      expect(run.error).toContain('applications changed while the run was applied');
      runId = run.id;
    } finally {
      spy.mockRestore();
    }
    // The run's transaction rolled back as a whole: no offer, no rejection, no history, no notice.
    expect((await applicationsOf(candidate)).map((a) => a.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    const history = dataOf(
      await t.gql<{ application: { history: { to: string }[] } }>(
        HISTORY,
        { id: (await applicationOf(candidate, x.id)).id },
        candidate.token,
      ),
    ).application.history;
    expect(history.map((h) => h.to)).toEqual(['SUBMITTED']);
    const notes = dataOf(
      await t.gql<{ notifications: { type: string }[] }>(NOTIFICATIONS, {}, candidate.token),
    );
    expect(notes.notifications).toEqual([]);
    // Nor is anything left to tell: no notices queued for them, no status events held for the run
    // (written beside while the changes were made, dropped with the failure).
    const [left]: { jobs: number; held: number }[] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM notification_jobs WHERE $1 = ANY (user_ids)) AS jobs,
              (SELECT count(*)::int FROM outbox_events WHERE held_by = $2) AS held`,
      [candidate.user.id, runId],
    );
    expect(left).toEqual({ jobs: 0, held: 0 });
  }, 60_000);

  it('holds off a new application on a round opportunity while a publication decides from what it read', async () => {
    const x = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1, title: 'Held lab X' });
    const z = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1, title: 'Held lab Z' });
    const round = await aRound(t, hrLumc, { name: 'Held round', opportunityIds: [x.id, z.id] });
    const candidate = await aCandidate(t);
    await choose(candidate, round.id, [x.id]);
    await closeRankingOf(t, round.id);
    // An application the run did not read (made after its load) would be neither offered nor
    // rejected: it cannot be made, as the round's opportunities are locked (FOR UPDATE, which its
    // foreign key's check waits on) until the run commits.
    const apply = async (): Promise<unknown> =>
      t.dataSource.transaction(async (em) => {
        await em.query(`SET LOCAL lock_timeout = '300ms'`);
        return em.query(
          `INSERT INTO applications (opportunity_id, candidate_id, status) VALUES ($1, $2, 'SUBMITTED')`,
          [z.id, candidate.user.id],
        );
      });
    const loader = t.app.get(RoundLoader);
    const load = loader.load.bind(loader);
    let heldOff: unknown = null;
    const spy = jest.spyOn(loader, 'load').mockImplementation(async (...args) => {
      const loaded = await load(...args);
      heldOff = await apply().then(
        () => null,
        (err: unknown) => err,
      );
      return loaded;
    });
    try {
      const run = await runToEnd(round.id, false);
      expect(run).toMatchObject({ kind: 'PUBLISH', status: 'DONE' });
    } finally {
      spy.mockRestore();
    }
    expect(heldOff).toMatchObject({ code: '55P03' });
    expect((await applicationsOf(candidate)).map((a) => [a.opportunityId, a.status])).toEqual([
      [x.id, 'OFFERED'],
    ]);
    // Once the run committed, the application can be made.
    await apply();
  }, 60_000);
});
