import { CompetenceEntity } from '../../src/competences/entities/competence.entity';
import { ApplicationStatus, CareerStage, OpportunityStatus, UserRole } from '../../src/core/domain/enums';
import {
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
} from '../../src/opportunities/entities/opportunity.entity';
import {
  aCandidate,
  aCompetence,
  anApplication,
  anOpportunityRow,
  aSupervisor,
  RequirementSpec as OpportunityRequirementSpec,
} from '../factories/applications.factory';
import { competenceId } from '../factories/profiles.factory';
import { aUser, CreatedUser, organisationId } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

interface RoleView {
  id: string;
  lineageId: string;
  version: number;
  title: string;
  organisationId: string | null;
  supersededAt: string | null;
  requirements: { competenceId: string; requiredLevel: number; essential: boolean; weight: number }[];
}

interface GapItemView {
  competenceId: string;
  currentLevel: number | null;
  requiredLevel: number;
  gap: number | null;
  essential: boolean;
  met: boolean;
  retired: boolean;
}

interface GapView {
  personId: string;
  items: GapItemView[];
  unknowns: GapItemView[];
  readinessShare: number;
  readinessScore: number;
  essentialGaps: string[];
}

const ROLE_FIELDS = `id lineageId version title organisationId supersededAt
  requirements { competenceId requiredLevel essential weight competence { code } }`;
const CREATE = `mutation($i: CreateRoleProfileInput!) { createRoleProfile(input: $i) { ${ROLE_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateRoleProfileInput!) { updateRoleProfile(id: $id, input: $i) { ${ROLE_FIELDS} } }`;
const ROLE = `query($id: ID!) { roleProfile(id: $id) { ${ROLE_FIELDS} } }`;
const ROLES = `query($o: ID, $s: Boolean) { roleProfiles(organisationId: $o, includeSuperseded: $s) { ${ROLE_FIELDS} } }`;
const GAPS = `query($r: ID!, $p: ID) { gapAnalysis(roleId: $r, personId: $p) {
  personId readinessShare readinessScore essentialGaps
  items { competenceId currentLevel requiredLevel gap essential met retired competence { code } }
  unknowns { competenceId currentLevel requiredLevel gap essential met retired }
} }`;
const PATH = `query($r: ID!, $first: Int) { developmentPath(roleId: $r, first: $first) {
  opportunityId closedLevels share develops { competenceId gapClosed } opportunity { id title }
} }`;
const SET_TARGETS = `mutation($ids: [ID!]!) { setTargetRoles(roleIds: $ids) { id } }`;

interface RequirementSpec {
  competenceId: string;
  requiredLevel: number;
  essential?: boolean;
  weight?: number;
}

function roleInput(requirements: RequirementSpec[], extra: Record<string, unknown> = {}) {
  return {
    title: 'Test role',
    careerStage: CareerStage.RESEARCHER,
    researchLevel: 'R2',
    description: 'A role for tests',
    requirements: requirements.map((r) => ({ essential: false, weight: 1, ...r })),
    ...extra,
  };
}

describe('Role profiles, target roles, gap analysis and development path', () => {
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

  async function aRole(
    requirements: RequirementSpec[],
    extra: Record<string, unknown> = {},
  ): Promise<RoleView> {
    const res = await t.gql<{ createRoleProfile: RoleView }>(
      CREATE,
      { i: roleInput(requirements, extra) },
      admin,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.createRoleProfile;
  }

  async function gaps(
    token: string,
    roleId: string,
    personId?: string,
  ): Promise<GqlResponse<{ gapAnalysis: GapView }>> {
    return t.gql<{ gapAnalysis: GapView }>(GAPS, { r: roleId, p: personId }, token);
  }

  it('seeds at least 12 current role profiles with 4 to 8 requirements, some consortium-wide', async () => {
    const candidate = await t.login('candidate@lumc.test');
    const res = await t.gql<{ roleProfiles: RoleView[] }>(ROLES, {}, candidate);
    expect(res.errors).toBeUndefined();
    const roles = res.data!.roleProfiles;
    expect(roles.length).toBeGreaterThanOrEqual(12);
    for (const role of roles) {
      expect(role.requirements.length).toBeGreaterThanOrEqual(4);
      expect(role.requirements.length).toBeLessThanOrEqual(8);
      expect(role.version).toBe(1);
    }
    expect(roles.some((r) => r.organisationId === null)).toBe(true);
    const janssen = await organisationId(t.dataSource, 'JANSSEN');
    const only = await t.gql<{ roleProfiles: RoleView[] }>(ROLES, { o: janssen }, candidate);
    expect(only.data!.roleProfiles.length).toBeGreaterThan(0);
    expect(only.data!.roleProfiles.every((r) => r.organisationId === janssen)).toBe(true);
  });

  it('lets HR create a role of their organisation; an edit makes version 2 and version 1 stays readable', async () => {
    const lumc = await organisationId(t.dataSource, 'LUMC');
    const a = await competenceId(t.dataSource, 'DOM_BIOINFORMATICS');
    const b = await competenceId(t.dataSource, 'RT_SCIENTIFIC_PROGRAMMING');
    const created = await t.gql<{ createRoleProfile: RoleView }>(
      CREATE,
      {
        i: roleInput([{ competenceId: a, requiredLevel: 3, essential: true, weight: 2 }], {
          organisationId: lumc,
          title: 'Data steward',
        }),
      },
      hrLumc,
    );
    expect(created.errors).toBeUndefined();
    const v1 = created.data!.createRoleProfile;
    expect(v1).toMatchObject({ version: 1, lineageId: v1.id, organisationId: lumc, supersededAt: null });

    const edited = await t.gql<{ updateRoleProfile: RoleView }>(
      UPDATE,
      { id: v1.id, i: roleInput([{ competenceId: b, requiredLevel: 4 }], { title: 'Senior data steward' }) },
      hrLumc,
    );
    expect(edited.errors).toBeUndefined();
    const v2 = edited.data!.updateRoleProfile;
    expect(v2).toMatchObject({
      version: 2,
      lineageId: v1.id,
      title: 'Senior data steward',
      supersededAt: null,
    });
    expect(v2.id).not.toBe(v1.id);

    const old = await t.gql<{ roleProfile: RoleView }>(ROLE, { id: v1.id }, hrJanssen);
    expect(old.data!.roleProfile.supersededAt).not.toBeNull();
    expect(old.data!.roleProfile.title).toBe('Data steward');
    expect(old.data!.roleProfile.requirements).toEqual([
      expect.objectContaining({ competenceId: a, requiredLevel: 3, essential: true, weight: 2 }),
    ]);

    const current = await t.gql<{ roleProfiles: RoleView[] }>(ROLES, { o: lumc }, hrLumc);
    const lineage = current.data!.roleProfiles.filter((r) => r.lineageId === v1.id);
    expect(lineage.map((r) => r.version)).toEqual([2]);
    const all = await t.gql<{ roleProfiles: RoleView[] }>(ROLES, { o: lumc, s: true }, hrLumc);
    expect(
      all
        .data!.roleProfiles.filter((r) => r.lineageId === v1.id)
        .map((r) => r.version)
        .sort(),
    ).toEqual([1, 2]);

    const target = await t.gql(SET_TARGETS, { ids: [v1.id] }, hrLumc);
    expect(target.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'roleIds.0' })],
    });

    const again = await t.gql(UPDATE, { id: v1.id, i: roleInput([]) }, hrLumc);
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ROLE_PROFILE_SUPERSEDED',
    });
  });

  it('refuses HR for another organisation or consortium-wide roles, and candidates altogether', async () => {
    const lumc = await organisationId(t.dataSource, 'LUMC');
    const other = await t.gql(CREATE, { i: roleInput([], { organisationId: lumc }) }, hrJanssen);
    expect(other.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const wide = await t.gql(CREATE, { i: roleInput([]) }, hrLumc);
    expect(wide.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const candidate = await t.login('candidate@lumc.test');
    const refused = await t.gql(CREATE, { i: roleInput([], { organisationId: lumc }) }, candidate);
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses invalid requirements (level 5, weight 0, unknown competence) with BAD_USER_INPUT', async () => {
    const a = await competenceId(t.dataSource, 'DOM_GMP');
    const level = await t.gql(CREATE, { i: roleInput([{ competenceId: a, requiredLevel: 5 }]) }, admin);
    expect(level.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const weight = await t.gql(
      CREATE,
      { i: roleInput([{ competenceId: a, requiredLevel: 2, weight: 0 }]) },
      admin,
    );
    expect(weight.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const unknown = await t.gql(
      CREATE,
      { i: roleInput([{ competenceId: '00000000-0000-4000-8000-000000000000', requiredLevel: 2 }]) },
      admin,
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'requirements.0.competenceId' })],
    });
  });

  it('lists an unrated competence among the unknowns (not as a gap) and an exceeded one as met with gap 0', async () => {
    const [a, b, c] = await Promise.all(
      ['DOM_GMP', 'DOM_REGULATORY_AFFAIRS', 'DOM_PHARMACOVIGILANCE'].map((code) =>
        competenceId(t.dataSource, code),
      ),
    );
    const role = await aRole([
      { competenceId: a, requiredLevel: 3, essential: true },
      { competenceId: b, requiredLevel: 2 },
      { competenceId: c, requiredLevel: 2, essential: true },
    ]);
    const person = await aCandidate(t, {
      levels: [
        { competenceId: a, level: 1 },
        { competenceId: b, level: 4 },
      ],
    });
    const res = await gaps(person.token, role.id);
    expect(res.errors).toBeUndefined();
    const g = res.data!.gapAnalysis;
    expect(g.personId).toBe(person.user.id);
    expect(g.items).toEqual([
      expect.objectContaining({
        competenceId: a,
        currentLevel: 1,
        requiredLevel: 3,
        gap: 2,
        essential: true,
        met: false,
      }),
      expect.objectContaining({ competenceId: b, currentLevel: 4, requiredLevel: 2, gap: 0, met: true }),
    ]);
    expect(g.unknowns).toEqual([
      expect.objectContaining({
        competenceId: c,
        currentLevel: null,
        gap: null,
        met: false,
        essential: true,
      }),
    ]);
    expect(g.readinessShare).toBeCloseTo(1 / 3);
    // weights 1: (1/3 + 1 + 0) / 3
    expect(g.readinessScore).toBeCloseTo((1 / 3 + 1) / 3);
    expect(g.essentialGaps).toEqual([a, c]);
  });

  it('rates a role without requirements as fully ready', async () => {
    const role = await aRole([]);
    const person = await aCandidate(t);
    const g = (await gaps(person.token, role.id)).data!.gapAnalysis;
    expect(g).toMatchObject({
      items: [],
      unknowns: [],
      readinessShare: 1,
      readinessScore: 1,
      essentialGaps: [],
    });
  });

  it('flags a retired competence and leaves it out of readiness', async () => {
    const kept = await competenceId(t.dataSource, 'DOM_EPIDEMIOLOGY');
    const old = await aCompetence(t, 'Soon retired');
    const role = await aRole([
      { competenceId: kept, requiredLevel: 2 },
      { competenceId: old.id, requiredLevel: 3, essential: true },
    ]);
    await t.dataSource.getRepository(CompetenceEntity).update({ id: old.id }, { retiredAt: new Date() });
    const person = await aCandidate(t, {
      levels: [
        { competenceId: kept, level: 2 },
        { competenceId: old.id, level: 1 },
      ],
    });
    const g = (await gaps(person.token, role.id)).data!.gapAnalysis;
    expect(g.items.find((i) => i.competenceId === old.id)).toMatchObject({ retired: true, gap: 2 });
    expect(g.items.find((i) => i.competenceId === kept)).toMatchObject({ retired: false, met: true });
    expect(g.readinessShare).toBe(1);
    expect(g.essentialGaps).toEqual([]);
  });

  it('shows a person’s gaps to HR of their organisation and admins; others get NOT_FOUND as for a missing person', async () => {
    const role = await aRole([
      { competenceId: await competenceId(t.dataSource, 'DOM_GMP'), requiredLevel: 2 },
    ]);
    const person = await aCandidate(t, { organisation: 'LUMC' });
    const other = await aCandidate(t, { organisation: 'LUMC' });

    expect((await gaps(hrLumc, role.id, person.user.id)).data!.gapAnalysis.personId).toBe(person.user.id);
    expect((await gaps(admin, role.id, person.user.id)).data!.gapAnalysis.personId).toBe(person.user.id);

    const missing = await gaps(hrLumc, role.id, '00000000-0000-4000-8000-000000000000');
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    for (const token of [other.token, hrJanssen]) {
      const res = await gaps(token, role.id, person.user.id);
      expect(res.data).toBeNull();
      expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect(res.errors?.[0].message).toBe(missing.errors?.[0].message);
    }
    const supervisor = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
    expect((await gaps(supervisor.token, role.id, person.user.id)).errors?.[0].extensions.code).toBe(
      'NOT_FOUND',
    );
  });

  it('keeps up to three target roles in order and refuses a fourth or an unknown role', async () => {
    const person = await aCandidate(t);
    const roles = (await t.gql<{ roleProfiles: RoleView[] }>(ROLES, {}, person.token)).data!.roleProfiles;
    const three = roles
      .slice(0, 3)
      .map((r) => r.id)
      .reverse();
    const set = await t.gql<{ setTargetRoles: { id: string }[] }>(SET_TARGETS, { ids: three }, person.token);
    expect(set.errors).toBeUndefined();
    const mine = await t.gql<{ myTargetRoles: { id: string }[] }>(
      '{ myTargetRoles { id } }',
      {},
      person.token,
    );
    expect(mine.data!.myTargetRoles.map((r) => r.id)).toEqual(three);

    const four = await t.gql(SET_TARGETS, { ids: roles.slice(0, 4).map((r) => r.id) }, person.token);
    expect(four.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOO_MANY_TARGET_ROLES',
    });
    const unknown = await t.gql(
      SET_TARGETS,
      { ids: [roles[0].id, '00000000-0000-4000-8000-000000000000'] },
      person.token,
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'roleIds.1' })],
    });
    const unchanged = await t.gql<{ myTargetRoles: { id: string }[] }>(
      '{ myTargetRoles { id } }',
      {},
      person.token,
    );
    expect(unchanged.data!.myTargetRoles.map((r) => r.id)).toEqual(three);

    const cleared = await t.gql<{ setTargetRoles: { id: string }[] }>(SET_TARGETS, { ids: [] }, person.token);
    expect(cleared.data!.setTargetRoles).toEqual([]);
  });

  it('moves target roles to the new version when a role is edited', async () => {
    const role = await aRole([
      { competenceId: await competenceId(t.dataSource, 'DOM_GMP'), requiredLevel: 2 },
    ]);
    const person = await aCandidate(t);
    await t.gql(SET_TARGETS, { ids: [role.id] }, person.token);
    const edited = await t.gql<{ updateRoleProfile: RoleView }>(
      UPDATE,
      { id: role.id, i: roleInput([]) },
      admin,
    );
    const mine = await t.gql<{ myTargetRoles: { id: string }[] }>(
      '{ myTargetRoles { id } }',
      {},
      person.token,
    );
    expect(mine.data!.myTargetRoles.map((r) => r.id)).toEqual([edited.data!.updateRoleProfile.id]);
  });

  describe('development path', () => {
    let supervisor: CreatedUser;
    beforeAll(async () => {
      supervisor = await aSupervisor(t);
    });

    async function developing(competenceIds: string[], status = OpportunityStatus.OPEN, deadline?: Date) {
      const o = await anOpportunityRow(t, { leadSupervisorId: supervisor.user.id, status, deadline });
      await t.dataSource
        .getRepository(OpportunityDevelopedCompetenceEntity)
        .insert(competenceIds.map((competenceId) => ({ opportunityId: o.id, competenceId })));
      return o;
    }

    it('ranks open opportunities by the gap levels they close and leaves out non-gap, unknown and not-open ones', async () => {
      const [a, b, c, u] = await Promise.all([
        aCompetence(t, 'A'),
        aCompetence(t, 'B'),
        aCompetence(t, 'C'),
        aCompetence(t, 'U'),
      ]);
      const role = await aRole([
        { competenceId: a.id, requiredLevel: 4, essential: true },
        { competenceId: b.id, requiredLevel: 2 },
        { competenceId: c.id, requiredLevel: 1 },
        { competenceId: u.id, requiredLevel: 3 },
      ]);
      const person = await aCandidate(t, {
        levels: [
          { competenceId: a.id, level: 1 },
          { competenceId: b.id, level: 1 },
          { competenceId: c.id, level: 2 },
        ],
      });
      const small = await developing([b.id]);
      const big = await developing([a.id, b.id]);
      const middle = await developing([a.id]);
      await developing([c.id]); // no gap there
      await developing([u.id]); // unknown: not a gap of known size
      await developing([a.id, b.id], OpportunityStatus.PENDING_APPROVAL);
      await developing([a.id, b.id], OpportunityStatus.OPEN, new Date(Date.now() - 60_000));

      const res = await t.gql<{
        developmentPath: {
          opportunityId: string;
          closedLevels: number;
          share: number;
          develops: { competenceId: string; gapClosed: number }[];
        }[];
      }>(PATH, { r: role.id }, person.token);
      expect(res.errors).toBeUndefined();
      const path = res.data!.developmentPath;
      expect(path.map((s) => s.opportunityId)).toEqual([big.id, middle.id, small.id]);
      expect(path[0]).toMatchObject({
        closedLevels: 4,
        share: 1,
        develops: [
          { competenceId: a.id, gapClosed: 3 },
          { competenceId: b.id, gapClosed: 1 },
        ],
      });
      expect(path[1]).toMatchObject({ closedLevels: 3, share: 0.75 });
      expect(path[2]).toMatchObject({ closedLevels: 1, share: 0.25 });

      const first = await t.gql<{ developmentPath: { opportunityId: string }[] }>(
        PATH,
        { r: role.id, first: 1 },
        person.token,
      );
      expect(first.data!.developmentPath.map((s) => s.opportunityId)).toEqual([big.id]);
    });

    it('leaves out opportunities the person already applied to and those their career stage cannot take', async () => {
      const g = await aCompetence(t, 'Path gap');
      const role = await aRole([{ competenceId: g.id, requiredLevel: 3 }]);
      const person = await aCandidate(t, {
        stage: CareerStage.MASTER_STUDENT,
        levels: [{ competenceId: g.id, level: 1 }],
      });
      const applied = await developing([g.id]);
      const withdrawn = await developing([g.id]);
      const forPostdocs = await developing([g.id]);
      const forMasters = await developing([g.id]);
      await t.dataSource
        .getRepository(OpportunityEntity)
        .update(forPostdocs.id, { eligibleStages: [CareerStage.POSTDOC] });
      await t.dataSource
        .getRepository(OpportunityEntity)
        .update(forMasters.id, { eligibleStages: [CareerStage.MASTER_STUDENT, CareerStage.POSTDOC] });
      await anApplication(t, {
        opportunityId: applied.id,
        candidateId: person.user.id,
        status: ApplicationStatus.SUBMITTED,
      });
      await anApplication(t, {
        opportunityId: withdrawn.id,
        candidateId: person.user.id,
        status: ApplicationStatus.WITHDRAWN,
      });
      const res = await t.gql<{ developmentPath: { opportunityId: string }[] }>(
        PATH,
        { r: role.id },
        person.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.developmentPath.map((s) => s.opportunityId).sort()).toEqual(
        [withdrawn.id, forMasters.id].sort(),
      );
    });

    it('suggests only opportunities the person can apply to: none with an essential requirement they do not meet', async () => {
      const g = await aCompetence(t, 'Essential path gap');
      const e = await aCompetence(t, 'Essential path requirement');
      const role = await aRole([{ competenceId: g.id, requiredLevel: 4 }]);
      const person = await aCandidate(t, {
        levels: [
          { competenceId: g.id, level: 1 },
          { competenceId: e.id, level: 2 },
        ],
      });
      const withRequirement = async (developed: string[], requirements: OpportunityRequirementSpec[]) => {
        const o = await anOpportunityRow(t, { leadSupervisorId: supervisor.user.id, requirements });
        await t.dataSource
          .getRepository(OpportunityDevelopedCompetenceEntity)
          .insert(developed.map((competenceId) => ({ opportunityId: o.id, competenceId })));
        return o;
      };
      // Closes the most gap levels, but needs e at Advanced (the person has Intermediate): not suggested.
      const [unmet, unrated] = await Promise.all([
        withRequirement([g.id], [{ competenceId: e.id, minLevel: 3, essential: true }]),
        withRequirement(
          [g.id],
          [{ competenceId: (await aCompetence(t, 'Never rated')).id, minLevel: 1, essential: true }],
        ),
      ]);
      const met = await withRequirement([g.id], [{ competenceId: e.id, minLevel: 2, essential: true }]);
      // An unmet optional requirement does not stop an application.
      const optional = await withRequirement([g.id], [{ competenceId: e.id, minLevel: 4, essential: false }]);

      const all = await t.gql<{ developmentPath: { opportunityId: string }[] }>(
        PATH,
        { r: role.id },
        person.token,
      );
      expect(all.errors).toBeUndefined();
      const suggested = all.data!.developmentPath.map((s) => s.opportunityId);
      expect(suggested.sort()).toEqual([met.id, optional.id].sort());
      expect(suggested).not.toContain(unmet.id);
      expect(suggested).not.toContain(unrated.id);

      // `first` counts suggestions, not the opportunities read and left out.
      const one = await t.gql<{ developmentPath: { opportunityId: string }[] }>(
        PATH,
        { r: role.id, first: 1 },
        person.token,
      );
      expect(one.data!.developmentPath).toHaveLength(1);
      expect([met.id, optional.id]).toContain(one.data!.developmentPath[0].opportunityId);
    });

    it('gives an opportunity developing a target-role gap a DEVELOPMENT part > 0 and ranks it above an identical one that does not', async () => {
      const g = await aCompetence(t, 'Target gap');
      const role = await aRole([{ competenceId: g.id, requiredLevel: 3, essential: true }]);
      const person = await aCandidate(t, {
        stage: CareerStage.POSTDOC,
        levels: [{ competenceId: g.id, level: 1 }],
      });
      expect((await t.gql(SET_TARGETS, { ids: [role.id] }, person.token)).errors).toBeUndefined();
      const host = await aSupervisor(t, 'JANSSEN');
      const plain = await anOpportunityRow(t, { leadSupervisorId: host.user.id, hostOrg: 'JANSSEN' });
      const developing = await anOpportunityRow(t, { leadSupervisorId: host.user.id, hostOrg: 'JANSSEN' });
      await t.dataSource
        .getRepository(OpportunityDevelopedCompetenceEntity)
        .insert({ opportunityId: developing.id, competenceId: g.id });

      const res = await t.gql<{
        recommendedOpportunities: {
          opportunity: { id: string };
          score: number;
          parts: { key: string; value: number }[];
        }[];
      }>(
        `query($f: RecommendationFilterInput) { recommendedOpportunities(first: 10, filter: $f) {
          opportunity { id } score parts { key value } } }`,
        { f: { hostOrganisationId: await organisationId(t.dataSource, 'JANSSEN') } },
        person.token,
      );
      expect(res.errors).toBeUndefined();
      const recs = res.data!.recommendedOpportunities;
      const ids = recs.map((r) => r.opportunity.id);
      expect(ids.indexOf(developing.id)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(developing.id)).toBeLessThan(ids.indexOf(plain.id));
      const dev = (id: string) =>
        recs.find((r) => r.opportunity.id === id)!.parts.find((p) => p.key === 'DEVELOPMENT')!.value;
      expect(dev(developing.id)).toBeGreaterThan(0);
      expect(dev(plain.id)).toBe(0);
    });
  });
});
