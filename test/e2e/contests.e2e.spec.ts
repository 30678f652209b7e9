import { ApplicationStatus, CareerStage, OpportunityStatus, UserRole } from '../../src/core/domain/enums';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, anApplication, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, closeRankingOf } from '../factories/rounds.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const CONTEST_FIELDS = `id person { id displayName } kind subjectId organisationId reason status filedAt
  computed { opportunityId fitScore eligible roundRunId roundResultOpportunityId choiceRank }
  decided { status by { id displayName } reason at }
  answer { outcome reason answeredAt by { id displayName } }`;
const FILE = `mutation($k: ContestKind!, $s: ID!, $r: String!) { fileContest(kind: $k, subjectId: $s, reason: $r) { ${CONTEST_FIELDS} } }`;
const ANSWER = `mutation($c: ID!, $o: ContestOutcome!, $r: String!) { answerContest(contestId: $c, outcome: $o, reason: $r) { ${CONTEST_FIELDS} } }`;
const MINE = `{ myContests { ${CONTEST_FIELDS} } }`;
const ONE = `query($id: ID!) { contest(id: $id) { id reason } }`;
const TO_ANSWER = `query($s: ContestStatus) { contestsToAnswer(status: $s, first: 200) { id person { id } reason } }`;
const NOTIFICATIONS = '{ notifications(first: 20) { type params { title reason round } } }';

interface Contest {
  id: string;
  person: { id: string; displayName: string };
  kind: string;
  subjectId: string;
  organisationId: string;
  reason: string;
  status: string;
  computed: Record<string, unknown>;
  decided: { status: string; by: { id: string; displayName: string } | null; reason: string | null } | null;
  answer: { outcome: string; reason: string; by: { id: string } | null } | null;
}

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

function errorOf(res: GqlResponse<unknown>): { code: string; reason?: string } {
  const e = res.errors?.[0];
  return { code: e?.extensions.code as string, reason: e?.extensions.reason as string | undefined };
}

describe('Contesting decisions', () => {
  let t: TestApp;
  let admin: string;
  let hrLumc: CreatedUser;
  let hrJanssen: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
    hrLumc = await aUser(t, { roles: [UserRole.HR], organisation: 'LUMC' });
    hrJanssen = await t.login('hr@janssen.test');
  });
  afterAll(() => t.close());

  /** A candidate whose application to an opportunity of LUMC the lead supervisor rejected with a reason. */
  async function aRejection(): Promise<{
    candidate: CreatedUser;
    supervisor: CreatedUser;
    applicationId: string;
    opportunityId: string;
  }> {
    const supervisor = await aSupervisor(t, 'LUMC');
    const opportunity = await anOpportunityRow(t, {
      leadSupervisorId: supervisor.user.id,
      title: 'Lipid lab internship',
    });
    const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const application = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: candidate.user.id,
      status: ApplicationStatus.SUBMITTED,
    });
    dataOf(
      await t.gql(
        'mutation($id: ID!, $r: String!) { rejectApplication(id: $id, reason: $r) { status } }',
        { id: application.id, r: 'Another applicant fits the lab better' },
        supervisor.token,
      ),
    );
    return { candidate, supervisor, applicationId: application.id, opportunityId: opportunity.id };
  }

  it('a candidate contests a rejection: the matching’s figures next to the person’s decision; HR of the host answers; both recorded and notified', async () => {
    const { candidate, supervisor, applicationId, opportunityId } = await aRejection();
    const filed = dataOf(
      await t.gql<{ fileContest: Contest }>(
        FILE,
        {
          k: 'APPLICATION_REJECTION',
          s: applicationId,
          r: '  My fit was high; the reason is not about me  ',
        },
        candidate.token,
      ),
    ).fileContest;
    expect(filed).toMatchObject({
      person: { id: candidate.user.id },
      kind: 'APPLICATION_REJECTION',
      subjectId: applicationId,
      reason: 'My fit was high; the reason is not about me',
      status: 'OPEN',
      computed: { opportunityId, fitScore: expect.any(Number), eligible: true, roundRunId: null },
      decided: {
        status: 'REJECTED',
        by: { id: supervisor.user.id, displayName: supervisor.user.displayName },
        reason: 'Another applicant fits the lab better',
      },
      answer: null,
    });

    // One open contest per decision.
    const again = await t.gql(
      FILE,
      { k: 'APPLICATION_REJECTION', s: applicationId, r: 'again' },
      candidate.token,
    );
    expect(errorOf(again)).toEqual({ code: 'CONFLICT', reason: 'CONTEST_ALREADY_OPEN' });

    // HR of the host organisation is told, and finds it among the contests to answer.
    const hrNotes = dataOf(
      await t.gql<{ notifications: { type: string; params: { title: string } }[] }>(
        NOTIFICATIONS,
        {},
        hrLumc.token,
      ),
    );
    expect(hrNotes.notifications).toContainEqual(
      expect.objectContaining({
        type: 'CONTEST_FILED',
        params: expect.objectContaining({ title: 'Lipid lab internship' }),
      }),
    );
    const open = dataOf(
      await t.gql<{ contestsToAnswer: { id: string }[] }>(TO_ANSWER, { s: 'OPEN' }, hrLumc.token),
    );
    expect(open.contestsToAnswer.map((c) => c.id)).toContain(filed.id);

    const answered = dataOf(
      await t.gql<{ answerContest: Contest }>(
        ANSWER,
        { c: filed.id, o: 'DISMISSED', r: 'The ranking was by the lab’s needs' },
        hrLumc.token,
      ),
    ).answerContest;
    expect(answered).toMatchObject({
      status: 'DISMISSED',
      answer: {
        outcome: 'DISMISSED',
        reason: 'The ranking was by the lab’s needs',
        by: { id: hrLumc.user.id },
      },
      // The decision itself is untouched: decisions stay with people.
      decided: { status: 'REJECTED' },
    });
    const twice = await t.gql(ANSWER, { c: filed.id, o: 'UPHELD', r: 'x' }, admin);
    expect(errorOf(twice)).toEqual({ code: 'CONFLICT', reason: 'CONTEST_ALREADY_ANSWERED' });

    // The person sees the answer and is told.
    const mine = dataOf(await t.gql<{ myContests: Contest[] }>(MINE, {}, candidate.token)).myContests;
    expect(mine).toEqual([expect.objectContaining({ id: filed.id, status: 'DISMISSED' })]);
    const notes = dataOf(
      await t.gql<{ notifications: { type: string; params: { reason: string } }[] }>(
        NOTIFICATIONS,
        {},
        candidate.token,
      ),
    );
    expect(notes.notifications).toContainEqual(
      expect.objectContaining({
        type: 'CONTEST_DISMISSED',
        params: expect.objectContaining({ reason: 'The ranking was by the lab’s needs' }),
      }),
    );

    // Both steps are in the audit trail, and HR's reads of the contest are reads of personal data.
    const actions = dataOf(
      await t.gql<{ myPrivacyActions: { action: string; actorId: string | null }[] }>(
        '{ myPrivacyActions(first: 20) { action actorId } }',
        {},
        candidate.token,
      ),
    ).myPrivacyActions;
    expect(actions.map((a) => a.action)).toEqual(['CONTEST_ANSWERED', 'CONTEST_FILED']);
    expect(actions[0].actorId).toBeNull();
    expect(actions[1].actorId).toBe(candidate.user.id);
    const reads = dataOf(
      await t.gql<{ myPersonalDataReads: { kind: string }[] }>(
        '{ myPersonalDataReads(first: 20) { kind } }',
        {},
        candidate.token,
      ),
    ).myPersonalDataReads;
    expect(reads.map((r) => r.kind)).toContain('CONTESTS');
  });

  it('refuses answering and reading to everyone but HR of the organisation concerned and admins', async () => {
    const { candidate, supervisor, applicationId } = await aRejection();
    const filed = dataOf(
      await t.gql<{ fileContest: Contest }>(
        FILE,
        { k: 'APPLICATION_REJECTION', s: applicationId, r: 'Unfair' },
        candidate.token,
      ),
    ).fileContest;
    const other = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    // Candidates and supervisors may not answer at all.
    for (const token of [candidate.token, supervisor.token]) {
      expect(errorOf(await t.gql(ANSWER, { c: filed.id, o: 'UPHELD', r: 'x' }, token)).code).toBe(
        'FORBIDDEN',
      );
      expect(errorOf(await t.gql(TO_ANSWER, {}, token)).code).toBe('FORBIDDEN');
    }
    // HR of another organisation: as if it did not exist.
    expect(errorOf(await t.gql(ANSWER, { c: filed.id, o: 'UPHELD', r: 'x' }, hrJanssen)).code).toBe(
      'NOT_FOUND',
    );
    expect(errorOf(await t.gql(ONE, { id: filed.id }, hrJanssen)).code).toBe('NOT_FOUND');
    const theirs = dataOf(
      await t.gql<{ contestsToAnswer: { id: string }[] }>(TO_ANSWER, {}, hrJanssen),
    ).contestsToAnswer;
    expect(theirs.map((c) => c.id)).not.toContain(filed.id);
    expect(errorOf(await t.gql(ONE, { id: filed.id }, other.token)).code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql(ONE, { id: filed.id }, supervisor.token)).code).toBe('NOT_FOUND');
    // The person, HR of the host and admins read it.
    for (const token of [candidate.token, hrLumc.token, admin]) {
      expect(dataOf(await t.gql<{ contest: { id: string } }>(ONE, { id: filed.id }, token)).contest.id).toBe(
        filed.id,
      );
    }
    // Someone else's application cannot be contested, nor one that was not rejected.
    expect(
      errorOf(await t.gql(FILE, { k: 'APPLICATION_REJECTION', s: applicationId, r: 'x' }, other.token)).code,
    ).toBe('NOT_FOUND');
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: supervisor.user.id });
    const live = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: other.user.id,
      status: ApplicationStatus.SUBMITTED,
    });
    expect(
      errorOf(await t.gql(FILE, { k: 'APPLICATION_REJECTION', s: live.id, r: 'x' }, other.token)),
    ).toEqual({
      code: 'CONFLICT',
      reason: 'NOTHING_TO_CONTEST',
    });
    // An admin answers any; a blank reason is bad input.
    const blank = await t.gql(ANSWER, { c: filed.id, o: 'UPHELD', r: '   ' }, admin);
    expect(errorOf(blank).code).toBe('BAD_USER_INPUT');
    expect(blank.errors?.[0].extensions.fields).toEqual([
      { field: 'reason', message: 'must not be blank', code: 'REQUIRED' },
    ]);
    const upheld = dataOf(
      await t.gql<{ answerContest: Contest }>(
        ANSWER,
        { c: filed.id, o: 'UPHELD', r: 'We look again' },
        admin,
      ),
    ).answerContest;
    expect(upheld.status).toBe('UPHELD');
    const blankFile = await t.gql(FILE, { k: 'RECOMMENDATION', s: opportunity.id, r: '  ' }, other.token);
    expect(errorOf(blankFile).code).toBe('BAD_USER_INPUT');
  });

  it('contests a recommendation: the fit the matching computed, nobody’s decision', async () => {
    const supervisor = await aSupervisor(t, 'LUMC');
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: supervisor.user.id });
    const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const filed = dataOf(
      await t.gql<{ fileContest: Contest }>(
        FILE,
        { k: 'RECOMMENDATION', s: opportunity.id, r: 'My fit is higher' },
        candidate.token,
      ),
    ).fileContest;
    expect(filed).toMatchObject({
      kind: 'RECOMMENDATION',
      computed: { opportunityId: opportunity.id, fitScore: expect.any(Number) },
      decided: null,
    });
    expect(filed.organisationId).toBe(
      (await t.dataSource.query('SELECT id FROM organisations WHERE code = $1', ['LUMC']))[0].id,
    );
    // An opportunity the candidate may not see is as if missing.
    const draft = await anOpportunityRow(t, {
      leadSupervisorId: supervisor.user.id,
      status: OpportunityStatus.DRAFT,
    });
    expect(
      errorOf(await t.gql(FILE, { k: 'RECOMMENDATION', s: draft.id, r: 'x' }, candidate.token)).code,
    ).toBe('NOT_FOUND');
  });

  it('contests a round outcome: what the published run gave, the rank of that choice, and who published', async () => {
    const host = await aSupervisor(t, 'LUMC');
    const seat = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 1,
      title: 'Contested seat',
    });
    const second = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
    const round = await aRound(t, hrLumc.token, { opportunityIds: [seat.id, second.id] });
    const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const outsider = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    dataOf(
      await t.gql(
        'mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }',
        { r: round.id, o: [second.id, seat.id] },
        candidate.token,
      ),
    );
    // Before publication there is no outcome to contest.
    expect(errorOf(await t.gql(FILE, { k: 'ROUND_OUTCOME', s: round.id, r: 'x' }, candidate.token))).toEqual({
      code: 'CONFLICT',
      reason: 'NOTHING_TO_CONTEST',
    });
    await closeRankingOf(t, round.id);
    const run = dataOf(
      await t.gql<{ runRound: { id: string } }>(
        'mutation($id: ID!) { runRound(id: $id, dryRun: false) { id } }',
        { id: round.id },
        hrLumc.token,
      ),
    ).runRound;
    await t.app.get(RoundWorker).processPending();
    const filed = dataOf(
      await t.gql<{ fileContest: Contest }>(
        FILE,
        { k: 'ROUND_OUTCOME', s: round.id, r: 'I wanted my first choice' },
        candidate.token,
      ),
    ).fileContest;
    expect(filed).toMatchObject({
      kind: 'ROUND_OUTCOME',
      subjectId: round.id,
      computed: { roundRunId: run.id, roundResultOpportunityId: second.id, choiceRank: 1 },
      decided: { status: 'PUBLISHED', by: { id: hrLumc.user.id } },
    });
    // Someone without choices in the round: as if it did not exist.
    expect(errorOf(await t.gql(FILE, { k: 'ROUND_OUTCOME', s: round.id, r: 'x' }, outsider.token)).code).toBe(
      'NOT_FOUND',
    );
  });
});
