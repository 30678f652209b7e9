import { ApplicationsRepository } from '../../src/applications/applications.repository';
import { ApplicationsRetention } from '../../src/applications/applications.retention';
import { ApplicationStatus, CareerStage } from '../../src/core/domain/enums';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import {
  aCandidate,
  aClosure,
  anApplication,
  anOpportunityRow,
  aSupervisor,
} from '../factories/applications.factory';
import { lifecycle } from '../factories/opportunities.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const MINE = `query($s: ApplicationStatus) { myApplications(status: $s) { id status updatedAt } }`;
const ONE = `query($id: ID!) { application(id: $id) { id status updatedAt history { from to reason actor { id } } } }`;
const FOR_OPPORTUNITY = `query($o: ID!, $s: ApplicationStatus) { applicationsForOpportunity(opportunityId: $o, status: $s) { id status } }`;
const APPLICANTS = `query($o: ID!, $s: ApplicationStatus) {
  applicantsConnection(opportunityId: $o, first: 10, status: $s) { totalCount edges { node { id status } } }
}`;
const SUBMIT = `mutation($o: ID!) { submitApplication(input: { opportunityId: $o, motivation: "Again" }) { id status } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawApplication(id: $id) { id status } }`;
const SHORTLIST = `mutation($id: ID!) { shortlistApplication(id: $id) { id status } }`;
const REJECT = `mutation($id: ID!) { rejectApplication(id: $id, reason: "No") { id status } }`;
const RANK = `mutation($o: ID!, $ids: [ID!]!) { rankApplicants(opportunityId: $o, applicationIds: $ids) { rank application { id status } } }`;
const CONTEST = `mutation($s: ID!) { fileContest(kind: APPLICATION_REJECTION, subjectId: $s, reason: "My fit was high") {
  kind subjectId status decided { status by { id } reason at }
} }`;
const EXPORT_MINE = '{ exportMyData }';

const ROUND_REASON = 'not matched in round "Closures"';

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

function errorOf(res: GqlResponse<unknown>): { code: string; reason?: string; message: string } {
  expect(res.errors).toHaveLength(1);
  const e = res.errors![0];
  return {
    code: e.extensions.code as string,
    reason: e.extensions.reason as string | undefined,
    message: e.message,
  };
}

/**
 * Step 2a of docs/design/closed-choices.md: every reader of an application's status in
 * src/applications, contests, retention and the export reads the effective status, so a round's
 * closure (here made by hand with `aClosure`) behaves as if its applications had moved to REJECTED.
 */
describe('application closures: the readers of an application status', () => {
  let t: TestApp;
  let host: CreatedUser;
  let hrLumc: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
    hrLumc = await t.login('hr@lumc.test');
  }, 60_000);
  afterAll(() => t.close());

  const anOpportunity = (): Promise<OpportunityEntity> =>
    anOpportunityRow(t, { leadSupervisorId: host.user.id, hostOrg: 'LUMC' });

  /** A candidate's application in `status`, to an opportunity of its own or `opportunity`. */
  async function anApplicationOf(
    candidate: CreatedUser,
    status = ApplicationStatus.SUBMITTED,
    opportunity?: OpportunityEntity,
  ) {
    const o = opportunity ?? (await anOpportunity());
    return anApplication(t, { opportunityId: o.id, candidateId: candidate.user.id, status });
  }

  /** A closure time after the setup's history rows (which are at the database's now). */
  const afterSetup = (): Date => new Date(Date.now() + 1000);

  const stored = async (id: string): Promise<string> =>
    (await t.dataSource.query<{ status: string }[]>(`SELECT status FROM applications WHERE id = $1`, [id]))[0]
      .status;

  const historyOf = async (id: string): Promise<string[]> =>
    (
      await t.dataSource.query<{ to_status: string }[]>(
        `SELECT to_status FROM application_history WHERE application_id = $1 ORDER BY at, id`,
        [id],
      )
    ).map((r) => r.to_status);

  it('myApplications and application(id) show a closed application as REJECTED at the closure time; the status filter agrees (C1, C2, C7)', async () => {
    const candidate = await aCandidate(t);
    const closed = await anApplicationOf(candidate, ApplicationStatus.SHORTLISTED);
    const open = await anApplicationOf(candidate);
    const at = afterSetup();
    await aClosure(t, {
      candidateId: candidate.user.id,
      applicationIds: [closed.id],
      at,
      reason: ROUND_REASON,
    });

    const mine = dataOf(
      await t.gql<{ myApplications: { id: string; status: string; updatedAt: string }[] }>(
        MINE,
        {},
        candidate.token,
      ),
    ).myApplications;
    expect(mine).toEqual(
      expect.arrayContaining([
        { id: closed.id, status: 'REJECTED', updatedAt: at.toISOString() },
        { id: open.id, status: 'SUBMITTED', updatedAt: open.updatedAt.toISOString() },
      ]),
    );
    const byStatus = async (s: string) =>
      dataOf(
        await t.gql<{ myApplications: { id: string }[] }>(MINE, { s }, candidate.token),
      ).myApplications.map((a) => a.id);
    expect(await byStatus('REJECTED')).toEqual([closed.id]);
    expect(await byStatus('SHORTLISTED')).toEqual([]);
    expect(await byStatus('SUBMITTED')).toEqual([open.id]);

    const one = dataOf(
      await t.gql<{
        application: {
          status: string;
          updatedAt: string;
          history: { from: string | null; to: string; reason: string | null; actor: unknown }[];
        };
      }>(ONE, { id: closed.id }, candidate.token),
    ).application;
    expect(one).toMatchObject({ status: 'REJECTED', updatedAt: at.toISOString() });
    expect(one.history.at(-1)).toEqual({
      from: 'SHORTLISTED',
      to: 'REJECTED',
      reason: ROUND_REASON,
      actor: null,
    });
  });

  it('an opportunity’s applicants by status: the list, the page and its count read the effective status (C3, C4, C5)', async () => {
    const opportunity = await anOpportunity();
    const [a, b, c] = await Promise.all([aCandidate(t), aCandidate(t), aCandidate(t)]);
    const closedSubmitted = await anApplicationOf(a, ApplicationStatus.SUBMITTED, opportunity);
    const open = await anApplicationOf(b, ApplicationStatus.SUBMITTED, opportunity);
    const closedShortlisted = await anApplicationOf(c, ApplicationStatus.SHORTLISTED, opportunity);
    await aClosure(t, { candidateId: a.user.id, applicationIds: [closedSubmitted.id] });
    await aClosure(t, { candidateId: c.user.id, applicationIds: [closedShortlisted.id] });

    const page = async (s?: string) => {
      const connection = dataOf(
        await t.gql<{
          applicantsConnection: { totalCount: number; edges: { node: { id: string; status: string } }[] };
        }>(APPLICANTS, { o: opportunity.id, s }, host.token),
      ).applicantsConnection;
      return { count: connection.totalCount, nodes: connection.edges.map((e) => e.node) };
    };
    expect(await page('SUBMITTED')).toEqual({ count: 1, nodes: [{ id: open.id, status: 'SUBMITTED' }] });
    expect(await page('SHORTLISTED')).toEqual({ count: 0, nodes: [] });
    const rejected = await page('REJECTED');
    expect(rejected.count).toBe(2);
    expect(rejected.nodes.map((n) => n.id).sort()).toEqual([closedSubmitted.id, closedShortlisted.id].sort());
    const all = await page();
    expect(all.count).toBe(3);
    expect(new Map(all.nodes.map((n) => [n.id, n.status]))).toEqual(
      new Map([
        [closedSubmitted.id, 'REJECTED'],
        [open.id, 'SUBMITTED'],
        [closedShortlisted.id, 'REJECTED'],
      ]),
    );

    const list = async (s: string) =>
      dataOf(
        await t.gql<{ applicationsForOpportunity: { id: string; status: string }[] }>(
          FOR_OPPORTUNITY,
          { o: opportunity.id, s },
          host.token,
        ),
      ).applicationsForOpportunity;
    expect(await list('SHORTLISTED')).toEqual([]);
    expect(await list('SUBMITTED')).toEqual([{ id: open.id, status: 'SUBMITTED' }]);
    expect((await list('REJECTED')).map((x) => x.id).sort()).toEqual(
      [closedSubmitted.id, closedShortlisted.id].sort(),
    );
  });

  it('the applicants page through the view still reads ix_applications_opportunity (C4)', async () => {
    const plan = await t.dataSource.transaction(async (em) => {
      await em.query('SET LOCAL enable_seqscan = off');
      const rows = await em.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT a.id FROM application_states a
          WHERE a.opportunity_id = $1::uuid AND a.status = $2 AND (a.created_at, a.id) > ($3::timestamptz, $4::uuid)
          ORDER BY a.created_at, a.id LIMIT 21`,
        [
          '00000000-0000-4000-8000-000000000001',
          'SUBMITTED',
          '2026-01-01T00:00:00Z',
          '00000000-0000-4000-8000-000000000000',
        ],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('ix_applications_opportunity');
  });

  it('a candidate may apply again to a closed opportunity, and closed applications leave the live cap of their call (B4, B5)', async () => {
    const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const opportunities = await Promise.all(Array.from({ length: 5 }, () => anOpportunity()));
    const applications = [];
    for (const o of opportunities)
      applications.push(await anApplicationOf(candidate, ApplicationStatus.SUBMITTED, o));
    await aClosure(t, {
      candidateId: candidate.user.id,
      applicationIds: applications.slice(0, 3).map((a) => a.id),
    });
    const submit = (o: OpportunityEntity) =>
      t.gql<{ submitApplication: { id: string; status: string } }>(SUBMIT, { o: o.id }, candidate.token);

    // The open ones are still live.
    expect(errorOf(await submit(opportunities[4]))).toMatchObject({
      code: 'CONFLICT',
      reason: 'DUPLICATE_APPLICATION',
    });
    // Applying again to a closed one: no DUPLICATE_APPLICATION.
    expect(dataOf(await submit(opportunities[0])).submitApplication.status).toBe('SUBMITTED');
    // Live: two open, one again: two more fit under the cap of 5, not a third.
    const more = await Promise.all(Array.from({ length: 3 }, () => anOpportunity()));
    expect(dataOf(await submit(more[0])).submitApplication.status).toBe('SUBMITTED');
    expect(dataOf(await submit(more[1])).submitApplication.status).toBe('SUBMITTED');
    expect(errorOf(await submit(more[2]))).toMatchObject({
      code: 'CONFLICT',
      reason: 'LIVE_APPLICATION_LIMIT',
    });
  });

  it('a host cannot rank a closed application (C6)', async () => {
    const opportunity = await anOpportunity();
    const [a, b] = await Promise.all([aCandidate(t), aCandidate(t)]);
    const closed = await anApplicationOf(a, ApplicationStatus.SHORTLISTED, opportunity);
    const open = await anApplicationOf(b, ApplicationStatus.SUBMITTED, opportunity);
    await aClosure(t, { candidateId: a.user.id, applicationIds: [closed.id] });
    expect(
      errorOf(await t.gql(RANK, { o: opportunity.id, ids: [open.id, closed.id] }, host.token)),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_LIVE_APPLICATIONS' });
    const ranked = dataOf(
      await t.gql<{ rankApplicants: { rank: number; application: { id: string } }[] }>(
        RANK,
        { o: opportunity.id, ids: [open.id] },
        host.token,
      ),
    ).rankApplicants;
    expect(ranked).toEqual([{ rank: 1, application: { id: open.id, status: 'SUBMITTED' } }]);
  });

  it('a workflow step on a closed application is refused as on a REJECTED one, and nothing moves (A1, A12)', async () => {
    const candidate = await aCandidate(t);
    const closed = await anApplicationOf(candidate, ApplicationStatus.SUBMITTED);
    await aClosure(t, { candidateId: candidate.user.id, applicationIds: [closed.id] });
    const rejected = await anApplicationOf(candidate, ApplicationStatus.REJECTED);

    for (const [query, token] of [
      [WITHDRAW, candidate.token],
      [SHORTLIST, host.token],
      [REJECT, host.token],
    ] as const) {
      const onClosed = errorOf(await t.gql(query, { id: closed.id }, token));
      const onRejected = errorOf(await t.gql(query, { id: rejected.id }, token));
      expect(onClosed).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
      expect(onClosed.message).toContain('REJECTED');
      expect(onClosed.message.replace(closed.id, '<id>')).toBe(
        onRejected.message.replace(rejected.id, '<id>'),
      );
    }
    expect(await stored(closed.id)).toBe('SUBMITTED');
    expect(await historyOf(closed.id)).toEqual(['SUBMITTED', 'REJECTED']);
  });

  it('the repository’s locking reads and guards leave a closed application out (A1, A2, A9, B6, E1)', async () => {
    const repo = t.app.get(ApplicationsRepository);
    const opportunity = await anOpportunity();
    const [a, b] = await Promise.all([aCandidate(t), aCandidate(t)]);
    const closed = await anApplicationOf(a, ApplicationStatus.SHORTLISTED, opportunity);
    const open = await anApplicationOf(b, ApplicationStatus.SHORTLISTED, opportunity);
    await aClosure(t, { candidateId: a.user.id, applicationIds: [closed.id] });

    await t.dataSource.transaction(async (em) => {
      const locked = await repo.lockForTransition([closed.id, open.id], em);
      expect(new Map(locked.map((s) => [s.id, s.status]))).toEqual(
        new Map([
          [closed.id, ApplicationStatus.REJECTED],
          [open.id, ApplicationStatus.SHORTLISTED],
        ]),
      );
      expect((await repo.waitingListsOf([opportunity.id], em)).map((w) => w.applicationId)).toEqual([
        open.id,
      ]);
      expect(await repo.findLiveForUpdate(a.user.id, opportunity.id, em)).toBeNull();
      expect((await repo.findLiveForUpdate(b.user.id, opportunity.id, em))?.id).toBe(open.id);
      const live = [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED];
      expect(await repo.idsInStatus([opportunity.id], live, em)).toEqual([open.id]);
      expect(await repo.idsInStatus([opportunity.id], [ApplicationStatus.REJECTED], em)).toEqual([closed.id]);
      expect(await repo.idsInStatus([opportunity.id], [ApplicationStatus.OFFERED], em)).toEqual([]);
      expect(await repo.findByIdForUpdate(closed.id, em)).toMatchObject({
        status: ApplicationStatus.REJECTED,
      });
      // Decided from its stored status, a closed row does not move.
      const moved = await repo.applyStatusChanges(
        [closed.id, open.id].map((applicationId) => ({
          applicationId,
          from: ApplicationStatus.SHORTLISTED,
          to: ApplicationStatus.OFFERED,
          responseDeadline: new Date(Date.now() + 86_400_000),
          reason: null,
        })),
        null,
        em,
      );
      expect(moved).toBe(1);
    });
    expect(await stored(closed.id)).toBe('SHORTLISTED');
    expect(await stored(open.id)).toBe('OFFERED');
  });

  it('a closed rejection can be contested: the decision is the closure (F1)', async () => {
    const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const closed = await anApplicationOf(candidate, ApplicationStatus.SHORTLISTED);
    const at = afterSetup();
    await aClosure(t, {
      candidateId: candidate.user.id,
      applicationIds: [closed.id],
      at,
      reason: ROUND_REASON,
    });
    const filed = dataOf(
      await t.gql<{ fileContest: Record<string, unknown> }>(CONTEST, { s: closed.id }, candidate.token),
    ).fileContest;
    expect(filed).toEqual({
      kind: 'APPLICATION_REJECTION',
      subjectId: closed.id,
      status: 'OPEN',
      decided: { status: 'REJECTED', by: null, reason: ROUND_REASON, at: at.toISOString() },
    });
  });

  it('retention deletes a closed application at the same cutoff as a moved one, by the closure’s time (G1, G2)', async () => {
    const retention = t.app.get(ApplicationsRetention);
    const candidate = await aCandidate(t);
    const old = new Date('2020-01-01T00:00:00.000Z');
    const cutoff = new Date('2020-01-02T00:00:00.000Z');
    const moved = await anApplicationOf(candidate, ApplicationStatus.REJECTED);
    const closedLongAgo = await anApplicationOf(candidate, ApplicationStatus.SUBMITTED);
    const closedToday = await anApplicationOf(candidate, ApplicationStatus.SHORTLISTED);
    const waiting = await anApplicationOf(candidate, ApplicationStatus.SUBMITTED);
    await t.dataSource.query(`UPDATE applications SET updated_at = $2 WHERE id = ANY($1::uuid[])`, [
      [moved.id, closedLongAgo.id, closedToday.id, waiting.id],
      old,
    ]);
    const oldClosure = await aClosure(t, {
      candidateId: candidate.user.id,
      applicationIds: [closedLongAgo.id],
      at: old,
    });
    await aClosure(t, { candidateId: candidate.user.id, applicationIds: [closedToday.id] });

    expect(await retention.countDecidedBefore(cutoff)).toBe(2);
    expect(await retention.deleteDecidedBefore(cutoff)).toBe(2);
    const left = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM applications WHERE candidate_id = $1 ORDER BY id`,
      [candidate.user.id],
    );
    expect(left.map((r) => r.id)).toEqual([closedToday.id, waiting.id].sort());
    // The closure left empty went with its application (the delete trigger).
    expect(
      await t.dataSource.query(`SELECT 1 FROM application_transition_groups WHERE id = $1`, [oldClosure]),
    ).toEqual([]);
  });

  it('the export shows a closed application as REJECTED with the closure’s time (G5)', async () => {
    const candidate = await aCandidate(t);
    const closed = await anApplicationOf(candidate, ApplicationStatus.SUBMITTED);
    const at = afterSetup();
    await aClosure(t, {
      candidateId: candidate.user.id,
      applicationIds: [closed.id],
      at,
      reason: ROUND_REASON,
    });
    const doc = dataOf(
      await t.gql<{ exportMyData: { sections: Record<string, { rows: Record<string, unknown>[] }> } }>(
        EXPORT_MINE,
        {},
        candidate.token,
      ),
    ).exportMyData;
    const [row] = doc.sections.applications.rows;
    expect(row).toMatchObject({ id: closed.id, status: 'REJECTED' });
    expect(Date.parse(row.updated_at as string)).toBe(at.getTime());
    expect(row).not.toHaveProperty('closed_by');
    const history = row.history as { from_status: string | null; to_status: string; reason: string | null }[];
    expect(history.at(-1)).toMatchObject({
      from_status: 'SUBMITTED',
      to_status: 'REJECTED',
      reason: ROUND_REASON,
    });
  });

  it('cancelling an opportunity with a closed application succeeds and leaves the closure as it is (E1)', async () => {
    const opportunity = await anOpportunity();
    const [a, b] = await Promise.all([aCandidate(t), aCandidate(t)]);
    const closed = await anApplicationOf(a, ApplicationStatus.SHORTLISTED, opportunity);
    const open = await anApplicationOf(b, ApplicationStatus.SHORTLISTED, opportunity);
    await aClosure(t, { candidateId: a.user.id, applicationIds: [closed.id] });
    const res = await lifecycle(t, 'cancelOpportunity', opportunity.id, hrLumc, { reason: 'Funding ended.' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.cancelOpportunity.status).toBe('CANCELLED');
    expect(await stored(open.id)).toBe('REJECTED');
    expect(await stored(closed.id)).toBe('SHORTLISTED');
    expect(await historyOf(closed.id)).toEqual(['SHORTLISTED', 'REJECTED']);
  });
});
