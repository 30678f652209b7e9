import { CareerStage, UserRole, Visibility } from '../../src/core/domain/enums';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, aCompetence, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { withProfile } from '../factories/profiles.factory';
import { aRound, closeRankingOf } from '../factories/rounds.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const REQUEST = `mutation($r: String!) { requestProcessingRestriction(reason: $r) {
  id personId inForce requestedByPerson reason startedAt liftedAt liftReason } }`;
const MINE = '{ myProcessingRestrictions { id inForce requestedByPerson reason liftedAt liftReason } }';
const STATUS = 'query($p: ID!) { processingRestriction(personId: $p) { personId restricted since } }';
const RESTRICT = `mutation($p: ID!, $r: String!) { restrictProcessing(personId: $p, reason: $r) { personId restricted since } }`;
const LIFT = `mutation($p: ID!, $r: String!) { liftProcessingRestriction(personId: $p, reason: $r) { personId restricted since } }`;
const FINDABLE = '{ findableProfiles(first: 100) { edges { node { userId } } } }';
const MATCHING = 'query($id: ID!) { matchingCandidates(opportunityId: $id, first: 50) { userId } }';
const RECOMMENDED = '{ recommendedOpportunities(first: 50) { opportunity { id } } }';
const NOTIFICATIONS = '{ notifications(first: 20) { type message } }';

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

describe('Restriction of processing', () => {
  let t: TestApp;
  let admin: string;
  let hrLumc: string;
  let hrJanssen: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
    hrLumc = await t.login('hr@lumc.test');
    hrJanssen = await t.login('hr@janssen.test');
  });
  afterAll(() => t.close());

  async function aFindablePerson(organisation = 'LUMC'): Promise<CreatedUser> {
    const person = await aUser(t, { roles: [UserRole.CANDIDATE], organisation });
    await withProfile(t, person.token, {
      careerStage: CareerStage.POSTDOC,
      visibility: Visibility.CONSORTIUM,
    });
    return person;
  }

  async function restrictSelf(person: CreatedUser, reason = 'My assessments are wrong'): Promise<void> {
    dataOf(await t.gql(REQUEST, { r: reason }, person.token));
  }

  it('a person’s request is in force at once; HR of their organisation sees that it applies, not why', async () => {
    const person = await aFindablePerson();
    const requested = dataOf(
      await t.gql<{ requestProcessingRestriction: Record<string, unknown> }>(
        REQUEST,
        { r: '  My assessments are wrong  ' },
        person.token,
      ),
    ).requestProcessingRestriction;
    expect(requested).toMatchObject({
      personId: person.user.id,
      inForce: true,
      requestedByPerson: true,
      reason: 'My assessments are wrong',
      liftedAt: null,
    });
    // Asking again returns the one in force.
    const again = dataOf(
      await t.gql<{ requestProcessingRestriction: { id: string } }>(REQUEST, { r: 'again' }, person.token),
    );
    expect(again.requestProcessingRestriction.id).toBe(requested.id);

    const status = await t.gql<{ processingRestriction: Record<string, unknown> }>(
      STATUS,
      { p: person.user.id },
      hrLumc,
    );
    expect(status.data!.processingRestriction).toEqual({
      personId: person.user.id,
      restricted: true,
      since: requested.startedAt,
    });
    // The status type has no reason at all: asking for one is a validation error.
    const why = await t.gql(
      'query($p: ID!) { processingRestriction(personId: $p) { reason } }',
      { p: person.user.id },
      hrLumc,
    );
    expect(why.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // HR of the organisation is told that one was asked for.
    const hrNotes = dataOf(await t.gql<{ notifications: { type: string }[] }>(NOTIFICATIONS, {}, hrLumc));
    expect(hrNotes.notifications.map((n) => n.type)).toContain('PROCESSING_RESTRICTION_REQUESTED');
  });

  it('refuses the status and the changes to everyone but HR of the organisation and admins', async () => {
    const person = await aFindablePerson();
    const other = await aFindablePerson();
    const supervisor = await aSupervisor(t, 'LUMC');
    for (const token of [other.token, supervisor.token]) {
      expect((await t.gql(STATUS, { p: person.user.id }, token)).errors?.[0].extensions.code).toBe(
        'FORBIDDEN',
      );
      expect((await t.gql(RESTRICT, { p: person.user.id, r: 'x' }, token)).errors?.[0].extensions.code).toBe(
        'FORBIDDEN',
      );
    }
    // HR of another organisation: as if the person did not exist.
    expect((await t.gql(STATUS, { p: person.user.id }, hrJanssen)).errors?.[0].extensions.code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await t.gql(RESTRICT, { p: person.user.id, r: 'x' }, hrJanssen)).errors?.[0].extensions.code,
    ).toBe('NOT_FOUND');
    expect((await t.gql(LIFT, { p: person.user.id, r: 'x' }, hrJanssen)).errors?.[0].extensions.code).toBe(
      'NOT_FOUND',
    );
    const missing = await t.gql(STATUS, { p: '00000000-0000-4000-8000-000000000000' }, hrLumc);
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const blank = await t.gql(RESTRICT, { p: person.user.id, r: '   ' }, hrLumc);
    expect(blank.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'reason' }],
    });
    expect((await t.gql(REQUEST, { r: '' }, person.token)).errors?.[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      dataOf(
        await t.gql<{ processingRestriction: { restricted: boolean } }>(STATUS, { p: person.user.id }, admin),
      ),
    ).toEqual({ processingRestriction: expect.objectContaining({ restricted: false }) });
  });

  it('HR sets and lifts a restriction with a reason; the person is told and sees the reasons; each use audited', async () => {
    const person = await aFindablePerson();
    const set = dataOf(
      await t.gql<{ restrictProcessing: { restricted: boolean } }>(
        RESTRICT,
        { p: person.user.id, r: 'Checking a correction request' },
        hrLumc,
      ),
    );
    expect(set.restrictProcessing.restricted).toBe(true);
    const lifted = dataOf(
      await t.gql<{ liftProcessingRestriction: { restricted: boolean; since: null } }>(
        LIFT,
        { p: person.user.id, r: 'Correction made' },
        hrLumc,
      ),
    );
    expect(lifted.liftProcessingRestriction).toMatchObject({ restricted: false, since: null });

    const mine = dataOf(await t.gql<{ myProcessingRestrictions: unknown[] }>(MINE, {}, person.token));
    expect(mine.myProcessingRestrictions).toEqual([
      expect.objectContaining({
        inForce: false,
        requestedByPerson: false,
        reason: 'Checking a correction request',
        liftReason: 'Correction made',
        liftedAt: expect.any(String),
      }),
    ]);
    const notes = dataOf(await t.gql<{ notifications: { type: string }[] }>(NOTIFICATIONS, {}, person.token));
    expect(notes.notifications.map((n) => n.type)).toEqual([
      'PROCESSING_RESTRICTION_LIFTED',
      'PROCESSING_RESTRICTED',
    ]);
    const actions = dataOf(
      await t.gql<{ myPrivacyActions: { action: string; actorId: string | null; actorRoles: string[] }[] }>(
        '{ myPrivacyActions { action actorId actorRoles } }',
        {},
        person.token,
      ),
    );
    expect(actions.myPrivacyActions.filter((a) => a.action.startsWith('RESTRICTION'))).toEqual([
      { action: 'RESTRICTION_LIFTED', actorId: null, actorRoles: ['HR'] },
      { action: 'RESTRICTION_SET', actorId: null, actorRoles: ['HR'] },
    ]);
    // Lifting what is not in force changes nothing and is not an error.
    expect((await t.gql(LIFT, { p: person.user.id, r: 'again' }, admin)).errors).toBeUndefined();
  });

  it('leaves a restricted person out of findable lists until lifted', async () => {
    const person = await aFindablePerson();
    const partner = await aSupervisor(t, 'JANSSEN');
    const ids = async (token: string) =>
      dataOf(
        await t.gql<{ findableProfiles: { edges: { node: { userId: string } }[] } }>(FINDABLE, {}, token),
      ).findableProfiles.edges.map((e) => e.node.userId);
    expect(await ids(partner.token)).toContain(person.user.id);
    await restrictSelf(person);
    expect(await ids(partner.token)).not.toContain(person.user.id);
    expect(await ids(hrLumc)).not.toContain(person.user.id); // HR of their own organisation too
    dataOf(await t.gql(LIFT, { p: person.user.id, r: 'done' }, hrLumc));
    expect(await ids(partner.token)).toContain(person.user.id);
  });

  it('leaves a restricted person out of matchingCandidates (findable and applicant) and gives them no recommendations', async () => {
    const host = await aSupervisor(t, 'LUMC');
    const competence = await aCompetence(t, 'Restriction test competence');
    const opportunity = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      requirements: [{ competenceId: competence.id, minLevel: 1 }],
    });
    const findable = await aCandidate(t, {
      organisation: 'LUMC',
      stage: CareerStage.POSTDOC,
      levels: [{ competenceId: competence.id, level: 2 }],
    });
    const applicant = await aCandidate(t, {
      organisation: 'LEIDEN_UNIV',
      stage: CareerStage.POSTDOC,
      levels: [{ competenceId: competence.id, level: 3 }],
    });
    dataOf(
      await t.gql(
        'mutation($o: ID!) { submitApplication(input: { opportunityId: $o, motivation: "I would like this." }) { id } }',
        { o: opportunity.id },
        applicant.token,
      ),
    );
    const matching = async () =>
      dataOf(
        await t.gql<{ matchingCandidates: { userId: string }[] }>(MATCHING, { id: opportunity.id }, hrLumc),
      ).matchingCandidates.map((m) => m.userId);
    expect(await matching()).toEqual(expect.arrayContaining([findable.user.id, applicant.user.id]));

    const recommended = async (person: CreatedUser) =>
      dataOf(
        await t.gql<{ recommendedOpportunities: { opportunity: { id: string } }[] }>(
          RECOMMENDED,
          {},
          person.token,
        ),
      ).recommendedOpportunities.map((r) => r.opportunity.id);
    expect(await recommended(findable)).toContain(opportunity.id);

    await restrictSelf(findable);
    await restrictSelf(applicant);
    const after = await matching();
    expect(after).not.toContain(findable.user.id);
    expect(after).not.toContain(applicant.user.id);
    expect(await recommended(findable)).toEqual([]);
  });

  it('leaves a restricted applicant out of allocation runs', async () => {
    const host = await aSupervisor(t, 'LUMC');
    const seat = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 2,
      title: 'Restricted round seat',
    });
    const round = await aRound(t, hrLumc, { opportunityIds: [seat.id] });
    const kept = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const restricted = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    for (const c of [kept, restricted]) {
      dataOf(
        await t.gql(
          'mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }',
          { r: round.id, o: [seat.id] },
          c.token,
        ),
      );
    }
    await restrictSelf(restricted);
    await closeRankingOf(t, round.id);
    const queued = dataOf(
      await t.gql<{ runRound: { id: string } }>(
        'mutation($id: ID!) { runRound(id: $id, dryRun: true) { id } }',
        { id: round.id },
        hrLumc,
      ),
    ).runRound;
    await t.app.get(RoundWorker).processPending();
    const run = dataOf(
      await t.gql<{
        roundRun: { status: string; assignment: { candidateId: string }[]; stats: { candidates: number } };
      }>(
        'query($id: ID!) { roundRun(id: $id) { status assignment { candidateId } stats { candidates } } }',
        { id: queued.id },
        hrLumc,
      ),
    ).roundRun;
    expect(run.status).toBe('DONE');
    expect(run.stats.candidates).toBe(1);
    expect(run.assignment.map((a) => a.candidateId)).toEqual([kept.user.id]);
  });

  it('leaves a restricted person out of analytics', async () => {
    const org = dataOf(
      await t.gql<{ createOrganisation: { id: string } }>(
        'mutation { createOrganisation(input: { code: "RSX", name: "Restriction Test Institute" }) { id } }',
        {},
        admin,
      ),
    ).createOrganisation.id;
    const hr = await aUser(t, { roles: [UserRole.HR], organisation: org });
    const competence = await aCompetence(t, 'Analytics restriction competence');
    const role = dataOf(
      await t.gql<{ createRoleProfile: { id: string } }>(
        `mutation($c: ID!) { createRoleProfile(input: { title: "Restriction analyst", careerStage: POSTDOC,
        researchLevel: R2, requirements: [{ competenceId: $c, requiredLevel: 2, essential: true }] }) { id } }`,
        { c: competence.id },
        admin,
      ),
    ).createRoleProfile.id;
    const people: CreatedUser[] = [];
    for (let i = 0; i < 6; i++) {
      const p = await aUser(t, { organisation: org });
      await withProfile(t, p.token, { careerStage: CareerStage.POSTDOC });
      people.push(p);
    }
    const population = async () =>
      dataOf(
        await t.gql<{ roleReadinessDistribution: { population: { count: number | null } } }>(
          'query($r: ID!) { roleReadinessDistribution(roleId: $r) { population { count suppressed } } }',
          { r: role },
          hr.token,
        ),
      ).roleReadinessDistribution.population.count;
    expect(await population()).toBe(6);
    await restrictSelf(people[0]);
    expect(await population()).toBe(5);
  });

  it('erasure removes the reasons of the person’s restrictions', async () => {
    const person = await aFindablePerson();
    await restrictSelf(person, 'Unique restriction reason 7f3a');
    dataOf(await t.gql(LIFT, { p: person.user.id, r: 'Lifted for Unique person 7f3a' }, hrLumc));
    dataOf(
      await t.gql(
        'mutation($id: ID!) { erasePerson(userId: $id, reason: "Asked by letter") { subjectId } }',
        { id: person.user.id },
        admin,
      ),
    );
    const rows: { reason: string; lift_reason: string | null }[] = await t.dataSource.query(
      'SELECT reason, lift_reason FROM processing_restrictions WHERE person_id = $1',
      [person.user.id],
    );
    expect(rows).toEqual([{ reason: '(erased)', lift_reason: '(erased)' }]);
  });
});
