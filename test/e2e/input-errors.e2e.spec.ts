import { randomUUID } from 'node:crypto';
import { ApplicationStatus, CareerStage, OpportunityKind } from '../../src/core/domain/enums';
import { aCandidate, anApplication } from '../factories/applications.factory';
import { aDraft, anOpenOpportunity, dayFromNow, opportunityInput } from '../factories/opportunities.factory';
import { aRound, CREATE_ROUND } from '../factories/rounds.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

/**
 * Error codes a client can rely on: every invalid field of an input in one answer (whether
 * class-validator or the use case's own checks found it), and CONFLICT when the status of a record
 * forbids a step its actor may otherwise take.
 */
describe('input errors in one answer; state conflicts are CONFLICT', () => {
  let t: TestApp;
  let supervisor: string;
  let hr: string;

  const errorOf = (res: GqlResponse) => {
    expect(res.errors).toHaveLength(1);
    return res.errors![0].extensions;
  };

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    supervisor = await t.login('supervisor@lumc.test');
    hr = await t.login('hr@lumc.test');
  });
  afterAll(() => t.close());

  describe('one answer per input', () => {
    it('createOpportunity names a bad period, an unknown department and an unknown competence together', async () => {
      const res = await t.gql(
        'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }',
        {
          i: opportunityInput(OpportunityKind.INTERNSHIP, {
            startsOn: dayFromNow(90),
            endsOn: dayFromNow(60),
            hostDepartmentId: randomUUID(),
            requirements: [{ competenceId: randomUUID(), minLevel: 2, essential: true }],
          }),
        },
        supervisor,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect((error.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
        'endsOn',
        'hostDepartmentId',
        'requirements.0.competenceId',
      ]);
      const mine = await t.gql<{ myOpportunities: unknown[] }>('{ myOpportunities { id } }', {}, supervisor);
      expect(mine.data?.myOpportunities).toEqual([]);
    });

    it('gives every invalid field a stable code with its params, next to the English message', async () => {
      const res = await t.gql(
        'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }',
        {
          i: opportunityInput(OpportunityKind.INTERNSHIP, {
            title: 'ab',
            startsOn: dayFromNow(90),
            endsOn: dayFromNow(60),
            hostDepartmentId: randomUUID(),
          }),
        },
        supervisor,
      );
      const error = errorOf(res);
      const byField = Object.fromEntries(
        (error.fields as { field: string; code: string; params?: unknown }[]).map((f) => [f.field, f]),
      );
      expect(byField.title).toMatchObject({ code: 'TOO_SHORT', params: { min: 5, max: 200 } });
      expect(byField.endsOn).toMatchObject({
        code: 'PERIOD_ENDS_BEFORE_START',
        params: { start: 'startsOn' },
      });
      expect(byField.hostDepartmentId).toMatchObject({ code: 'UNKNOWN_REFERENCE' });
      expect((error.fields as { code?: string }[]).every((f) => typeof f.code === 'string')).toBe(true);
    });

    it('updateOpportunity names a bad period and an unknown competence together, and changes nothing', async () => {
      const draft = await aDraft(t, supervisor);
      const res = await t.gql(
        'mutation($id: ID!, $i: UpdateOpportunityInput!) { updateOpportunity(id: $id, input: $i) { id } }',
        {
          id: draft.id,
          i: {
            title: 'A new title that must not be saved',
            endsOn: '2000-01-01',
            developedCompetenceIds: [randomUUID()],
          },
        },
        supervisor,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect((error.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
        'developedCompetenceIds.0',
        'endsOn',
      ]);
      const after = await t.gql<{ opportunity: { title: string } }>(
        'query($id: ID!) { opportunity(id: $id) { title } }',
        { id: draft.id },
        supervisor,
      );
      expect(after.data?.opportunity.title).toBe(draft.title);
    });

    it('createRound names a past ranking deadline and an opportunity out of scope together', async () => {
      const res = await t.gql(
        CREATE_ROUND,
        {
          input: {
            name: 'Spring calls',
            opportunityIds: [randomUUID()],
            rankingDeadline: new Date(Date.now() - 60_000).toISOString(),
            maxChoices: 3,
            responseWindowHours: 48,
            algorithm: 'SEATS_DA',
            optimal: 'CANDIDATE',
          },
        },
        hr,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect((error.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
        'opportunityIds',
        'rankingDeadline',
      ]);
      // Each field says why with a code a client writes in its own language.
      expect(error.fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'rankingDeadline', code: 'NOT_IN_FUTURE' }),
          expect.objectContaining({ field: 'opportunityIds', code: 'UNKNOWN_REFERENCE' }),
        ]),
      );
    });

    it('submitRoundChoices names too many choices and a foreign opportunity together', async () => {
      const open = await anOpenOpportunity(t, supervisor, hr);
      const round = await aRound(t, hr, { opportunityIds: [open.id], maxChoices: 1 });
      const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
      const res = await t.gql(
        'mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }',
        { r: round.id, o: [open.id, randomUUID()] },
        candidate.token,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      const messages = (error.fields as { message: string }[]).map((f) => f.message).join(' | ');
      expect(messages).toMatch(/at most 1 choices/);
      expect(messages).toMatch(/not opportunities of this round/);
    });

    it("createOpportunity names its declared constraints and the use case's checks together", async () => {
      const before = await t.gql<{ myOpportunities: unknown[] }>(
        '{ myOpportunities { id } }',
        {},
        supervisor,
      );
      const res = await t.gql(
        'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }',
        {
          i: opportunityInput(OpportunityKind.INTERNSHIP, {
            title: 'x',
            capacity: 0,
            startsOn: dayFromNow(90),
            endsOn: dayFromNow(60),
            requirements: [{ competenceId: randomUUID(), minLevel: 9, essential: true }],
          }),
        },
        supervisor,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.reason).toBeUndefined();
      expect([...new Set((error.fields as { field: string }[]).map((f) => f.field))].sort()).toEqual([
        'capacity',
        'endsOn',
        'requirements.0.competenceId',
        'requirements.0.minLevel',
        'title',
      ]);
      const after = await t.gql<{ myOpportunities: unknown[] }>('{ myOpportunities { id } }', {}, supervisor);
      expect(after.data?.myOpportunities).toHaveLength(before.data!.myOpportunities.length);
    });

    it('createOpportunity compares no day its declared constraints refused', async () => {
      const res = await t.gql(
        'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }',
        { i: opportunityInput(OpportunityKind.INTERNSHIP, { startsOn: '2027-13-45', title: 'x' }) },
        supervisor,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect([...new Set((error.fields as { field: string }[]).map((f) => f.field))].sort()).toEqual([
        'startsOn',
        'title',
      ]);
    });

    it('updateOpportunity names a too short title and an unknown competence together, and changes nothing', async () => {
      const draft = await aDraft(t, supervisor);
      const res = await t.gql(
        'mutation($id: ID!, $i: UpdateOpportunityInput!) { updateOpportunity(id: $id, input: $i) { id } }',
        { id: draft.id, i: { title: 'x', capacity: 5000, developedCompetenceIds: [randomUUID()] } },
        supervisor,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect([...new Set((error.fields as { field: string }[]).map((f) => f.field))].sort()).toEqual([
        'capacity',
        'developedCompetenceIds.0',
        'title',
      ]);
      const after = await t.gql<{ opportunity: { title: string } }>(
        'query($id: ID!) { opportunity(id: $id) { title } }',
        { id: draft.id },
        supervisor,
      );
      expect(after.data?.opportunity.title).toBe(draft.title);
    });

    it('createRound names a blank name, too many choices, a past deadline and an opportunity out of scope together', async () => {
      const res = await t.gql(
        CREATE_ROUND,
        {
          input: {
            name: '  ',
            opportunityIds: [randomUUID()],
            rankingDeadline: new Date(Date.now() - 60_000).toISOString(),
            maxChoices: 0,
            responseWindowHours: 48,
            algorithm: 'SEATS_DA',
            optimal: 'CANDIDATE',
          },
        },
        hr,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect([...new Set((error.fields as { field: string }[]).map((f) => f.field))].sort()).toEqual([
        'maxChoices',
        'name',
        'opportunityIds',
        'rankingDeadline',
      ]);
    });

    it('submitRoundChoices names a repeated choice and too many choices together', async () => {
      const open = await anOpenOpportunity(t, supervisor, hr);
      const round = await aRound(t, hr, { opportunityIds: [open.id], maxChoices: 1 });
      const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
      const res = await t.gql(
        'mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }',
        { r: round.id, o: [open.id, open.id] },
        candidate.token,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      const messages = (error.fields as { message: string }[]).map((f) => f.message).join(' | ');
      expect(messages).toMatch(/unique/);
      expect(messages).toMatch(/at most 1 choices/);
      const mine = await t.gql<{ myRoundChoices: unknown[] }>(
        'query($r: ID!) { myRoundChoices(roundId: $r) { rank } }',
        { r: round.id },
        candidate.token,
      );
      expect(mine.data?.myRoundChoices ?? []).toEqual([]);
    });

    it('names every malformed id and NUL character of an operation in one BAD_USER_INPUT', async () => {
      const res = await t.gql(
        `mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }`,
        {
          i: opportunityInput(OpportunityKind.INTERNSHIP, {
            title: 'Nul\u0000title',
            hostDepartmentId: 'not-a-uuid',
            developedCompetenceIds: [randomUUID(), '42'],
          }),
        },
        supervisor,
      );
      expect(res.status).toBe(400);
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.fields).toHaveLength(3);
      expect(error.fields).toEqual(
        expect.arrayContaining([
          { field: 'title', message: 'must not contain NUL characters', code: 'NUL_CHARACTER' },
          { field: 'hostDepartmentId', message: 'must be a UUID', code: 'NOT_A_UUID' },
          { field: 'developedCompetenceIds.1', message: 'must be a UUID', code: 'NOT_A_UUID' },
        ]),
      );
    });
  });

  describe('one answer per input: accounts and role profiles', () => {
    it('createUser names a bad e-mail, a short password and an unknown organisation together, and creates no one', async () => {
      const admin = await t.login('admin@talent-exchange.test');
      const res = await t.gql(
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        {
          i: {
            email: 'not-an-address',
            displayName: 'Half Written',
            password: 'short',
            organisationId: randomUUID(),
            roles: ['CANDIDATE'],
          },
        },
        admin,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect((error.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
        'email',
        'organisationId',
        'password',
      ]);
      const users = await t.dataSource.query(`SELECT 1 FROM users WHERE display_name = 'Half Written'`);
      expect(users).toHaveLength(0);
    });

    it('createRoleProfile names a short title, a level out of range and an unknown competence together', async () => {
      const admin = await t.login('admin@talent-exchange.test');
      const res = await t.gql(
        'mutation($i: CreateRoleProfileInput!) { createRoleProfile(input: $i) { id } }',
        {
          i: {
            title: 'x',
            careerStage: CareerStage.POSTDOC,
            researchLevel: 'R2',
            requirements: [
              { competenceId: randomUUID(), requiredLevel: 2 },
              { competenceId: randomUUID(), requiredLevel: 7 },
            ],
          },
        },
        admin,
      );
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect([...new Set((error.fields as { field: string }[]).map((f) => f.field))].sort()).toEqual([
        'requirements.0.competenceId',
        'requirements.1.competenceId',
        'requirements.1.requiredLevel',
        'title',
      ]);
    });
  });

  describe('a status that forbids the step is CONFLICT', () => {
    it('offerApplication on a SUBMITTED application: CONFLICT for the host, FORBIDDEN for the candidate', async () => {
      const open = await anOpenOpportunity(t, supervisor, hr);
      const candidate = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
      const application = await anApplication(t, {
        opportunityId: open.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.SUBMITTED,
      });
      const offer =
        'mutation($id: ID!, $d: DateTime!) { offerApplication(id: $id, responseDeadline: $d) { status } }';
      const vars = { id: application.id, d: new Date(Date.now() + 7 * 86_400_000).toISOString() };

      const byHost = await t.gql(offer, vars, supervisor);
      expect(errorOf(byHost)).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
      expect(byHost.errors![0].message).toMatch(/SUBMITTED/);

      const byCandidate = await t.gql(offer, vars, candidate.token);
      expect(errorOf(byCandidate).code).toBe('FORBIDDEN');

      const shortlisted = await t.gql(
        'mutation($id: ID!) { shortlistApplication(id: $id) { status } }',
        { id: application.id },
        supervisor,
      );
      expect(shortlisted.errors).toBeUndefined();
      const offered = await t.gql<{ offerApplication: { status: string } }>(offer, vars, supervisor);
      expect(offered.data?.offerApplication.status).toBe('OFFERED');
    });
  });
});
