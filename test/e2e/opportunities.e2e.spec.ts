import { LiveEvents } from '../../src/common/events/live-events';
import { CompetenceEntity } from '../../src/competences/entities/competence.entity';
import { OpportunityKind, UserRole } from '../../src/core/domain/enums';
import {
  aDraft,
  anOpenOpportunity,
  dayFromNow,
  DETAILS,
  lifecycle,
  OPPORTUNITY_FIELDS,
  opportunityInput,
  OpportunityView,
  someCompetences,
} from '../factories/opportunities.factory';
import { aUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const CREATE = `mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { ${OPPORTUNITY_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateOpportunityInput!) { updateOpportunity(id: $id, input: $i) { ${OPPORTUNITY_FIELDS} } }`;
const GET = `query($id: ID!) { opportunity(id: $id) { ${OPPORTUNITY_FIELDS} } }`;
const INVITE = `mutation($o: ID!, $u: ID!) { inviteCoSupervisor(opportunityId: $o, userId: $u) {
  opportunityId coSupervisorId status declineReason coSupervisor { displayName organisation { code } } } }`;
const RESPOND = `mutation($o: ID!, $a: Boolean!, $r: String) { respondToCoSupervision(opportunityId: $o, accept: $a, reason: $r) {
  status declineReason respondedAt } }`;

function errorOf(res: GqlResponse) {
  return res.errors?.[0]?.extensions;
}

function fieldsOf(res: GqlResponse): string[] {
  return ((errorOf(res)?.fields as { field: string }[] | undefined) ?? []).map((f) => f.field).sort();
}

describe('opportunities', () => {
  let t: TestApp;
  let admin: string;
  let lumcSupervisor: string;
  let lumcHr: string;
  let leidenHr: string;
  let leidenSupervisor: string;
  let janssenSupervisorId: string;
  let janssenSupervisor: string;
  let lumcCandidate: string;
  let competences: CompetenceEntity[];

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    [admin, lumcSupervisor, lumcHr, leidenHr, leidenSupervisor, janssenSupervisor, lumcCandidate] =
      await Promise.all(
        [
          'admin@talent-exchange.test',
          'supervisor@lumc.test',
          'hr@lumc.test',
          'hr@leiden.test',
          'supervisor@leiden.test',
          'supervisor@janssen.test',
          'candidate@lumc.test',
        ].map((e) => t.login(e)),
      );
    const me = await t.gql<{ me: { id: string } }>('{ me { id } }', {}, janssenSupervisor);
    janssenSupervisorId = me.data!.me.id;
    competences = await someCompetences(t, 4);
  }, 120_000);
  afterAll(() => t.close());

  async function myOpportunityCount(token: string): Promise<number> {
    const res = await t.gql<{ myOpportunities: { id: string }[] }>('{ myOpportunities { id } }', {}, token);
    return res.data!.myOpportunities.length;
  }

  describe('drafting', () => {
    it.each(Object.values(OpportunityKind))(
      'creates a %s draft with its kind-specific fields, led by the supervisor in their organisation',
      async (kind) => {
        const res = await t.gql<{ createOpportunity: OpportunityView }>(
          CREATE,
          {
            i: opportunityInput(kind, {
              requirements: [
                { competenceId: competences[0].id, minLevel: 3, weight: 2, essential: true },
                { competenceId: competences[1].id, minLevel: 1 },
              ],
              developedCompetenceIds: [competences[2].id],
              confidentialDetails: 'Lab 4.12, badge at the front desk',
              workMode: 'HYBRID',
            }),
          },
          lumcSupervisor,
        );
        expect(res.errors).toBeUndefined();
        const o = res.data!.createOpportunity;
        expect(o).toMatchObject({
          kind,
          status: 'DRAFT',
          leadSupervisor: { displayName: 'Dr. Sander Bakker', organisation: { code: 'LUMC' } },
          confidentialDetails: 'Lab 4.12, badge at the front desk',
          coSupervision: null,
        });
        const details = Object.fromEntries(Object.entries(o.details).filter(([, v]) => v !== null));
        expect(details).toEqual(DETAILS[kind]);
        expect(o.requirements).toHaveLength(2);
        expect(o.requirements[0]).toMatchObject({
          competenceId: competences[0].id,
          minLevel: 3,
          weight: 2,
          essential: true,
        });
        expect(o.requirements[1]).toMatchObject({ minLevel: 1, weight: 1, essential: false });
        expect(o.developedCompetences).toEqual([{ id: competences[2].id, code: competences[2].code }]);
      },
    );

    it.each([
      [
        OpportunityKind.EXCHANGE_SLOT,
        'details.teachingHours',
        { subject: 'Immunology', courseLevel: 'MASTER' },
      ],
      [
        OpportunityKind.INTERNSHIP,
        'details.projectLevel',
        { weeks: 12, credits: 15, projectLevel: 'MASTER' },
      ],
      [OpportunityKind.WORKPLACE_VISIT, 'details.days', { groupSize: 10 }],
      [OpportunityKind.CO_SUPERVISED_PROJECT, 'details.projectLevel', { load: 4 }],
    ])(
      'refuses a %s with wrong kind-specific fields, naming %s, and stores nothing',
      async (kind, field, details) => {
        const before = await myOpportunityCount(lumcSupervisor);
        const res = await t.gql(CREATE, { i: opportunityInput(kind, { details }) }, lumcSupervisor);
        expect(errorOf(res)?.code).toBe('BAD_USER_INPUT');
        expect(fieldsOf(res)).toContain(field);
        expect(await myOpportunityCount(lumcSupervisor)).toBe(before);
      },
    );

    it('refuses a workplace visit of more than five days, naming details.days', async () => {
      const res = await t.gql(
        CREATE,
        { i: opportunityInput(OpportunityKind.WORKPLACE_VISIT, { details: { days: 7, groupSize: 5 } }) },
        lumcSupervisor,
      );
      expect(errorOf(res)?.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(res)).toEqual(['details.days']);
    });

    it('refuses a workplace visit whose days contradict its dates (end date included), on create and on edit', async () => {
      const visit = (details: Record<string, unknown>, startsOn: string, endsOn: string) =>
        opportunityInput(OpportunityKind.WORKPLACE_VISIT, { details, startsOn, endsOn });
      const start = dayFromNow(60);
      const third = dayFromNow(62);
      const wrong = await t.gql(
        CREATE,
        { i: visit({ days: 2, groupSize: 5 }, start, third) },
        lumcSupervisor,
      );
      expect(errorOf(wrong)?.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(wrong)).toEqual(['details.days']);

      const oneDay = await t.gql<{ createOpportunity: { id: string } }>(
        CREATE,
        { i: visit({ days: 1, groupSize: 5 }, start, start) },
        lumcSupervisor,
      );
      expect(oneDay.errors).toBeUndefined();
      const id = oneDay.data!.createOpportunity.id;
      // Moving the end alone would make a one-day visit last three days.
      const moved = await t.gql(UPDATE, { id, i: { endsOn: third } }, lumcSupervisor);
      expect(fieldsOf(moved)).toEqual(['details.days']);
      const both = await t.gql<{ updateOpportunity: { details: { days: number } } }>(
        UPDATE,
        { id, i: { endsOn: third, details: { days: 3, groupSize: 5 } } },
        lumcSupervisor,
      );
      expect(both.errors).toBeUndefined();
      expect(both.data!.updateOpportunity.details.days).toBe(3);
    });

    it('refuses requirements with a level above 4 or a weight of 0, and an end before the start', async () => {
      const res = await t.gql(
        CREATE,
        {
          i: opportunityInput(OpportunityKind.INTERNSHIP, {
            requirements: [{ competenceId: competences[0].id, minLevel: 5, weight: 0, essential: true }],
          }),
        },
        lumcSupervisor,
      );
      expect(fieldsOf(res)).toEqual(['requirements.0.minLevel', 'requirements.0.weight']);
      const period = await t.gql(
        CREATE,
        { i: opportunityInput(OpportunityKind.INTERNSHIP, { startsOn: '2031-05-01', endsOn: '2031-04-01' }) },
        lumcSupervisor,
      );
      expect(fieldsOf(period)).toEqual(['endsOn']);
    });

    it('refuses unknown and retired competences with their reasons, storing nothing', async () => {
      const [retired] = await someCompetences(t, 1, { retired: true });
      const before = await myOpportunityCount(lumcSupervisor);
      const res = await t.gql(
        CREATE,
        {
          i: opportunityInput(OpportunityKind.INTERNSHIP, {
            requirements: [{ competenceId: retired.id, minLevel: 2 }],
          }),
        },
        lumcSupervisor,
      );
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COMPETENCE_RETIRED' });
      expect(fieldsOf(res)).toEqual(['requirements.0.competenceId']);
      const unknown = await t.gql(
        CREATE,
        {
          i: opportunityInput(OpportunityKind.INTERNSHIP, {
            developedCompetenceIds: ['00000000-0000-4000-8000-000000000000'],
          }),
        },
        lumcSupervisor,
      );
      expect(errorOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_COMPETENCE' });
      expect(fieldsOf(unknown)).toEqual(['developedCompetenceIds.0']);
      expect(await myOpportunityCount(lumcSupervisor)).toBe(before);
    });

    it('lets only supervisors draft', async () => {
      for (const token of [lumcCandidate, lumcHr]) {
        const res = await t.gql(CREATE, { i: opportunityInput() }, token);
        expect(errorOf(res)?.code).toBe('FORBIDDEN');
      }
    });

    it('edits a draft in place and replaces its requirements', async () => {
      const draft = await aDraft(t, lumcSupervisor, OpportunityKind.INTERNSHIP, {
        requirements: [{ competenceId: competences[0].id, minLevel: 2 }],
      });
      const res = await t.gql<{ updateOpportunity: OpportunityView }>(
        UPDATE,
        {
          id: draft.id,
          i: {
            capacity: 5,
            details: { weeks: 10, credits: 7.5 },
            requirements: [{ competenceId: competences[3].id, minLevel: 4, essential: true }],
          },
        },
        lumcSupervisor,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.updateOpportunity).toMatchObject({
        status: 'DRAFT',
        capacity: 5,
        details: { weeks: 10, credits: 7.5 },
        requirements: [{ competenceId: competences[3].id, minLevel: 4, essential: true }],
      });
    });
  });

  describe('lifecycle', () => {
    it('runs DRAFT → PENDING_APPROVAL → OPEN → CLOSED → ALLOCATED → COMPLETED by the right people', async () => {
      const draft = await aDraft(t, lumcSupervisor);
      const steps: [string, string, string][] = [
        ['submitOpportunity', lumcSupervisor, 'PENDING_APPROVAL'],
        ['approveOpportunity', lumcHr, 'OPEN'],
        ['closeOpportunity', lumcHr, 'CLOSED'],
        ['markOpportunityAllocated', admin, 'ALLOCATED'],
        ['completeOpportunity', lumcHr, 'COMPLETED'],
      ];
      for (const [mutation, token, status] of steps) {
        const res = await lifecycle(t, mutation, draft.id, token);
        expect(res.errors).toBeUndefined();
        expect(res.data![mutation].status).toBe(status);
      }
    });

    it('refuses an illegal move with CONFLICT naming the current state', async () => {
      const draft = await aDraft(t, lumcSupervisor);
      const res = await lifecycle(t, 'approveOpportunity', draft.id, lumcHr);
      expect(errorOf(res)).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
      expect(res.errors![0].message).toContain('DRAFT');
      const complete = await lifecycle(t, 'completeOpportunity', draft.id, admin);
      expect(complete.errors![0].message).toContain('state DRAFT');
    });

    it('hides a pending proposal from HR of another organisation (NOT_FOUND) and refuses candidates', async () => {
      const draft = await aDraft(t, lumcSupervisor);
      await lifecycle(t, 'submitOpportunity', draft.id, lumcSupervisor);
      const other = await lifecycle(t, 'approveOpportunity', draft.id, leidenHr);
      expect(errorOf(other)?.code).toBe('NOT_FOUND');
      const get = await t.gql(GET, { id: draft.id }, leidenHr);
      expect(errorOf(get)?.code).toBe('NOT_FOUND');
      expect(get.errors![0].message).toBe('Opportunity not found');
      const missing = await lifecycle(
        t,
        'approveOpportunity',
        '00000000-0000-4000-8000-000000000000',
        leidenHr,
      );
      expect(missing.errors![0].message).toBe(get.errors![0].message);
      const candidate = await lifecycle(t, 'approveOpportunity', draft.id, lumcCandidate);
      expect(errorOf(candidate)?.code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(GET, { id: draft.id }, lumcCandidate))?.code).toBe('NOT_FOUND');
      const own = await lifecycle(t, 'submitOpportunity', draft.id, leidenSupervisor);
      expect(errorOf(own)?.code).toBe('NOT_FOUND');
    });

    it('lets HR of another organisation see an open opportunity but not close it', async () => {
      const open = await anOpenOpportunity(t, lumcSupervisor, lumcHr);
      expect((await t.gql(GET, { id: open.id }, leidenHr)).errors).toBeUndefined();
      const res = await lifecycle(t, 'closeOpportunity', open.id, leidenHr);
      expect(errorOf(res)?.code).toBe('FORBIDDEN');
    });

    it('returns a proposal with a comment the supervisor reads, and needs the comment', async () => {
      const draft = await aDraft(t, lumcSupervisor);
      await lifecycle(t, 'submitOpportunity', draft.id, lumcSupervisor);
      const blank = await lifecycle(t, 'returnOpportunity', draft.id, lumcHr, { comment: '   ' });
      expect(errorOf(blank)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });
      expect(fieldsOf(blank)).toEqual(['comment']);
      const res = await lifecycle(t, 'returnOpportunity', draft.id, lumcHr, {
        comment: 'Please add the essential competences.',
      });
      expect(res.data!.returnOpportunity.status).toBe('DRAFT');
      const seen = await t.gql<{ opportunity: OpportunityView }>(GET, { id: draft.id }, lumcSupervisor);
      expect(seen.data!.opportunity.reviewComment).toBe('Please add the essential competences.');
    });

    it('cancels with a reason only, and rejects the live applications', async () => {
      const open = await anOpenOpportunity(t, lumcSupervisor, lumcHr);
      const applicant = await aUser(t, { roles: [UserRole.CANDIDATE] });
      await t.dataSource.query(
        `INSERT INTO applications (opportunity_id, candidate_id, status) VALUES ($1, $2, 'SUBMITTED')`,
        [open.id, applicant.user.id],
      );
      const noReason = await lifecycle(t, 'cancelOpportunity', open.id, lumcHr, { reason: '' });
      expect(errorOf(noReason)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });
      expect(fieldsOf(noReason)).toEqual(['reason']);
      const res = await lifecycle(t, 'cancelOpportunity', open.id, admin, {
        reason: 'The lab moves in spring.',
      });
      expect(res.data!.cancelOpportunity).toMatchObject({
        status: 'CANCELLED',
        cancelReason: 'The lab moves in spring.',
      });
      const rows: { status: string; reason: string }[] = await t.dataSource.query(
        `SELECT a.status, tr.reason FROM applications a JOIN application_transitions tr ON tr.application_id = a.id
          WHERE a.opportunity_id = $1`,
        [open.id],
      );
      expect(rows).toEqual([
        { status: 'REJECTED', reason: 'Opportunity cancelled: The lab moves in spring.' },
      ]);
      const again = await lifecycle(t, 'completeOpportunity', open.id, lumcHr);
      expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
      expect(again.errors![0].message).toContain('CANCELLED');
    });

    it('cancelling announces each rejection live (applicationStatusChanged) and records who cancelled', async () => {
      const open = await anOpenOpportunity(t, lumcSupervisor, lumcHr);
      const applicant = await aUser(t, { roles: [UserRole.CANDIDATE] });
      const [{ id: applicationId }]: { id: string }[] = await t.dataSource.query(
        `INSERT INTO applications (opportunity_id, candidate_id, status) VALUES ($1, $2, 'SHORTLISTED') RETURNING id`,
        [open.id, applicant.user.id],
      );
      const events = t.app
        .get(LiveEvents)
        .subscribeKeys<{ change: { applicationId: string; from: string; to: string } }>(
          'applicationStatusChanged',
          [`user:${applicant.user.id}`],
        );
      const next = events.next();
      const res = await lifecycle(t, 'cancelOpportunity', open.id, lumcHr, { reason: 'Funding ended.' });
      expect(res.errors).toBeUndefined();
      const event = await Promise.race([
        next,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000)),
      ]);
      void events.return?.();
      expect(event && !event.done ? event.value.change : null).toMatchObject({
        applicationId,
        from: 'SHORTLISTED',
        to: 'REJECTED',
      });
      const [transition]: { actor_id: string | null }[] = await t.dataSource.query(
        `SELECT actor_id FROM application_transitions WHERE application_id = $1 AND to_status = 'REJECTED'`,
        [applicationId],
      );
      expect(transition.actor_id).not.toBeNull();
    });

    it('lets an admin approve like HR, and refuses the supervisor approving their own', async () => {
      const draft = await aDraft(t, lumcSupervisor);
      await lifecycle(t, 'submitOpportunity', draft.id, lumcSupervisor);
      expect(errorOf(await lifecycle(t, 'approveOpportunity', draft.id, lumcSupervisor))?.code).toBe(
        'FORBIDDEN',
      );
      expect(
        (await lifecycle(t, 'approveOpportunity', draft.id, admin)).data!.approveOpportunity.status,
      ).toBe('OPEN');
    });
  });

  describe('co-supervised projects', () => {
    it('needs a supervisor of another organisation as co-supervisor', async () => {
      const draft = await aDraft(t, lumcSupervisor, OpportunityKind.CO_SUPERVISED_PROJECT);
      const colleague = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
      const candidate = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'JANSSEN' });
      for (const userId of [colleague.user.id, candidate.user.id, '00000000-0000-4000-8000-000000000000']) {
        const res = await t.gql(INVITE, { o: draft.id, u: userId }, lumcSupervisor);
        expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CO_SUPERVISOR' });
        expect(fieldsOf(res)).toEqual(['userId']);
      }
      const internship = await aDraft(t, lumcSupervisor, OpportunityKind.INTERNSHIP);
      const notCo = await t.gql(INVITE, { o: internship.id, u: janssenSupervisorId }, lumcSupervisor);
      expect(errorOf(notCo)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_CO_SUPERVISED' });
    });

    it('runs invite, decline with a reason, re-invite, accept, submit and approve', async () => {
      const draft = await aDraft(t, lumcSupervisor, OpportunityKind.CO_SUPERVISED_PROJECT, {
        title: 'Co-supervised master project: machine learning on trial data',
      });
      const invited = await t.gql<{ inviteCoSupervisor: Record<string, unknown> }>(
        INVITE,
        { o: draft.id, u: janssenSupervisorId },
        lumcSupervisor,
      );
      expect(invited.data!.inviteCoSupervisor).toMatchObject({
        status: 'INVITED',
        coSupervisor: { displayName: 'Dr. Ruben Meijer', organisation: { code: 'JANSSEN' } },
      });

      const early = await lifecycle(t, 'submitOpportunity', draft.id, lumcSupervisor);
      expect(errorOf(early)).toMatchObject({ code: 'CONFLICT', reason: 'CO_SUPERVISOR_NOT_CONFIRMED' });

      const mine = await t.gql<{
        myCoSupervisions: { status: string; opportunity: { id: string; title: string } }[];
      }>('{ myCoSupervisions { status opportunity { id title } } }', {}, janssenSupervisor);
      expect(mine.data!.myCoSupervisions).toContainEqual({
        status: 'INVITED',
        opportunity: { id: draft.id, title: 'Co-supervised master project: machine learning on trial data' },
      });
      expect((await t.gql(GET, { id: draft.id }, janssenSupervisor)).errors).toBeUndefined();

      const stranger = await t.gql(RESPOND, { o: draft.id, a: true }, leidenSupervisor);
      expect(errorOf(stranger)?.code).toBe('NOT_FOUND');
      const noReason = await t.gql(RESPOND, { o: draft.id, a: false, r: ' ' }, janssenSupervisor);
      expect(errorOf(noReason)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });
      const declined = await t.gql<{ respondToCoSupervision: { status: string; declineReason: string } }>(
        RESPOND,
        { o: draft.id, a: false, r: 'No time before autumn.' },
        janssenSupervisor,
      );
      expect(declined.data!.respondToCoSupervision).toMatchObject({
        status: 'DECLINED',
        declineReason: 'No time before autumn.',
      });
      const again = await t.gql(RESPOND, { o: draft.id, a: true }, janssenSupervisor);
      expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
      expect(again.errors![0].message).toContain('DECLINED');

      const leiden = await t.gql<{ me: { id: string } }>('{ me { id } }', {}, leidenSupervisor);
      await t.gql(INVITE, { o: draft.id, u: leiden.data!.me.id }, lumcSupervisor);
      const accepted = await t.gql<{ respondToCoSupervision: { status: string } }>(
        RESPOND,
        { o: draft.id, a: true },
        leidenSupervisor,
      );
      expect(accepted.data!.respondToCoSupervision.status).toBe('ACCEPTED');
      expect((await lifecycle(t, 'submitOpportunity', draft.id, lumcSupervisor)).errors).toBeUndefined();
      const approved = await lifecycle(t, 'approveOpportunity', draft.id, lumcHr);
      expect(approved.data!.approveOpportunity.status).toBe('OPEN');
    });

    it('sends an approved project back to DRAFT on a substantive edit and asks the co-supervisor again', async () => {
      const lead = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
      const co = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LEIDEN_UNIV' });
      const open = await openCoSupervised(lead.token, co.user.id, co.token, 1);

      const minor = await t.gql<{ updateOpportunity: OpportunityView }>(
        UPDATE,
        { id: open.id, i: { language: 'nl', confidentialDetails: 'Room 2' } },
        lead.token,
      );
      expect(minor.data!.updateOpportunity).toMatchObject({
        status: 'OPEN',
        coSupervision: { status: 'ACCEPTED' },
      });

      const res = await t.gql<{ updateOpportunity: OpportunityView }>(
        UPDATE,
        { id: open.id, i: { title: 'Co-supervised postdoc project: adjuvant screening' } },
        lead.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.updateOpportunity).toMatchObject({
        status: 'DRAFT',
        title: 'Co-supervised postdoc project: adjuvant screening',
        coSupervision: { coSupervisorId: co.user.id, status: 'INVITED' },
      });
      const submit = await lifecycle(t, 'submitOpportunity', open.id, lead.token);
      expect(errorOf(submit)?.reason).toBe('CO_SUPERVISOR_NOT_CONFIRMED');
      const coEdit = await t.gql(UPDATE, { id: open.id, i: { capacity: 3 } }, co.token);
      expect(errorOf(coEdit)?.code).toBe('FORBIDDEN');
    });

    it("refuses approval beyond the lead supervisor's load cap", async () => {
      const lead = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
      const co = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'JANSSEN' });
      await openCoSupervised(lead.token, co.user.id, co.token, 3);
      const co2 = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LEIDEN_UNIV' });
      const second = await aDraft(t, lead.token, OpportunityKind.CO_SUPERVISED_PROJECT, { capacity: 2 });
      await t.gql(INVITE, { o: second.id, u: co2.user.id }, lead.token);
      await t.gql(RESPOND, { o: second.id, a: true }, co2.token);
      await lifecycle(t, 'submitOpportunity', second.id, lead.token);
      const res = await lifecycle(t, 'approveOpportunity', second.id, lumcHr);
      expect(errorOf(res)).toMatchObject({ code: 'CONFLICT', reason: 'SUPERVISOR_LOAD_EXCEEDED' });
      expect(res.errors![0].message).toContain('lead supervisor');
      const still = await t.gql<{ opportunity: OpportunityView }>(GET, { id: second.id }, lumcHr);
      expect(still.data!.opportunity.status).toBe('PENDING_APPROVAL');
    });

    it('tells the co-supervisor of the invitation, the lead of the answer and HR of the submission', async () => {
      const lead = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
      const co = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LEIDEN_UNIV' });
      const draft = await aDraft(t, lead.token, OpportunityKind.CO_SUPERVISED_PROJECT, {
        title: 'Co-supervised master project: notifications check',
      });
      await t.gql(INVITE, { o: draft.id, u: co.user.id }, lead.token);
      await t.gql(RESPOND, { o: draft.id, a: true }, co.token);
      await lifecycle(t, 'submitOpportunity', draft.id, lead.token);
      const inbox = async (token: string) => {
        const res = await t.gql<{
          notifications: { type: string; message: string; opportunityId: string }[];
        }>('{ notifications(first: 50) { type message opportunityId } }', {}, token);
        expect(res.errors).toBeUndefined();
        return res.data!.notifications.filter((n) => n.opportunityId === draft.id).map((n) => n.type);
      };
      expect(await inbox(co.token)).toEqual(['CO_SUPERVISION_INVITED']);
      expect(await inbox(lead.token)).toEqual(['CO_SUPERVISION_ACCEPTED']);
      expect(await inbox(lumcHr)).toEqual(['OPPORTUNITY_SUBMITTED_FOR_APPROVAL']);
      expect(await inbox(leidenHr)).toEqual([]);
    });

    async function openCoSupervised(
      leadToken: string,
      coId: string,
      coToken: string,
      capacity: number,
    ): Promise<OpportunityView> {
      const draft = await aDraft(t, leadToken, OpportunityKind.CO_SUPERVISED_PROJECT, { capacity });
      expect((await t.gql(INVITE, { o: draft.id, u: coId }, leadToken)).errors).toBeUndefined();
      expect((await t.gql(RESPOND, { o: draft.id, a: true }, coToken)).errors).toBeUndefined();
      expect((await lifecycle(t, 'submitOpportunity', draft.id, leadToken)).errors).toBeUndefined();
      const approved = await lifecycle(t, 'approveOpportunity', draft.id, lumcHr);
      expect(approved.errors).toBeUndefined();
      return { ...draft, status: 'OPEN' };
    }
  });

  describe('confidential details', () => {
    it('shows them to host staff, HR of the host, admins and shortlisted applicants only', async () => {
      const open = await anOpenOpportunity(t, lumcSupervisor, lumcHr, OpportunityKind.INTERNSHIP, {
        confidentialDetails: 'Project code JNJ-4711',
      });
      const submitted = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV' });
      const shortlisted = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'JANSSEN' });
      await t.dataSource.query(
        `INSERT INTO applications (opportunity_id, candidate_id, status) VALUES ($1, $2, 'SUBMITTED'), ($1, $3, 'SHORTLISTED')`,
        [open.id, submitted.user.id, shortlisted.user.id],
      );
      const read = async (token: string) => {
        const res = await t.gql<{ opportunity: { confidentialDetails: string | null } }>(
          'query($id: ID!) { opportunity(id: $id) { confidentialDetails } }',
          { id: open.id },
          token,
        );
        expect(res.errors).toBeUndefined();
        return res.data!.opportunity.confidentialDetails;
      };
      for (const token of [lumcSupervisor, lumcHr, admin, shortlisted.token]) {
        expect(await read(token)).toBe('Project code JNJ-4711');
      }
      for (const token of [lumcCandidate, leidenHr, submitted.token]) {
        expect(await read(token)).toBeNull();
      }
      const list = await t.gql<{
        opportunities: { edges: { node: { id: string; confidentialDetails: string } }[] };
      }>(
        '{ opportunities(first: 100) { edges { node { id confidentialDetails } } } }',
        {},
        shortlisted.token,
      );
      expect(
        list.data!.opportunities.edges.find((e) => e.node.id === open.id)?.node.confidentialDetails,
      ).toBe('Project code JNJ-4711');
      expect(list.data!.opportunities.edges.filter((e) => e.node.confidentialDetails !== null)).toHaveLength(
        1,
      );
    });
  });
});
