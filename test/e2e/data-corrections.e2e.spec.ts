import { AssessmentSource, CareerStage, UserRole } from '../../src/core/domain/enums';
import { aCandidate, aCompetence } from '../factories/applications.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const CORRECT_PROFILE = `mutation($p: ID!, $i: CorrectProfileInput!, $r: String!) {
  correctProfile(personId: $p, input: $i, reason: $r) { userId careerStage headline } }`;
const CORRECT_ASSESSMENT = `mutation($p: ID!, $c: ID!, $l: Int!, $r: String!) {
  correctAssessment(personId: $p, competenceId: $c, level: $l, reason: $r) { id level source assessorId } }`;
const FIELDS = `id personId target assessmentId competenceId changes { field from to } reason correctedById correctedByName correctedAt`;
const MINE = `{ myDataCorrections { ${FIELDS} } }`;
const OF = `query($p: ID!) { dataCorrections(personId: $p) { id reason } }`;

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** Rectification by HR: corrections of someone else's data are recorded with who and why. */
describe('Corrections of a person’s data by HR', () => {
  let t: TestApp;
  let admin: string;
  let hrLeiden: CreatedUser;
  let hrJanssen: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
    hrLeiden = await aUser(t, { roles: [UserRole.HR], organisation: 'LEIDEN_UNIV' });
    hrJanssen = await t.login('hr@janssen.test');
  });
  afterAll(() => t.close());

  it('HR of the person’s organisation corrects profile fields with a reason; the person sees what, who and why, is told, and finds it in the export and the audit trail', async () => {
    const person = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    dataOf(
      await t.gql(
        'mutation { updateMyProfile(input: { headline: "Lipid chemst" }) { userId } }',
        {},
        person.token,
      ),
    );
    const corrected = dataOf(
      await t.gql<{ correctProfile: Record<string, unknown> }>(
        CORRECT_PROFILE,
        {
          p: person.user.id,
          i: { careerStage: 'PHD_CANDIDATE', headline: 'Lipid chemist', researchLevel: null },
          r: '  Enrolled as a PhD candidate since September  ',
        },
        hrLeiden.token,
      ),
    ).correctProfile;
    expect(corrected).toEqual({
      userId: person.user.id,
      careerStage: 'PHD_CANDIDATE',
      headline: 'Lipid chemist',
    });

    const mine = dataOf(
      await t.gql<{ myDataCorrections: Record<string, unknown>[] }>(MINE, {}, person.token),
    ).myDataCorrections;
    expect(mine).toEqual([
      expect.objectContaining({
        personId: person.user.id,
        target: 'PROFILE',
        reason: 'Enrolled as a PhD candidate since September',
        correctedById: hrLeiden.user.id,
        correctedByName: hrLeiden.user.displayName,
        // Only what changed (researchLevel was null already).
        changes: [
          { field: 'careerStage', from: '"MASTER_STUDENT"', to: '"PHD_CANDIDATE"' },
          { field: 'headline', from: '"Lipid chemst"', to: '"Lipid chemist"' },
        ],
      }),
    ]);
    const notes = dataOf(
      await t.gql<{ notifications: { type: string; params: { reason: string } }[] }>(
        '{ notifications(first: 10) { type params { reason } } }',
        {},
        person.token,
      ),
    ).notifications;
    expect(notes).toContainEqual({
      type: 'DATA_CORRECTED',
      params: { reason: 'Enrolled as a PhD candidate since September' },
    });
    const actions = dataOf(
      await t.gql<{ myPrivacyActions: { action: string }[] }>(
        '{ myPrivacyActions(first: 10) { action } }',
        {},
        person.token,
      ),
    ).myPrivacyActions;
    expect(actions.map((a) => a.action)).toEqual(['RECTIFIED']);
    const exported = dataOf(
      await t.gql<{ exportMyData: { sections: Record<string, { rows: Record<string, unknown>[] }> } }>(
        '{ exportMyData }',
        {},
        person.token,
      ),
    ).exportMyData;
    expect(exported.sections.dataCorrections.rows).toEqual([
      expect.objectContaining({
        target: 'PROFILE',
        corrected_by: hrLeiden.user.id,
        reason: 'Enrolled as a PhD candidate since September',
      }),
    ]);
    // HR and admins read the corrections of a person of their organisation.
    for (const token of [hrLeiden.token, admin]) {
      const list = dataOf(
        await t.gql<{ dataCorrections: { id: string }[] }>(OF, { p: person.user.id }, token),
      );
      expect(list.dataCorrections).toHaveLength(1);
    }
  });

  it('refuses to everyone but HR of the person’s organisation and admins; a reason is required', async () => {
    const person = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const other = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    const supervisor = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LEIDEN_UNIV' });
    const vars = { p: person.user.id, i: { headline: 'Changed' }, r: 'Because' };
    for (const token of [other.token, supervisor.token, person.token]) {
      expect((await t.gql(CORRECT_PROFILE, vars, token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await t.gql(OF, { p: person.user.id }, token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    // HR of another organisation: as if the person did not exist.
    expect((await t.gql(CORRECT_PROFILE, vars, hrJanssen)).errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(OF, { p: person.user.id }, hrJanssen)).errors?.[0].extensions.code).toBe('NOT_FOUND');
    // A reason is required: absent, the operation is invalid; blank, it is bad input with the field.
    const absent = await t.gql(
      'mutation($p: ID!) { correctProfile(personId: $p, input: { headline: "x" }) { userId } }',
      { p: person.user.id },
      hrLeiden.token,
    );
    expect(absent.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const blank = await t.gql(CORRECT_PROFILE, { ...vars, r: '   ' }, hrLeiden.token);
    expect(blank.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(blank.errors?.[0].extensions.fields).toEqual([
      { field: 'reason', message: 'must not be blank', code: 'REQUIRED' },
    ]);
    // The visibility is the person's consent: not a field HR corrects.
    const visibility = await t.gql(
      'mutation($p: ID!) { correctProfile(personId: $p, input: { visibility: CONSORTIUM }, reason: "x") { userId } }',
      { p: person.user.id },
      hrLeiden.token,
    );
    expect(visibility.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Nothing was changed or recorded.
    expect(
      dataOf(await t.gql<{ myDataCorrections: unknown[] }>(MINE, {}, person.token)).myDataCorrections,
    ).toEqual([]);
  });

  it('corrects a level a supervisor set with a new assessment of the same source; a self-assessed level is the person’s', async () => {
    const competence = await aCompetence(t, 'Correction competence');
    const own = await aCompetence(t, 'Self-assessed competence');
    const person = await aCandidate(t, {
      stage: CareerStage.MASTER_STUDENT,
      levels: [
        { competenceId: competence.id, level: 1, source: AssessmentSource.SUPERVISOR },
        { competenceId: own.id, level: 2, source: AssessmentSource.SELF },
      ],
    });
    const corrected = dataOf(
      await t.gql<{ correctAssessment: Record<string, unknown> }>(
        CORRECT_ASSESSMENT,
        { p: person.user.id, c: competence.id, l: 3, r: 'The supervisor entered the wrong level' },
        admin,
      ),
    ).correctAssessment;
    expect(corrected).toMatchObject({ level: 3, source: 'SUPERVISOR' });
    const profile = dataOf(
      await t.gql<{
        myProfile: {
          competences: { competenceId: string; level: number }[];
          assessments: { level: number }[];
        };
      }>(
        '{ myProfile { competences { competenceId level } assessments { competenceId level } } }',
        {},
        person.token,
      ),
    ).myProfile;
    expect(profile.competences).toContainEqual({ competenceId: competence.id, level: 3 });
    // The history keeps the level that was corrected.
    expect(profile.assessments).toContainEqual({ competenceId: competence.id, level: 1 });
    const mine = dataOf(
      await t.gql<{ myDataCorrections: Record<string, unknown>[] }>(MINE, {}, person.token),
    ).myDataCorrections;
    expect(mine).toEqual([
      expect.objectContaining({
        target: 'ASSESSMENT',
        assessmentId: corrected.id,
        competenceId: competence.id,
        changes: [{ field: 'level', from: '1', to: '3' }],
        reason: 'The supervisor entered the wrong level',
      }),
    ]);

    const selfRated = await t.gql(
      CORRECT_ASSESSMENT,
      { p: person.user.id, c: own.id, l: 4, r: 'x' },
      hrLeiden.token,
    );
    expect(selfRated.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_SET_BY_OTHERS',
    });
  });

  it('erasure deletes the corrections of the person’s data', async () => {
    const person = await aCandidate(t, { stage: CareerStage.MASTER_STUDENT });
    dataOf(
      await t.gql(
        CORRECT_PROFILE,
        { p: person.user.id, i: { headline: 'Unique headline 9c1d' }, r: 'Typo' },
        hrLeiden.token,
      ),
    );
    dataOf(
      await t.gql(
        'mutation($p: ID!) { erasePerson(userId: $p, reason: "Request by e-mail") { erasedAt } }',
        { p: person.user.id },
        admin,
      ),
    );
    const [left] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM data_corrections WHERE person_id = $1',
      [person.user.id],
    );
    expect(left.n).toBe(0);
  });
});
