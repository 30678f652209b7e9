import { UserRole } from '../../src/core/domain/enums';
import { aUser } from '../factories/users.factory';
import { competenceId, withAssessments } from '../factories/profiles.factory';
import { createTestApp, TestApp } from '../utils/test-app';

interface Competence {
  id: string;
  code: string;
  name: string;
  description: string;
  externalUri: string | null;
  retiredAt: string | null;
}

const RESEARCH_AREAS = [
  'COGNITIVE_ABILITIES',
  'DOING_RESEARCH',
  'MANAGING_RESEARCH',
  'MANAGING_RESEARCH_TOOLS',
  'MAKING_AN_IMPACT',
  'WORKING_WITH_OTHERS',
  'SELF_MANAGEMENT',
];

describe('competence framework', () => {
  let t: TestApp;
  let admin: string;
  let candidate: string;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
    candidate = await t.login('candidate@lumc.test');
  });
  afterAll(() => t.close());

  async function createCompetence(code: string, token = admin) {
    const areas = await t.gql<{ competenceAreas: { id: string; code: string }[] }>(
      '{ competenceAreas { id code } }',
      {},
      token,
    );
    const domain = areas.data?.competenceAreas.find((a) => a.code === 'DOMAIN');
    return t.gql<{ createCompetence: Competence & { area: { code: string } } }>(
      `mutation($i: CreateCompetenceInput!) {
        createCompetence(input: $i) { id code name description externalUri retiredAt area { code } }
      }`,
      { i: { code, name: `Name of ${code}`, description: 'Made in a test.', areaId: domain?.id } },
      token,
    );
  }

  it('seeds the seven research areas and the consortium domain, with at least 40 competences', async () => {
    const res = await t.gql<{
      competenceAreas: { code: string; position: number; competences: { code: string }[] }[];
    }>('{ competenceAreas { code position competences { code } } }', {}, candidate);
    expect(res.errors).toBeUndefined();
    const areas = res.data?.competenceAreas ?? [];
    expect(areas.map((a) => a.code)).toEqual([...RESEARCH_AREAS, 'DOMAIN']);
    for (const area of areas) expect(area.competences.length).toBeGreaterThanOrEqual(5);
    const codes = areas.flatMap((a) => a.competences.map((c) => c.code));
    expect(codes.length).toBeGreaterThanOrEqual(40);
    expect(new Set(codes).size).toBe(codes.length);
    const domain = areas.find((a) => a.code === 'DOMAIN')?.competences.map((c) => c.code);
    expect(domain).toEqual(
      expect.arrayContaining([
        'DOM_CLINICAL_TRIAL_DESIGN',
        'DOM_GOOD_CLINICAL_PRACTICE',
        'DOM_VACCINE_IMMUNOLOGY',
        'DOM_DRUG_DELIVERY',
        'DOM_BIOINFORMATICS',
        'DOM_REGULATORY_AFFAIRS',
        'DOM_TEACHING',
        'DOM_GMP',
        'DOM_TRANSLATIONAL_MEDICINE',
        'DOM_BIOSTATISTICS',
      ]),
    );
  });

  it('seeds idempotently: running the framework seed again adds nothing', async () => {
    const { seedCompetenceFramework } = await import('../../src/database/seeds/competence-framework');
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM competences');
    await t.dataSource.transaction((em) => seedCompetenceFramework(em));
    const after = await t.dataSource.query('SELECT count(*)::int AS n FROM competences');
    expect(after).toEqual(before);
  });

  it('exposes the four-level proficiency scale with a descriptor per level', async () => {
    const res = await t.gql<{ proficiencyScale: { level: number; name: string; descriptor: string }[] }>(
      '{ proficiencyScale { level name descriptor } }',
      {},
      candidate,
    );
    expect(res.data?.proficiencyScale.map((l) => [l.level, l.name])).toEqual([
      [1, 'Foundational'],
      [2, 'Intermediate'],
      [3, 'Advanced'],
      [4, 'Expert'],
    ]);
    for (const l of res.data?.proficiencyScale ?? []) expect(l.descriptor.length).toBeGreaterThan(10);
  });

  it('searches competences by name, code or description, case-insensitively', async () => {
    const res = await t.gql<{ competences: { code: string; area: { code: string } }[] }>(
      '{ competences(search: "BIOINFORMATIC") { code area { code } } }',
      {},
      candidate,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.competences).toEqual([{ code: 'DOM_BIOINFORMATICS', area: { code: 'DOMAIN' } }]);
    const wildcard = await t.gql<{ competences: unknown[] }>(
      '{ competences(search: "%") { code } }',
      {},
      candidate,
    );
    expect(wildcard.data?.competences).toEqual([]);
  });

  it('lets an admin create, rename and retire a competence', async () => {
    const created = await createCompetence('DOM_CRYO_EM');
    expect(created.errors).toBeUndefined();
    expect(created.data?.createCompetence).toMatchObject({
      code: 'DOM_CRYO_EM',
      externalUri: null,
      retiredAt: null,
      area: { code: 'DOMAIN' },
    });
    const id = created.data?.createCompetence.id;

    const renamed = await t.gql<{ renameCompetence: Competence }>(
      'mutation($id: ID!) { renameCompetence(id: $id, name: "Cryo-electron microscopy") { code name description } }',
      { id },
      admin,
    );
    expect(renamed.data?.renameCompetence).toEqual({
      code: 'DOM_CRYO_EM',
      name: 'Cryo-electron microscopy',
      description: 'Made in a test.',
    });

    const retired = await t.gql<{ retireCompetence: Competence }>(
      'mutation($id: ID!) { retireCompetence(id: $id) { retiredAt } }',
      { id },
      admin,
    );
    expect(retired.data?.retireCompetence.retiredAt).toEqual(expect.any(String));

    const active = await t.gql<{ competences: { id: string }[] }>('{ competences { id } }', {}, candidate);
    expect(active.data?.competences.some((c) => c.id === id)).toBe(false);
    const all = await t.gql<{ competences: { id: string }[] }>(
      '{ competences(includeRetired: true) { id } }',
      {},
      candidate,
    );
    expect(all.data?.competences.some((c) => c.id === id)).toBe(true);
    const one = await t.gql<{ competence: Competence }>(
      'query($id: ID!) { competence(id: $id) { name retiredAt } }',
      { id },
      candidate,
    );
    expect(one.data?.competence).toEqual({ name: 'Cryo-electron microscopy', retiredAt: expect.any(String) });
  });

  it('refuses a duplicate competence code with CONFLICT', async () => {
    const res = await createCompetence('DOM_BIOINFORMATICS');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'COMPETENCE_CODE_TAKEN' });
  });

  it('refuses a malformed code and external URI and an unknown area in one answer, naming every field', async () => {
    const res = await t.gql(
      'mutation($i: CreateCompetenceInput!) { createCompetence(input: $i) { id } }',
      {
        i: {
          code: 'lower case',
          name: 'Bad',
          description: 'Bad',
          areaId: '00000000-0000-4000-8000-000000000000',
          externalUri: 'not a uri',
        },
      },
      admin,
    );
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const fields = (res.errors?.[0].extensions.fields as { field: string }[]).map((f) => f.field);
    expect(new Set(fields)).toEqual(new Set(['code', 'externalUri', 'areaId']));
  });

  it('names the unknown area alone with UNKNOWN_COMPETENCE_AREA', async () => {
    const res = await t.gql(
      'mutation($i: CreateCompetenceInput!) { createCompetence(input: $i) { id } }',
      {
        i: {
          code: 'DOM_NO_AREA',
          name: 'No area',
          description: 'No area',
          areaId: '00000000-0000-4000-8000-000000000000',
        },
      },
      admin,
    );
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UNKNOWN_COMPETENCE_AREA',
      fields: [{ field: 'areaId', message: 'no such competence area' }],
    });
  });

  it('accepts only ESCO concept URIs (http(s)://data.europa.eu/esco/...) as external URI', async () => {
    const areas = await t.gql<{ competenceAreas: { id: string; code: string }[] }>(
      '{ competenceAreas { id code } }',
      {},
      admin,
    );
    const areaId = areas.data!.competenceAreas.find((a) => a.code === 'DOMAIN')!.id;
    const create = (code: string, externalUri: string) =>
      t.gql<{ createCompetence: { externalUri: string } }>(
        'mutation($i: CreateCompetenceInput!) { createCompetence(input: $i) { externalUri } }',
        { i: { code, name: `Name of ${code}`, description: 'ESCO test', areaId, externalUri } },
        admin,
      );
    for (const [i, uri] of [
      'https://example.com/esco/skill/1',
      'http://data.europa.eu.evil.test/esco/skill/1',
      'http://data.europa.eu@evil.test/esco/skill/1',
      'https://data.europa.eu/other/skill/1',
      'ftp://data.europa.eu/esco/skill/1',
      'http://data.europa.eu/esco/skill/<script>',
    ].entries()) {
      const res = await create(`DOM_ESCO_BAD_${i}`, uri);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'externalUri' })],
      });
    }
    const uri = 'http://data.europa.eu/esco/skill/0c5d9b8a-6a8e-4d5c-9f1e-2b3c4d5e6f70';
    const ok = await create('DOM_ESCO_GOOD', uri);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.createCompetence.externalUri).toBe(uri);
    const secure = await create('DOM_ESCO_GOOD_HTTPS', 'https://data.europa.eu/esco/occupation/abc-123');
    expect(secure.errors).toBeUndefined();
  });

  it('refuses framework changes by non-admins with FORBIDDEN', async () => {
    const hr = await t.login('hr@lumc.test');
    const id = await competenceId(t.dataSource, 'DOM_GMP');
    const create = await createCompetence('DOM_NOT_ALLOWED', hr);
    expect(create.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const rename = await t.gql(
      'mutation($id: ID!) { renameCompetence(id: $id, name: "Nope") { id } }',
      { id },
      candidate,
    );
    expect(rename.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const retire = await t.gql('mutation($id: ID!) { retireCompetence(id: $id) { id } }', { id }, hr);
    expect(retire.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const still = await t.gql<{ competence: Competence }>(
      'query($id: ID!) { competence(id: $id) { name retiredAt } }',
      { id },
      candidate,
    );
    expect(still.data?.competence).toEqual({ name: 'Good manufacturing practice (GMP)', retiredAt: null });
  });

  it('keeps a retired competence on an old assessment but refuses a new one with COMPETENCE_RETIRED', async () => {
    const created = await createCompetence('DOM_LEGACY_ASSAY');
    const id = created.data?.createCompetence.id as string;
    const person = await aUser(t, { roles: [UserRole.CANDIDATE] });
    await withAssessments(t, person, [{ competence: id, level: 2 }]);
    await t.gql('mutation($id: ID!) { retireCompetence(id: $id) { id } }', { id }, admin);

    const refused = await t.gql(
      'mutation($c: ID!) { selfAssess(competenceId: $c, level: 3) { id } }',
      { c: id },
      person.token,
    );
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'COMPETENCE_RETIRED',
      fields: [{ field: 'competenceId' }],
    });

    const profile = await t.gql<{
      myProfile: {
        competences: { level: number; competence: { code: string; retiredAt: string | null } }[];
        assessments: { level: number; competence: { code: string } }[];
      };
    }>(
      '{ myProfile { competences { level competence { code retiredAt } } assessments { level competence { code } } } }',
      {},
      person.token,
    );
    expect(profile.errors).toBeUndefined();
    expect(profile.data?.myProfile.competences).toEqual([
      { level: 2, competence: { code: 'DOM_LEGACY_ASSAY', retiredAt: expect.any(String) } },
    ]);
    expect(profile.data?.myProfile.assessments).toEqual([
      { level: 2, competence: { code: 'DOM_LEGACY_ASSAY' } },
    ]);
  });

  it('answers NOT_FOUND for an unknown competence id', async () => {
    const res = await t.gql(
      'query { competence(id: "00000000-0000-4000-8000-000000000000") { id } }',
      {},
      candidate,
    );
    expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
