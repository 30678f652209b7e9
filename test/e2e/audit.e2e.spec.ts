import { ApplicationStatus, CareerStage, UserRole, Visibility } from '../../src/core/domain/enums';
import { anApplication, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { withProfile } from '../factories/profiles.factory';
import { aUser, CreatedUser, organisationId } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

interface ReadView {
  subjectId: string;
  readerId: string | null;
  readerOrganisationId: string;
  readerRoles: string[];
  kind: string;
}

const MINE = '{ myPersonalDataReads { subjectId readerId readerOrganisationId readerRoles kind readAt } }';
const ALL = `query($p: ID, $r: ID) { personalDataReads(personId: $p, readerId: $r) {
  subjectId readerId readerOrganisationId readerRoles kind } }`;

describe('Audit of HR reads of personal data', () => {
  let t: TestApp;
  let hrLumc: CreatedUser;
  let admin: string;
  let lumc: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    hrLumc = await aUser(t, { roles: [UserRole.HR], organisation: 'LUMC' });
    admin = await t.login('admin@talent-exchange.test');
    lumc = await organisationId(t.dataSource, 'LUMC');
  });
  afterAll(() => t.close());

  /** A LUMC candidate with a profile of the given visibility. */
  async function aPerson(visibility = Visibility.PRIVATE): Promise<CreatedUser> {
    const person = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LUMC' });
    await withProfile(t, person.token, { careerStage: CareerStage.POSTDOC, visibility });
    return person;
  }

  async function readsOf(person: CreatedUser): Promise<ReadView[]> {
    const res = await t.gql<{ myPersonalDataReads: ReadView[] }>(MINE, {}, person.token);
    expect(res.errors).toBeUndefined();
    return res.data!.myPersonalDataReads;
  }

  it('records HR reading a profile; the person sees the organisation and role of the reader, not who; admins see who', async () => {
    const person = await aPerson();
    const res = await t.gql(
      'query($id: ID!) { profile(userId: $id) { userId } }',
      { id: person.user.id },
      hrLumc.token,
    );
    expect(res.errors).toBeUndefined();

    expect(await readsOf(person)).toEqual([
      expect.objectContaining({
        subjectId: person.user.id,
        readerId: null,
        readerOrganisationId: lumc,
        readerRoles: ['HR'],
        kind: 'PROFILE',
      }),
    ]);
    const forAdmin = await t.gql<{ personalDataReads: ReadView[] }>(ALL, { p: person.user.id }, admin);
    expect(forAdmin.data!.personalDataReads).toEqual([
      expect.objectContaining({ readerId: hrLumc.user.id, kind: 'PROFILE' }),
    ]);
    const byReader = await t.gql<{ personalDataReads: ReadView[] }>(ALL, { r: hrLumc.user.id }, admin);
    expect(byReader.data!.personalDataReads.map((r) => r.subjectId)).toContain(person.user.id);
  });

  it('records gap analysis and talent profile reads by HR, newest first', async () => {
    const person = await aPerson();
    const roles = await t.gql<{ roleProfiles: { id: string }[] }>(
      '{ roleProfiles { id } }',
      {},
      person.token,
    );
    const roleId = roles.data!.roleProfiles[0].id;
    const gaps = await t.gql(
      'query($r: ID!, $p: ID) { gapAnalysis(roleId: $r, personId: $p) { readinessShare } }',
      { r: roleId, p: person.user.id },
      hrLumc.token,
    );
    expect(gaps.errors).toBeUndefined();
    const talent = await t.gql(
      'query($p: ID) { talentProfile(personId: $p) { person { id } } }',
      { p: person.user.id },
      hrLumc.token,
    );
    expect(talent.errors).toBeUndefined();
    expect((await readsOf(person)).map((r) => r.kind)).toEqual(['TALENT_PROFILE', 'GAP_ANALYSIS']);
  });

  it('records nothing for a person’s own reads, for supervisors, and for reads that were refused', async () => {
    const person = await aPerson(Visibility.CONSORTIUM);
    await t.gql('{ myProfile { userId } talentProfile { person { id } } }', {}, person.token);
    const supervisor = await aSupervisor(t, 'JANSSEN');
    const seen = await t.gql(
      'query($id: ID!) { profile(userId: $id) { userId } }',
      { id: person.user.id },
      supervisor.token,
    );
    expect(seen.errors).toBeUndefined();
    // HR of another organisation may not see the talent profile: NOT_FOUND, and nothing recorded.
    const refused = await t.gql(
      'query($p: ID) { talentProfile(personId: $p) { person { id } } }',
      { p: person.user.id },
      await t.login('hr@janssen.test'),
    );
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await readsOf(person)).toEqual([]);
  });

  it('records every person on a list HR read: findable profiles and the applicants of an opportunity', async () => {
    const findable = await aPerson(Visibility.CONSORTIUM);
    const hrJanssen = await t.login('hr@janssen.test');
    const page = await t.gql<{ findableProfiles: { edges: { node: { userId: string } }[] } }>(
      '{ findableProfiles(first: 100) { edges { node { userId } } } }',
      {},
      hrJanssen,
    );
    expect(page.errors).toBeUndefined();
    const listed = page.data!.findableProfiles.edges.map((e) => e.node.userId);
    expect(listed).toContain(findable.user.id);
    expect(await readsOf(findable)).toEqual([
      expect.objectContaining({ kind: 'FINDABLE_PROFILES', readerRoles: ['HR'] }),
    ]);

    const applicant = await aPerson();
    const host = await aSupervisor(t, 'LUMC');
    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: applicant.user.id,
      status: ApplicationStatus.SUBMITTED,
    });
    const apps = await t.gql(
      'query($o: ID!) { applicationsForOpportunity(opportunityId: $o) { id } }',
      { o: opportunity.id },
      hrLumc.token,
    );
    expect(apps.errors).toBeUndefined();
    // The lead supervisor reading the same list is not HR: not recorded.
    await t.gql(
      'query($o: ID!) { applicationsForOpportunity(opportunityId: $o) { id } }',
      { o: opportunity.id },
      host.token,
    );
    expect((await readsOf(applicant)).map((r) => r.kind)).toEqual(['APPLICATIONS']);
  });

  it('lets only admins read the whole trail', async () => {
    const res = await t.gql(ALL, {}, hrLumc.token);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
