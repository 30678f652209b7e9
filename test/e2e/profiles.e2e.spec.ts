import { ApplicationEntity } from '../../src/applications/entities/application.entity';
import { CoSupervisionStatus } from '../../src/core/opportunities/co-supervision';
import {
  ApplicationStatus,
  AssessmentSource,
  CareerStage,
  OpportunityKind,
  OpportunityStatus,
  UserRole,
  Visibility,
} from '../../src/core/domain/enums';
import { CoSupervisionEntity, OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import { ProfileEntity } from '../../src/profiles/entities/profile.entity';
import { ProfilesService } from '../../src/profiles/profiles.service';
import { competenceId, withAssessments, withProfile } from '../factories/profiles.factory';
import { aUser, CreatedUser, organisationId } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

interface ProfileView {
  userId: string;
  displayName: string;
  organisation: { code: string };
  department: { name: string } | null;
  careerStage: string | null;
  researchLevel: string | null;
  headline: string | null;
  visibility: string;
  languages: { code: string; level: string }[];
  availability: { start: string; end: string }[];
  supervisionCapacity: number;
  updatedAt: string | null;
  competences: { level: number; levelName: string; source: string; competence: { code: string } }[];
  assessments:
    { level: number; source: string; assessorId: string | null; competence: { code: string } }[] | null;
}

interface ProfileConnection {
  edges: { cursor: string; node: ProfileView }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

function nodesOf(conn: ProfileConnection | undefined): ProfileView[] {
  return conn?.edges.map((e) => e.node) ?? [];
}

const PROFILE_FIELDS = `userId displayName organisation { code } department { name } careerStage researchLevel
  headline visibility languages { code level } availability { start end } supervisionCapacity updatedAt
  competences { level levelName source competence { code } }
  assessments { level source assessorId competence { code } }`;

const PROFILE = `query($u: ID!) { profile(userId: $u) { ${PROFILE_FIELDS} } }`;
const MY_PROFILE = `{ myProfile { ${PROFILE_FIELDS} } }`;
const UPDATE = `mutation($i: UpdateProfileInput!) { updateMyProfile(input: $i) { ${PROFILE_FIELDS} } }`;
const ASSESS = `mutation($p: ID!, $c: ID!, $l: Int!, $n: String) {
  assessCompetence(personId: $p, competenceId: $c, level: $l, note: $n) { level source assessorId note }
}`;
const FINDABLE = `query($f: FindableProfilesFilter, $first: Int, $after: String) {
  findableProfiles(filter: $f, first: $first, after: $after) {
    edges { cursor node { userId displayName visibility assessments { level } competences { level } } }
    pageInfo { endCursor hasNextPage }
  }
}`;

describe('person profiles and assessments', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
  });
  afterAll(() => t.close());

  /**
   * TEST SETUP ONLY: the opportunities and applications features own the API for these rows; here an
   * opportunity led by `lead` (optionally co-supervised) and an application of `candidate` to it are
   * written straight through TypeORM repositories.
   */
  async function applicationLink(
    lead: CreatedUser,
    candidate: CreatedUser,
    opts: { status?: ApplicationStatus; coSupervisor?: CreatedUser; coStatus?: CoSupervisionStatus } = {},
  ): Promise<string> {
    const opportunity = await t.dataSource.getRepository(OpportunityEntity).save({
      kind: OpportunityKind.CO_SUPERVISED_PROJECT,
      title: 'Test project',
      description: 'Setup row',
      status: OpportunityStatus.OPEN,
      hostOrganisationId: lead.user.organisationId,
      leadSupervisorId: lead.user.id,
      startsOn: '2027-02-01',
      endsOn: '2027-07-31',
      capacity: 2,
      applicationDeadline: new Date('2027-01-15T00:00:00Z'),
    });
    if (opts.coSupervisor) {
      await t.dataSource.getRepository(CoSupervisionEntity).save({
        opportunityId: opportunity.id,
        coSupervisorId: opts.coSupervisor.user.id,
        status: opts.coStatus ?? CoSupervisionStatus.ACCEPTED,
      });
    }
    const application = await t.dataSource.getRepository(ApplicationEntity).save({
      opportunityId: opportunity.id,
      candidateId: candidate.user.id,
      status: opts.status ?? ApplicationStatus.SUBMITTED,
    });
    return application.id;
  }

  async function profileRow(userId: string): Promise<ProfileEntity | null> {
    return t.dataSource.getRepository(ProfileEntity).findOneBy({ userId });
  }

  describe('own profile', () => {
    it('starts empty and PRIVATE, with the organisation and department of the account', async () => {
      const me = await t.login('candidate@lumc.test');
      const res = await t.gql<{ myProfile: ProfileView }>(MY_PROFILE, {}, me);
      expect(res.errors).toBeUndefined();
      expect(res.data?.myProfile).toMatchObject({
        displayName: 'Lotte Jansen',
        organisation: { code: 'LUMC' },
        department: { name: 'Immunology' },
        careerStage: null,
        researchLevel: null,
        headline: null,
        visibility: 'PRIVATE',
        languages: [],
        availability: [],
        updatedAt: null,
        competences: [],
        assessments: [],
      });
    });

    it('saves the given fields, leaves the others and reads them back', async () => {
      const person = await aUser(t);
      const first = await t.gql<{ updateMyProfile: ProfileView }>(
        UPDATE,
        {
          i: {
            careerStage: 'PHD_CANDIDATE',
            researchLevel: 'R1',
            headline: '  Vaccine responses in older adults ',
            languages: [
              { code: 'nl', level: 'NATIVE' },
              { code: 'en', level: 'C1' },
            ],
            availability: [
              { start: '2027-03-01', end: '2027-06-30' },
              { start: '2027-01-10', end: '2027-01-10' },
            ],
          },
        },
        person.token,
      );
      expect(first.errors).toBeUndefined();
      expect(first.data?.updateMyProfile).toMatchObject({
        careerStage: 'PHD_CANDIDATE',
        researchLevel: 'R1',
        headline: 'Vaccine responses in older adults',
        visibility: 'PRIVATE',
        languages: [
          { code: 'nl', level: 'NATIVE' },
          { code: 'en', level: 'C1' },
        ],
        availability: [
          { start: '2027-01-10', end: '2027-01-10' },
          { start: '2027-03-01', end: '2027-06-30' },
        ],
        updatedAt: expect.any(String),
      });
      const second = await t.gql<{ updateMyProfile: ProfileView }>(
        UPDATE,
        { i: { visibility: 'CONSORTIUM', headline: null } },
        person.token,
      );
      expect(second.data?.updateMyProfile).toMatchObject({
        careerStage: 'PHD_CANDIDATE',
        headline: null,
        visibility: 'CONSORTIUM',
        languages: [{ code: 'nl' }, { code: 'en' }],
      });
    });

    it('refuses an availability window that ends before it starts, naming the field, and saves nothing', async () => {
      const person = await aUser(t);
      const res = await t.gql(
        UPDATE,
        {
          i: {
            careerStage: 'POSTDOC',
            availability: [
              { start: '2027-01-01', end: '2027-02-01' },
              { start: '2027-05-01', end: '2027-04-30' },
            ],
          },
        },
        person.token,
      );
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'availability.1.end', message: 'end must not be before start' }],
      });
      expect(await profileRow(person.user.id)).toBeNull();
    });

    it('refuses an unknown language level, a malformed language code and an impossible date', async () => {
      const person = await aUser(t);
      await withProfile(t, person.token, { careerStage: CareerStage.MASTER_STUDENT });
      const res = await t.gql(
        UPDATE,
        {
          i: {
            careerStage: 'POSTDOC',
            languages: [
              { code: 'en', level: 'FLUENT' },
              { code: 'English', level: 'B2' },
            ],
            availability: [{ start: '2027-02-30', end: '2027-03-01' }],
          },
        },
        person.token,
      );
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const fields = (res.errors?.[0].extensions.fields as { field: string }[]).map((f) => f.field).sort();
      expect(fields).toEqual(['availability.0.start', 'languages.0.level', 'languages.1.code']);
      const mine = await t.gql<{ myProfile: ProfileView }>(MY_PROFILE, {}, person.token);
      expect(mine.data?.myProfile).toMatchObject({ careerStage: 'MASTER_STUDENT', languages: [] });
    });

    it('refuses the same language twice and a null visibility', async () => {
      const person = await aUser(t);
      const twice = await t.gql(
        UPDATE,
        {
          i: {
            languages: [
              { code: 'en', level: 'B2' },
              { code: 'en', level: 'C1' },
            ],
          },
        },
        person.token,
      );
      expect(twice.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'languages' }],
      });
      const nullVisibility = await t.gql(UPDATE, { i: { visibility: null } }, person.token);
      expect(nullVisibility.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'visibility' }],
      });
      expect(await profileRow(person.user.id)).toBeNull();
    });
  });

  describe('who sees a profile', () => {
    let person: CreatedUser;
    let partnerSupervisor: string;
    let partnerHr: string;
    let ownHr: string;
    let otherCandidate: string;
    beforeAll(async () => {
      person = await aUser(t, { organisation: 'LUMC', displayName: 'Visibility Person' });
      await withProfile(t, person.token, {
        careerStage: CareerStage.POSTDOC,
        visibility: Visibility.PRIVATE,
      });
      await withAssessments(t, person, [{ competence: 'DOM_BIOSTATISTICS', level: 3 }]);
      partnerSupervisor = await t.login('supervisor@janssen.test');
      partnerHr = await t.login('hr@leiden.test');
      ownHr = await t.login('hr@lumc.test');
      otherCandidate = await t.login('candidate@lumc.test');
    });

    async function notFound(token: string, userId = person.user.id): Promise<unknown> {
      const res = await t.gql(PROFILE, { u: userId }, token);
      expect(res.data).toBeNull();
      return { code: res.errors?.[0].extensions.code, message: res.errors?.[0].message };
    }

    it('hides a PRIVATE profile from a partner supervisor exactly like a missing one', async () => {
      const hidden = await notFound(partnerSupervisor);
      const missing = await notFound(partnerSupervisor, '00000000-0000-4000-8000-000000000000');
      expect(hidden).toEqual({ code: 'NOT_FOUND', message: 'Profile not found' });
      expect(hidden).toEqual(missing);
      expect(await notFound(partnerHr)).toEqual(missing);
    });

    it('shows a PRIVATE profile with its history to HR of the same organisation and to admins', async () => {
      for (const token of [ownHr, admin]) {
        const res = await t.gql<{ profile: ProfileView }>(PROFILE, { u: person.user.id }, token);
        expect(res.errors).toBeUndefined();
        expect(res.data?.profile).toMatchObject({
          visibility: 'PRIVATE',
          competences: [{ level: 3, source: 'SELF', competence: { code: 'DOM_BIOSTATISTICS' } }],
          assessments: [{ level: 3, source: 'SELF' }],
        });
      }
    });

    it('never shows a candidate another candidate’s profile, PRIVATE or CONSORTIUM', async () => {
      expect(await notFound(otherCandidate)).toEqual({ code: 'NOT_FOUND', message: 'Profile not found' });
      await withProfile(t, person.token, {
        careerStage: CareerStage.POSTDOC,
        visibility: Visibility.CONSORTIUM,
      });
      expect(await notFound(otherCandidate)).toEqual({ code: 'NOT_FOUND', message: 'Profile not found' });
    });

    it('shows a CONSORTIUM profile to partner supervisors and HR with effective levels but no history', async () => {
      await withProfile(t, person.token, {
        careerStage: CareerStage.POSTDOC,
        visibility: Visibility.CONSORTIUM,
      });
      for (const token of [partnerSupervisor, partnerHr]) {
        const res = await t.gql<{ profile: ProfileView }>(PROFILE, { u: person.user.id }, token);
        expect(res.errors).toBeUndefined();
        expect(res.data?.profile).toMatchObject({
          displayName: 'Visibility Person',
          organisation: { code: 'LUMC' },
          careerStage: 'POSTDOC',
          visibility: 'CONSORTIUM',
          competences: [{ level: 3, levelName: 'Advanced', competence: { code: 'DOM_BIOSTATISTICS' } }],
          assessments: null,
        });
      }
    });

    it('lets supervisors and HR find CONSORTIUM profiles and HR every profile of their organisation', async () => {
      const orgId = await organisationId(t.dataSource, 'LUMC');
      await withProfile(t, person.token, {
        careerStage: CareerStage.POSTDOC,
        visibility: Visibility.CONSORTIUM,
      });
      const hiddenPerson = await aUser(t, { organisation: 'LUMC', displayName: 'Visibility Hidden' });
      await withProfile(t, hiddenPerson.token, {
        careerStage: CareerStage.POSTDOC,
        visibility: Visibility.PRIVATE,
      });
      const filter = { organisationId: orgId, careerStage: 'POSTDOC' };

      const bySupervisor = await t.gql<{ findableProfiles: ProfileConnection }>(
        FINDABLE,
        { f: filter },
        partnerSupervisor,
      );
      expect(bySupervisor.errors).toBeUndefined();
      const supervisorSees = nodesOf(bySupervisor.data?.findableProfiles).map((n) => n.userId);
      expect(supervisorSees).toContain(person.user.id);
      expect(supervisorSees).not.toContain(hiddenPerson.user.id);
      expect(nodesOf(bySupervisor.data?.findableProfiles).every((n) => n.assessments === null)).toBe(true);

      const byOwnHr = await t.gql<{ findableProfiles: ProfileConnection }>(FINDABLE, { f: filter }, ownHr);
      const hrSees = nodesOf(byOwnHr.data?.findableProfiles).map((n) => n.userId);
      expect(hrSees).toEqual(expect.arrayContaining([person.user.id, hiddenPerson.user.id]));
      expect(nodesOf(byOwnHr.data?.findableProfiles).every((n) => Array.isArray(n.assessments))).toBe(true);

      const byCandidate = await t.gql(FINDABLE, { f: filter }, otherCandidate);
      expect(byCandidate.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it('pages findable profiles by display name with an opaque cursor', async () => {
      const orgId = await organisationId(t.dataSource, 'LEIDEN_UNIV');
      const names = ['Paging Anna', 'Paging Bram', 'Paging Cees'];
      for (const displayName of names) {
        const u = await aUser(t, { organisation: 'LEIDEN_UNIV', displayName });
        await withProfile(t, u.token, {
          careerStage: CareerStage.LECTURER,
          visibility: Visibility.CONSORTIUM,
        });
      }
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page++) {
        const res: GqlResponse<{ findableProfiles: ProfileConnection }> = await t.gql(
          FINDABLE,
          { f: { organisationId: orgId, careerStage: 'LECTURER' }, first: 2, after },
          partnerSupervisor,
        );
        const conn = res.data?.findableProfiles;
        seen.push(...nodesOf(conn).map((n) => n.displayName));
        if (!conn?.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(seen).toEqual(names);
      const bad = await t.gql(FINDABLE, { after: 'not-a-cursor' }, partnerSupervisor);
      expect(bad.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'after' }],
      });
    });
  });

  describe('supervisor assessments', () => {
    let lead: CreatedUser;
    let coSupervisor: CreatedUser;
    let stranger: CreatedUser;
    let bioinformatics: string;
    beforeAll(async () => {
      lead = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
      coSupervisor = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'JANSSEN' });
      stranger = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LEIDEN_UNIV' });
      bioinformatics = await competenceId(t.dataSource, 'DOM_BIOINFORMATICS');
    });

    it('refuses a supervisor without an application link with NOT_FOUND, and a candidate with FORBIDDEN', async () => {
      const person = await aUser(t);
      const res = await t.gql(ASSESS, { p: person.user.id, c: bioinformatics, l: 3 }, stranger.token);
      expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const missing = await t.gql(
        ASSESS,
        { p: '00000000-0000-4000-8000-000000000000', c: bioinformatics, l: 3 },
        stranger.token,
      );
      expect(missing.errors?.[0].message).toBe(res.errors?.[0].message);
      const other = await aUser(t);
      const byCandidate = await t.gql(ASSESS, { p: person.user.id, c: bioinformatics, l: 3 }, other.token);
      expect(byCandidate.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it('lets the lead supervisor assess an applicant, but not after the application was withdrawn', async () => {
      const person = await aUser(t);
      await applicationLink(lead, person);
      const res = await t.gql<{
        assessCompetence: { level: number; source: string; assessorId: string; note: string };
      }>(ASSESS, { p: person.user.id, c: bioinformatics, l: 3, n: ' Strong pipeline work ' }, lead.token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.assessCompetence).toEqual({
        level: 3,
        source: 'SUPERVISOR',
        assessorId: lead.user.id,
        note: 'Strong pipeline work',
      });

      const withdrawn = await aUser(t);
      await applicationLink(lead, withdrawn, { status: ApplicationStatus.WITHDRAWN });
      const refused = await t.gql(ASSESS, { p: withdrawn.user.id, c: bioinformatics, l: 3 }, lead.token);
      expect(refused.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });

    it('lets an accepted co-supervisor assess, but not one still invited', async () => {
      const person = await aUser(t);
      await applicationLink(lead, person, { coSupervisor, status: ApplicationStatus.ACCEPTED });
      const ok = await t.gql(ASSESS, { p: person.user.id, c: bioinformatics, l: 2 }, coSupervisor.token);
      expect(ok.errors).toBeUndefined();

      const invited = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'JANSSEN' });
      const other = await aUser(t);
      await applicationLink(lead, other, { coSupervisor: invited, coStatus: CoSupervisionStatus.INVITED });
      const refused = await t.gql(ASSESS, { p: other.user.id, c: bioinformatics, l: 2 }, invited.token);
      expect(refused.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });

    it('refuses a level outside 1..4 and an unknown competence', async () => {
      const person = await aUser(t);
      await applicationLink(lead, person);
      const level = await t.gql(ASSESS, { p: person.user.id, c: bioinformatics, l: 0 }, lead.token);
      expect(level.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'level' }],
      });
      const unknown = await t.gql(
        ASSESS,
        { p: person.user.id, c: '00000000-0000-4000-8000-000000000000', l: 2 },
        lead.token,
      );
      expect(unknown.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'UNKNOWN_COMPETENCE',
      });
      const mine = await t.gql<{ myProfile: ProfileView }>(MY_PROFILE, {}, person.token);
      expect(mine.data?.myProfile.assessments).toEqual([]);
    });

    it('prefers supervisor over evidence over self, the latest within a source, and keeps the whole history', async () => {
      const person = await aUser(t);
      await applicationLink(lead, person);
      await withAssessments(t, person, [
        { competence: 'DOM_BIOINFORMATICS', level: 2 },
        { competence: 'DOM_GMP', level: 1 },
        { competence: 'DOM_REGULATORY_AFFAIRS', level: 2 },
        { competence: 'DOM_REGULATORY_AFFAIRS', level: 4 },
      ]);
      const supervised = await t.gql(ASSESS, { p: person.user.id, c: bioinformatics, l: 3 }, lead.token);
      expect(supervised.errors).toBeUndefined();
      await withAssessments(t, person, [
        { competence: 'DOM_BIOINFORMATICS', level: 4 },
        {
          competence: 'DOM_BIOINFORMATICS',
          level: 4,
          source: AssessmentSource.EVIDENCE,
          assessorId: lead.user.id,
        },
        { competence: 'DOM_GMP', level: 3, source: AssessmentSource.EVIDENCE, assessorId: lead.user.id },
        { competence: 'DOM_GMP', level: 4 },
      ]);

      const res = await t.gql<{ myProfile: ProfileView }>(MY_PROFILE, {}, person.token);
      expect(res.errors).toBeUndefined();
      const effective = Object.fromEntries(
        res.data?.myProfile.competences.map((c) => [c.competence.code, [c.level, c.source]]) ?? [],
      );
      expect(effective).toEqual({
        DOM_BIOINFORMATICS: [3, 'SUPERVISOR'],
        DOM_GMP: [3, 'EVIDENCE'],
        DOM_REGULATORY_AFFAIRS: [4, 'SELF'],
      });
      expect(res.data?.myProfile.assessments?.map((a) => [a.competence.code, a.level, a.source])).toEqual([
        ['DOM_GMP', 4, 'SELF'],
        ['DOM_GMP', 3, 'EVIDENCE'],
        ['DOM_BIOINFORMATICS', 4, 'EVIDENCE'],
        ['DOM_BIOINFORMATICS', 4, 'SELF'],
        ['DOM_BIOINFORMATICS', 3, 'SUPERVISOR'],
        ['DOM_REGULATORY_AFFAIRS', 4, 'SELF'],
        ['DOM_REGULATORY_AFFAIRS', 2, 'SELF'],
        ['DOM_GMP', 1, 'SELF'],
        ['DOM_BIOINFORMATICS', 2, 'SELF'],
      ]);

      const service = t.app.get(ProfilesService);
      const unrated = await aUser(t);
      const gmp = await competenceId(t.dataSource, 'DOM_GMP');
      const levels = await service.effectiveLevelsOf(
        [person.user.id, unrated.user.id],
        [bioinformatics, gmp],
      );
      expect(levels.get(person.user.id)).toEqual(
        new Map([
          [bioinformatics, 3],
          [gmp, 3],
        ]),
      );
      expect(levels.get(unrated.user.id)).toEqual(new Map());
      // The set-based read a round uses (one statement for any number of people) gives the same.
      const many = await service.effectiveLevelsOfMany(
        [person.user.id, unrated.user.id],
        [bioinformatics, gmp],
        t.dataSource.manager,
      );
      expect(many).toEqual(levels);
    });

    it('filters findable profiles by effective level, not by the highest rating given', async () => {
      const person = await aUser(t, { organisation: 'LUMC' });
      await withProfile(t, person.token, {
        careerStage: CareerStage.RESEARCHER,
        visibility: Visibility.CONSORTIUM,
      });
      await applicationLink(lead, person);
      await withAssessments(t, person, [{ competence: 'DOM_BIOINFORMATICS', level: 4 }]);
      await t.gql(ASSESS, { p: person.user.id, c: bioinformatics, l: 2 }, lead.token);

      const find = async (minLevel: number) => {
        const res = await t.gql<{ findableProfiles: ProfileConnection }>(
          FINDABLE,
          { f: { competenceId: bioinformatics, minLevel, careerStage: 'RESEARCHER' } },
          stranger.token,
        );
        expect(res.errors).toBeUndefined();
        return nodesOf(res.data?.findableProfiles).map((n) => n.userId);
      };
      expect(await find(2)).toEqual([person.user.id]);
      expect(await find(3)).toEqual([]);
    });
  });
});
