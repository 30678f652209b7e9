import {
  ApplicationStatus,
  AssessmentSource,
  CareerStage,
  OpportunityStatus,
} from '../../src/core/domain/enums';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import {
  aCandidate,
  aCompetence,
  anApplication,
  anOpportunityRow,
  aSupervisor,
} from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const HOUR = 3600_000;

const APPLICATION_FIELDS = `id status motivation responseDeadline opportunityId opportunityTitle
  history { from to reason at actor { id displayName } }`;

const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${APPLICATION_FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String) { withdrawApplication(id: $id, reason: $reason) { ${APPLICATION_FIELDS} } }`;
const SHORTLIST = `mutation($id: ID!) { shortlistApplication(id: $id) { ${APPLICATION_FIELDS} } }`;
const REJECT = `mutation($id: ID!, $reason: String) { rejectApplication(id: $id, reason: $reason) { ${APPLICATION_FIELDS} } }`;
const OFFER = `mutation($id: ID!, $d: DateTime!) { offerApplication(id: $id, responseDeadline: $d) { ${APPLICATION_FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptOffer(id: $id) { ${APPLICATION_FIELDS} } }`;
const DECLINE = `mutation($id: ID!, $reason: String) { declineOffer(id: $id, reason: $reason) { ${APPLICATION_FIELDS} } }`;
const COMPLETE = `mutation($id: ID!) { completeApplication(id: $id) { ${APPLICATION_FIELDS} } }`;
const APPLICATION = `query($id: ID!) { application(id: $id) { ${APPLICATION_FIELDS} } }`;
const RANK = `mutation($o: ID!, $ids: [ID!]!) { rankApplicants(opportunityId: $o, applicationIds: $ids) { rank application { id } } }`;
const RANKING = `query($o: ID!) { applicantRanking(opportunityId: $o) { rank application { id status } } }`;

interface Transition {
  from: string | null;
  to: string;
  reason: string | null;
  at: string;
  actor: { id: string; displayName: string } | null;
}
interface Application {
  id: string;
  status: string;
  motivation: string | null;
  responseDeadline: string | null;
  opportunityId: string;
  opportunityTitle: string;
  history: Transition[];
}

function errorOf(res: GqlResponse): { message: string; code: string; [key: string]: unknown } {
  expect(res.errors).toHaveLength(1);
  return { message: res.errors![0].message, ...res.errors![0].extensions };
}

describe('applications', () => {
  let t: TestApp;
  let host: CreatedUser;
  let hrLumc: string;
  let hrJanssen: string;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
    [hrLumc, hrJanssen, admin] = await Promise.all([
      t.login('hr@lumc.test'),
      t.login('hr@janssen.test'),
      t.login('admin@talent-exchange.test'),
    ]);
  }, 60_000);
  afterAll(() => t.close());

  const openOpportunity = (spec: Partial<Parameters<typeof anOpportunityRow>[1]> = {}) =>
    anOpportunityRow(t, { leadSupervisorId: host.user.id, hostOrg: 'LUMC', ...spec });

  async function submit(
    candidate: CreatedUser,
    opportunity: OpportunityEntity,
    motivation = 'I want to learn',
  ) {
    return t.gql<{ submitApplication: Application }>(
      SUBMIT,
      { input: { opportunityId: opportunity.id, motivation } },
      candidate.token,
    );
  }

  async function submitted(candidate: CreatedUser, opportunity: OpportunityEntity): Promise<Application> {
    const res = await submit(candidate, opportunity);
    expect(res.errors).toBeUndefined();
    return res.data!.submitApplication;
  }

  async function act<K extends string>(
    query: string,
    vars: Record<string, unknown>,
    token: string,
  ): Promise<GqlResponse<Record<K, Application>>> {
    return t.gql<Record<K, Application>>(query, vars, token);
  }

  describe('submitting', () => {
    it('submits to an open opportunity and records the submission (null -> SUBMITTED) in the history', async () => {
      const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT, displayName: 'Anna Apply' });
      const opportunity = await openOpportunity({ title: 'Vaccine lab internship' });
      const app = await submitted(candidate, opportunity);
      expect(app).toMatchObject({
        status: 'SUBMITTED',
        motivation: 'I want to learn',
        opportunityId: opportunity.id,
        opportunityTitle: 'Vaccine lab internship',
        responseDeadline: null,
      });
      expect(app.history).toEqual([
        expect.objectContaining({
          from: null,
          to: 'SUBMITTED',
          reason: null,
          actor: { id: candidate.user.id, displayName: 'Anna Apply' },
        }),
      ]);
    });

    it('refuses after the application deadline with APPLICATION_DEADLINE_PASSED', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await openOpportunity({ deadline: new Date(Date.now() - HOUR) });
      expect(errorOf(await submit(candidate, opportunity))).toMatchObject({
        code: 'CONFLICT',
        reason: 'APPLICATION_DEADLINE_PASSED',
      });
    });

    it('refuses an opportunity that is not open with OPPORTUNITY_NOT_OPEN', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await openOpportunity({ status: OpportunityStatus.CLOSED });
      expect(errorOf(await submit(candidate, opportunity))).toMatchObject({
        code: 'CONFLICT',
        reason: 'OPPORTUNITY_NOT_OPEN',
      });
    });

    it('answers NOT_FOUND for a draft opportunity the candidate cannot see, as for a missing one', async () => {
      const candidate = await aCandidate(t);
      const draft = await openOpportunity({ status: OpportunityStatus.DRAFT });
      const hidden = errorOf(await submit(candidate, draft));
      const missing = errorOf(
        await t.gql(
          SUBMIT,
          { input: { opportunityId: '00000000-0000-4000-8000-000000000000', motivation: 'x' } },
          candidate.token,
        ),
      );
      expect(hidden).toEqual(missing);
      expect(hidden.code).toBe('NOT_FOUND');
    });

    it('refuses a candidate whose career stage is not eligible, and one without a career stage', async () => {
      const opportunity = await openOpportunity({
        eligibleStages: [CareerStage.PHD_CANDIDATE, CareerStage.POSTDOC],
      });
      const master = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
      expect(errorOf(await submit(master, opportunity))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'STAGE_NOT_ELIGIBLE',
        fields: [{ field: 'opportunityId' }],
      });
      const noProfile = await aCandidate(t);
      expect(errorOf(await submit(noProfile, opportunity))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'STAGE_NOT_ELIGIBLE',
      });
      const postdoc = await aCandidate(t, { stage: CareerStage.POSTDOC });
      await submitted(postdoc, opportunity);
    });

    it('refuses when essential requirements are unmet, listing each missing competence with required and current level', async () => {
      const [design, gcp, teaching] = await Promise.all([
        aCompetence(t, 'Clinical trial design'),
        aCompetence(t, 'Good clinical practice'),
        aCompetence(t, 'Teaching'),
      ]);
      const opportunity = await openOpportunity({
        requirements: [
          { competenceId: design.id, minLevel: 3, essential: true },
          { competenceId: gcp.id, minLevel: 2, essential: true },
          { competenceId: teaching.id, minLevel: 4, essential: false },
        ],
      });
      // Self-rated Expert, but the supervisor's Intermediate is what counts; GCP unrated.
      const candidate = await aCandidate(t, {
        levels: [
          { competenceId: design.id, level: 4, source: AssessmentSource.SELF },
          { competenceId: design.id, level: 2, source: AssessmentSource.SUPERVISOR },
        ],
      });
      const error = errorOf(await submit(candidate, opportunity));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ESSENTIAL_REQUIREMENTS_UNMET' });
      const missing = error.missing as { competenceId: string }[];
      expect([...missing].sort((a, b) => a.competenceId.localeCompare(b.competenceId))).toEqual(
        [
          {
            competenceId: design.id,
            code: design.code,
            name: design.name,
            requiredLevel: 3,
            currentLevel: 2,
          },
          { competenceId: gcp.id, code: gcp.code, name: gcp.name, requiredLevel: 2, currentLevel: null },
        ].sort((a, b) => a.competenceId.localeCompare(b.competenceId)),
      );

      const qualified = await aCandidate(t, {
        levels: [
          { competenceId: design.id, level: 3, source: AssessmentSource.SUPERVISOR },
          { competenceId: gcp.id, level: 2, source: AssessmentSource.EVIDENCE },
        ],
      });
      await submitted(qualified, opportunity);
    });

    it('refuses a second live application to the same opportunity, and allows one after withdrawing', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await openOpportunity();
      const first = await submitted(candidate, opportunity);
      expect(errorOf(await submit(candidate, opportunity))).toMatchObject({
        code: 'CONFLICT',
        reason: 'DUPLICATE_APPLICATION',
      });
      await act(WITHDRAW, { id: first.id }, candidate.token);
      await submitted(candidate, opportunity);
    });

    it('refuses a live application beyond the cap (5), also when the submissions race', async () => {
      const candidate = await aCandidate(t);
      const opportunities = await Promise.all(Array.from({ length: 8 }, () => openOpportunity()));
      for (const o of opportunities.slice(0, 4)) await submitted(candidate, o);
      const racing = await Promise.all(opportunities.slice(4).map((o) => submit(candidate, o)));
      expect(racing.filter((r) => !r.errors)).toHaveLength(1);
      for (const r of racing.filter((x) => x.errors)) {
        expect(errorOf(r)).toMatchObject({ code: 'CONFLICT', reason: 'LIVE_APPLICATION_LIMIT' });
      }
      const mine = await t.gql<{ myApplications: { id: string }[] }>(
        '{ myApplications { id } }',
        {},
        candidate.token,
      );
      expect(mine.data?.myApplications).toHaveLength(5);
    });

    it('refuses an empty motivation with BAD_USER_INPUT naming the field, and stores nothing', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await openOpportunity();
      expect(errorOf(await submit(candidate, opportunity, ''))).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'motivation' }],
      });
      const mine = await t.gql<{ myApplications: unknown[] }>(
        '{ myApplications { id } }',
        {},
        candidate.token,
      );
      expect(mine.data?.myApplications).toEqual([]);
    });

    it('refuses submission by a user without the CANDIDATE role', async () => {
      const opportunity = await openOpportunity();
      const res = await t.gql(SUBMIT, { input: { opportunityId: opportunity.id, motivation: 'x' } }, hrLumc);
      expect(errorOf(res).code).toBe('FORBIDDEN');
    });
  });

  describe('workflow', () => {
    it('lets the candidate withdraw a submitted application, with an optional reason', async () => {
      const candidate = await aCandidate(t);
      const app = await submitted(candidate, await openOpportunity());
      const res = await act<'withdrawApplication'>(
        WITHDRAW,
        { id: app.id, reason: 'Found another place' },
        candidate.token,
      );
      expect(res.data?.withdrawApplication.status).toBe('WITHDRAWN');
      expect(res.data?.withdrawApplication.history.at(-1)).toMatchObject({
        from: 'SUBMITTED',
        to: 'WITHDRAWN',
        reason: 'Found another place',
        actor: { id: candidate.user.id },
      });
    });

    it('forbids a candidate to shortlist, even their own application', async () => {
      const candidate = await aCandidate(t);
      const app = await submitted(candidate, await openOpportunity());
      expect(errorOf(await act(SHORTLIST, { id: app.id }, candidate.token)).code).toBe('FORBIDDEN');
    });

    it('answers NOT_FOUND to HR of another organisation and to a supervisor who does not host it', async () => {
      const candidate = await aCandidate(t);
      const app = await submitted(candidate, await openOpportunity());
      const otherSupervisor = await aSupervisor(t, 'LUMC');
      for (const token of [hrJanssen, otherSupervisor.token]) {
        expect(errorOf(await act(SHORTLIST, { id: app.id }, token))).toMatchObject({
          code: 'NOT_FOUND',
          message: 'Application not found',
        });
        expect(errorOf(await t.gql(APPLICATION, { id: app.id }, token))).toMatchObject({
          code: 'NOT_FOUND',
          message: 'Application not found',
        });
      }
    });

    it('answers NOT_FOUND to another candidate, exactly as for a missing application', async () => {
      const candidate = await aCandidate(t);
      const other = await aCandidate(t);
      const app = await submitted(candidate, await openOpportunity());
      const missing = errorOf(
        await t.gql(APPLICATION, { id: '00000000-0000-4000-8000-000000000000' }, other.token),
      );
      expect(errorOf(await t.gql(APPLICATION, { id: app.id }, other.token))).toEqual(missing);
      expect(errorOf(await act(WITHDRAW, { id: app.id }, other.token))).toEqual(missing);
      expect(missing.code).toBe('NOT_FOUND');
    });

    it('requires a reason to reject, naming the field', async () => {
      const candidate = await aCandidate(t);
      const app = await submitted(candidate, await openOpportunity());
      for (const reason of [null, '   ']) {
        expect(errorOf(await act(REJECT, { id: app.id, reason }, host.token))).toMatchObject({
          code: 'BAD_USER_INPUT',
          reason: 'REASON_REQUIRED',
          fields: [{ field: 'reason' }],
        });
      }
      const res = await act<'rejectApplication'>(
        REJECT,
        { id: app.id, reason: 'Profile does not fit' },
        host.token,
      );
      expect(res.data?.rejectApplication.status).toBe('REJECTED');
      expect(res.data?.rejectApplication.history.at(-1)).toMatchObject({
        from: 'SUBMITTED',
        to: 'REJECTED',
        reason: 'Profile does not fit',
        actor: { id: host.user.id },
      });
    });

    it('runs submit, shortlist (lead supervisor), offer (HR of the host), accept, complete (co-supervisor) and records each step', async () => {
      const coSupervisor = await aSupervisor(t, 'LEIDEN_UNIV');
      // Under way (a placement completes from its first day on).
      const opportunity = await openOpportunity({
        coSupervisorId: coSupervisor.user.id,
        capacity: 2,
        startsOn: new Date(Date.now() - 7 * 24 * HOUR).toISOString().slice(0, 10),
        endsOn: new Date(Date.now() + 60 * 24 * HOUR).toISOString().slice(0, 10),
      });
      const candidate = await aCandidate(t);
      const app = await submitted(candidate, opportunity);

      const shortlisted = await act<'shortlistApplication'>(SHORTLIST, { id: app.id }, host.token);
      expect(shortlisted.data?.shortlistApplication.status).toBe('SHORTLISTED');

      const deadline = new Date(Date.now() + 72 * HOUR).toISOString();
      const offered = await act<'offerApplication'>(OFFER, { id: app.id, d: deadline }, hrLumc);
      expect(offered.data?.offerApplication).toMatchObject({ status: 'OFFERED', responseDeadline: deadline });

      const accepted = await act<'acceptOffer'>(ACCEPT, { id: app.id }, candidate.token);
      expect(accepted.data?.acceptOffer.status).toBe('ACCEPTED');
      const seats = await t.dataSource
        .getRepository(OpportunityEntity)
        .findOneByOrFail({ id: opportunity.id });
      expect(seats.seatsTaken).toBe(1);

      const completed = await act<'completeApplication'>(COMPLETE, { id: app.id }, coSupervisor.token);
      expect(completed.data?.completeApplication.status).toBe('COMPLETED');

      const history = completed.data!.completeApplication.history;
      expect(history.map((h) => [h.from, h.to, h.actor?.id])).toEqual([
        [null, 'SUBMITTED', candidate.user.id],
        ['SUBMITTED', 'SHORTLISTED', host.user.id],
        [
          'SHORTLISTED',
          'OFFERED',
          (await t.dataSource.query(`SELECT id FROM users WHERE email = 'hr@lumc.test'`))[0].id,
        ],
        ['OFFERED', 'ACCEPTED', candidate.user.id],
        ['ACCEPTED', 'COMPLETED', coSupervisor.user.id],
      ]);
      const times = history.map((h) => Date.parse(h.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    });

    it('refuses an illegal step with ILLEGAL_TRANSITION naming the current state', async () => {
      const candidate = await aCandidate(t);
      const app = await submitted(candidate, await openOpportunity());
      await act(SHORTLIST, { id: app.id }, host.token);
      const error = errorOf(await act(SHORTLIST, { id: app.id }, host.token));
      expect(error).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
      expect(error.message).toContain('SHORTLISTED');
      expect(errorOf(await act(ACCEPT, { id: app.id }, candidate.token))).toMatchObject({
        code: 'CONFLICT',
        reason: 'ILLEGAL_TRANSITION',
      });
    });

    it('refuses an offer whose response deadline is not in the future, naming the field', async () => {
      const candidate = await aCandidate(t);
      const app = await submitted(candidate, await openOpportunity());
      await act(SHORTLIST, { id: app.id }, host.token);
      const past = new Date(Date.now() - HOUR).toISOString();
      expect(errorOf(await act(OFFER, { id: app.id, d: past }, host.token))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_RESPONSE_DEADLINE',
        fields: [{ field: 'responseDeadline' }],
      });
    });

    it('lets only the candidate answer an offer, and records a declined offer with its reason', async () => {
      const candidate = await aCandidate(t);
      const app = await submitted(candidate, await openOpportunity());
      await act(SHORTLIST, { id: app.id }, host.token);
      await act(OFFER, { id: app.id, d: new Date(Date.now() + HOUR).toISOString() }, host.token);
      // The host cannot answer for the candidate (and has no CANDIDATE role).
      expect(errorOf(await act(ACCEPT, { id: app.id }, host.token)).code).toBe('FORBIDDEN');
      const declined = await act<'declineOffer'>(
        DECLINE,
        { id: app.id, reason: 'Dates clash' },
        candidate.token,
      );
      expect(declined.data?.declineOffer.status).toBe('DECLINED');
      expect(declined.data?.declineOffer.history.at(-1)).toMatchObject({
        to: 'DECLINED',
        reason: 'Dates clash',
      });
    });

    it('refuses to accept an offer after its response deadline with OFFER_EXPIRED', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await openOpportunity();
      const app = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.OFFERED,
        responseDeadline: new Date(Date.now() - 60_000),
      });
      expect(errorOf(await act(ACCEPT, { id: app.id }, candidate.token))).toMatchObject({
        code: 'CONFLICT',
        reason: 'OFFER_EXPIRED',
      });
    });

    it('lets an admin act on any application', async () => {
      const candidate = await aCandidate(t);
      const app = await submitted(candidate, await openOpportunity({ hostOrg: 'JANSSEN' }));
      const res = await act<'shortlistApplication'>(SHORTLIST, { id: app.id }, admin);
      expect(res.data?.shortlistApplication.status).toBe('SHORTLISTED');
    });
  });

  describe('reading', () => {
    it('lists only the candidate’s own applications, filtered by status', async () => {
      const candidate = await aCandidate(t);
      const other = await aCandidate(t);
      const o1 = await openOpportunity();
      const o2 = await openOpportunity();
      const a1 = await submitted(candidate, o1);
      const a2 = await submitted(candidate, o2);
      await submitted(other, o1);
      await act(WITHDRAW, { id: a1.id }, candidate.token);
      const all = await t.gql<{ myApplications: { id: string }[] }>(
        '{ myApplications { id } }',
        {},
        candidate.token,
      );
      expect(all.data?.myApplications.map((a) => a.id).sort()).toEqual([a1.id, a2.id].sort());
      const live = await t.gql<{ myApplications: { id: string }[] }>(
        '{ myApplications(status: SUBMITTED) { id } }',
        {},
        candidate.token,
      );
      expect(live.data?.myApplications.map((a) => a.id)).toEqual([a2.id]);
    });

    it('shows host staff the applicant with only what they need: name, stage, organisation, requested levels, motivation', async () => {
      const [c1, c2] = await Promise.all([
        aCompetence(t, 'Bioinformatics'),
        aCompetence(t, 'Regulatory affairs'),
      ]);
      const opportunity = await openOpportunity({
        requirements: [
          { competenceId: c1.id, minLevel: 2, essential: false },
          { competenceId: c2.id, minLevel: 1, essential: false },
        ],
      });
      const unrelated = await aCompetence(t, 'Unrelated');
      const candidate = await aCandidate(t, {
        displayName: 'Bram Bio',
        stage: CareerStage.PHD_CANDIDATE,
        organisation: 'JANSSEN',
        levels: [
          { competenceId: c1.id, level: 3 },
          { competenceId: unrelated.id, level: 4 },
        ],
      });
      await submit(candidate, opportunity, 'Sequencing is my thing');
      const res = await t.gql<{
        applicationsForOpportunity: {
          status: string;
          applicant: {
            id: string;
            displayName: string;
            careerStage: string;
            motivation: string;
            organisation: { code: string };
            competences: {
              competenceId: string;
              requiredLevel: number;
              level: number | null;
              essential: boolean;
            }[];
          };
        }[];
      }>(
        `query($o: ID!) { applicationsForOpportunity(opportunityId: $o) { status applicant {
            id displayName careerStage motivation organisation { code }
            competences { competenceId code name requiredLevel essential level } } } }`,
        { o: opportunity.id },
        host.token,
      );
      expect(res.errors).toBeUndefined();
      const [row] = res.data!.applicationsForOpportunity;
      expect(row.applicant).toMatchObject({
        id: candidate.user.id,
        displayName: 'Bram Bio',
        careerStage: 'PHD_CANDIDATE',
        motivation: 'Sequencing is my thing',
        organisation: { code: 'JANSSEN' },
      });
      expect(row.applicant.competences.map((c) => [c.competenceId, c.requiredLevel, c.level]).sort()).toEqual(
        [
          [c1.id, 2, 3],
          [c2.id, 1, null],
        ].sort(),
      );
    });

    it('answers NOT_FOUND for the applications of another organisation’s opportunity, and lets its HR filter by status', async () => {
      const opportunity = await openOpportunity();
      const candidate = await aCandidate(t);
      await submitted(candidate, opportunity);
      const q = `query($o: ID!, $s: ApplicationStatus) { applicationsForOpportunity(opportunityId: $o, status: $s) { id status } }`;
      expect(errorOf(await t.gql(q, { o: opportunity.id }, hrJanssen))).toMatchObject({
        code: 'NOT_FOUND',
        message: 'Opportunity not found',
      });
      const submittedOnes = await t.gql<{ applicationsForOpportunity: unknown[] }>(
        q,
        { o: opportunity.id, s: 'SUBMITTED' },
        hrLumc,
      );
      expect(submittedOnes.data?.applicationsForOpportunity).toHaveLength(1);
      const rejected = await t.gql<{ applicationsForOpportunity: unknown[] }>(
        q,
        { o: opportunity.id, s: 'REJECTED' },
        hrLumc,
      );
      expect(rejected.data?.applicationsForOpportunity).toEqual([]);
    });
  });

  describe('ranking applicants', () => {
    async function threeApplicants(opportunity: OpportunityEntity): Promise<Application[]> {
      const candidates = await Promise.all([aCandidate(t), aCandidate(t), aCandidate(t)]);
      const apps: Application[] = [];
      for (const c of candidates) apps.push(await submitted(c, opportunity));
      return apps;
    }

    it('stores the host’s ordered ranking and replaces it on the next call', async () => {
      const opportunity = await openOpportunity();
      const [a, b, c] = await threeApplicants(opportunity);
      const first = await t.gql<{ rankApplicants: { rank: number; application: { id: string } }[] }>(
        RANK,
        { o: opportunity.id, ids: [b.id, a.id, c.id] },
        host.token,
      );
      expect(first.data?.rankApplicants.map((r) => [r.rank, r.application.id])).toEqual([
        [1, b.id],
        [2, a.id],
        [3, c.id],
      ]);
      await t.gql(RANK, { o: opportunity.id, ids: [c.id, b.id] }, host.token);
      const ranking = await t.gql<{ applicantRanking: { rank: number; application: { id: string } }[] }>(
        RANKING,
        { o: opportunity.id },
        hrLumc,
      );
      expect(ranking.data?.applicantRanking.map((r) => [r.rank, r.application.id])).toEqual([
        [1, c.id],
        [2, b.id],
      ]);
    });

    it('refuses duplicates, applications of another opportunity and withdrawn ones, keeping the old ranking', async () => {
      const opportunity = await openOpportunity();
      const [a, b, c] = await threeApplicants(opportunity);
      await t.gql(RANK, { o: opportunity.id, ids: [a.id, b.id] }, host.token);
      const foreign = await submitted(await aCandidate(t), await openOpportunity());
      const withdrawnCandidate = await aCandidate(t);
      const withdrawn = await submitted(withdrawnCandidate, opportunity);
      await act(WITHDRAW, { id: withdrawn.id }, withdrawnCandidate.token);

      expect(errorOf(await t.gql(RANK, { o: opportunity.id, ids: [a.id, a.id] }, host.token))).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'applicationIds' }],
      });
      for (const bad of [foreign.id, withdrawn.id]) {
        const error = errorOf(await t.gql(RANK, { o: opportunity.id, ids: [c.id, bad] }, host.token));
        expect(error).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'applicationIds' }] });
        expect(error.message).toContain(bad);
      }
      const ranking = await t.gql<{ applicantRanking: { application: { id: string } }[] }>(
        RANKING,
        { o: opportunity.id },
        host.token,
      );
      expect(ranking.data?.applicantRanking.map((r) => r.application.id)).toEqual([a.id, b.id]);
    });

    it('answers NOT_FOUND to staff who do not host the opportunity', async () => {
      const opportunity = await openOpportunity();
      const [a] = await threeApplicants(opportunity);
      const outsider = await aSupervisor(t, 'LUMC');
      for (const token of [outsider.token, hrJanssen]) {
        expect(errorOf(await t.gql(RANK, { o: opportunity.id, ids: [a.id] }, token))).toMatchObject({
          code: 'NOT_FOUND',
          message: 'Opportunity not found',
        });
        expect(errorOf(await t.gql(RANKING, { o: opportunity.id }, token)).code).toBe('NOT_FOUND');
      }
    });
  });
});
