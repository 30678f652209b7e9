import { OpportunityKind, UserRole, Visibility } from '../../src/core/domain/enums';
import { aDraft, lifecycle } from '../factories/opportunities.factory';
import { withProfile } from '../factories/profiles.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

/**
 * A supervisor's supervision capacity (the load cap HR's approvals of co-supervised projects check)
 * is set by HR of the supervisor's organisation and admins, never by the supervisor (hole 5).
 */
const SET = `mutation($u: ID!, $c: Int!, $r: String! = "Agreed at the annual review") {
  setSupervisionCapacity(userId: $u, capacity: $c, reason: $r) { userId supervisionCapacity } }`;
const CORRECTIONS =
  '{ myDataCorrections { target changes { field from to } reason correctedById correctedAt } }';
const MY_CAPACITY = '{ myProfile { supervisionCapacity } }';
const INVITE = 'mutation($o: ID!, $u: ID!) { inviteCoSupervisor(opportunityId: $o, userId: $u) { status } }';
const RESPOND = 'mutation($o: ID!) { respondToCoSupervision(opportunityId: $o, accept: true) { status } }';

const errorOf = (res: GqlResponse) => res.errors?.[0]?.extensions;

describe('supervision capacity', () => {
  let t: TestApp;
  let lumcHr: string;
  let janssenHr: string;
  let admin: string;
  let lead: CreatedUser;

  const capacityOf = async (token: string) =>
    (await t.gql<{ myProfile: { supervisionCapacity: number } }>(MY_CAPACITY, {}, token)).data!.myProfile
      .supervisionCapacity;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    lumcHr = await t.login('hr@lumc.test');
    janssenHr = await t.login('hr@janssen.test');
    admin = await t.login('admin@talent-exchange.test');
    lead = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
  });
  afterAll(() => t.close());

  it('is no longer a field of updateMyProfile: a supervisor cannot raise their own cap', async () => {
    const before = await capacityOf(lead.token);
    const res = await t.gql(
      'mutation { updateMyProfile(input: { supervisionCapacity: 30 }) { supervisionCapacity } }',
      {},
      lead.token,
    );
    expect(errorOf(res)?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await capacityOf(lead.token)).toBe(before);
  });

  it('is refused to a candidate-only account for itself', async () => {
    const candidate = await aUser(t, { organisation: 'LUMC' });
    const own = await t.gql(SET, { u: candidate.user.id, c: 30 }, candidate.token);
    expect(errorOf(own)?.code).toBe('FORBIDDEN');
  });

  it('is set by HR of the supervisor’s organisation and read back by the supervisor', async () => {
    const res = await t.gql<{ setSupervisionCapacity: { supervisionCapacity: number } }>(
      SET,
      { u: lead.user.id, c: 7 },
      lumcHr,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.setSupervisionCapacity.supervisionCapacity).toBe(7);
    expect(await capacityOf(lead.token)).toBe(7);
  });

  it('is set by an admin of another organisation', async () => {
    const res = await t.gql(SET, { u: lead.user.id, c: 5 }, admin);
    expect(res.errors).toBeUndefined();
    expect(await capacityOf(lead.token)).toBe(5);
  });

  it('answers HR of another organisation NOT_FOUND for a private profile, FORBIDDEN for a findable one', async () => {
    const hidden = await t.gql(SET, { u: lead.user.id, c: 30 }, janssenHr);
    expect(errorOf(hidden)?.code).toBe('NOT_FOUND');
    const findable = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
    await withProfile(t, findable.token, { visibility: Visibility.CONSORTIUM });
    const seen = await t.gql(SET, { u: findable.user.id, c: 30 }, janssenHr);
    expect(errorOf(seen)?.code).toBe('FORBIDDEN');
    expect(await capacityOf(lead.token)).toBe(5);
    expect(await capacityOf(findable.token)).toBe(4);
  });

  it('answers an unknown person NOT_FOUND, like one HR may not see', async () => {
    const res = await t.gql(SET, { u: '00000000-0000-4000-8000-000000000000', c: 3 }, lumcHr);
    expect(errorOf(res)?.code).toBe('NOT_FOUND');
  });

  it('refuses a person who is not a supervisor, and a capacity out of 0..30, with field details', async () => {
    const candidate = await aUser(t, { organisation: 'LUMC' });
    const notSupervisor = await t.gql(SET, { u: candidate.user.id, c: 3 }, lumcHr);
    expect(errorOf(notSupervisor)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_A_SUPERVISOR',
      fields: [{ field: 'userId', code: 'LACKS_ROLE', params: { role: 'SUPERVISOR' } }],
    });
    const tooMany = await t.gql(SET, { u: lead.user.id, c: 31 }, lumcHr);
    expect(errorOf(tooMany)?.code).toBe('BAD_USER_INPUT');
    expect(await capacityOf(lead.token)).toBe(5);
  });

  it('needs a reason: absent, the operation is invalid; blank, REQUIRED on reason; nothing changes', async () => {
    const absent = await t.gql(
      'mutation($u: ID!) { setSupervisionCapacity(userId: $u, capacity: 9) { supervisionCapacity } }',
      { u: lead.user.id },
      lumcHr,
    );
    expect(errorOf(absent)?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const blank = await t.gql(SET, { u: lead.user.id, c: 9, r: '   ' }, lumcHr);
    expect(errorOf(blank)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'reason', code: 'REQUIRED' }],
    });
    expect(await capacityOf(lead.token)).toBe(5);
  });

  it('keeps who, when, from, to and why; the supervisor is told, sees it, finds it in the export; erasure deletes it', async () => {
    const hr = await aUser(t, { roles: [UserRole.HR], organisation: 'LUMC' });
    const supervisor = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
    const before = Date.now();
    const set = await t.gql(
      SET,
      { u: supervisor.user.id, c: 6, r: '  Two postdocs joined the lab  ' },
      hr.token,
    );
    expect(set.errors).toBeUndefined();
    // The same capacity again changes nothing and records nothing.
    expect((await t.gql(SET, { u: supervisor.user.id, c: 6 }, hr.token)).errors).toBeUndefined();

    const mine = await t.gql<{
      myDataCorrections: {
        target: string;
        changes: unknown[];
        reason: string;
        correctedById: string;
        correctedAt: string;
      }[];
    }>(CORRECTIONS, {}, supervisor.token);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myDataCorrections).toEqual([
      {
        target: 'PROFILE',
        changes: [{ field: 'supervisionCapacity', from: '4', to: '6' }],
        reason: 'Two postdocs joined the lab',
        correctedById: hr.user.id,
        correctedAt: expect.any(String),
      },
    ]);
    expect(Date.parse(mine.data!.myDataCorrections[0].correctedAt)).toBeGreaterThanOrEqual(before - 1000);

    const notes = await t.gql<{
      notifications: { type: string; params: { count: number; reason: string } }[];
    }>('{ notifications(first: 10) { type params { count reason } } }', {}, supervisor.token);
    expect(notes.data!.notifications).toEqual([
      { type: 'SUPERVISION_CAPACITY_SET', params: { count: 6, reason: 'Two postdocs joined the lab' } },
    ]);

    const exported = await t.gql<{
      exportMyData: { sections: Record<string, { rows: Record<string, unknown>[] }> };
    }>('{ exportMyData }', {}, supervisor.token);
    expect(exported.data!.exportMyData.sections.dataCorrections.rows).toEqual([
      expect.objectContaining({
        target: 'PROFILE',
        corrected_by: hr.user.id,
        changes: [{ field: 'supervisionCapacity', from: 4, to: 6 }],
        reason: 'Two postdocs joined the lab',
      }),
    ]);

    const erased = await t.gql(
      'mutation($p: ID!) { erasePerson(userId: $p, reason: "Request by e-mail") { erasedAt } }',
      { p: supervisor.user.id },
      admin,
    );
    expect(erased.errors).toBeUndefined();
    const [left] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM data_corrections WHERE person_id = $1',
      [supervisor.user.id],
    );
    expect(left.n).toBe(0);
  });

  it('is the cap HR’s approval of a co-supervised project checks', async () => {
    const co = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'JANSSEN' });
    const project = await aDraft(t, lead.token, OpportunityKind.CO_SUPERVISED_PROJECT, { capacity: 2 });
    expect((await t.gql(INVITE, { o: project.id, u: co.user.id }, lead.token)).errors).toBeUndefined();
    expect((await t.gql(RESPOND, { o: project.id }, co.token)).errors).toBeUndefined();
    expect((await lifecycle(t, 'submitOpportunity', project.id, lead.token)).errors).toBeUndefined();

    await t.gql(SET, { u: lead.user.id, c: 1 }, lumcHr);
    const refused = await lifecycle(t, 'approveOpportunity', project.id, lumcHr);
    expect(errorOf(refused)).toMatchObject({ code: 'CONFLICT', reason: 'SUPERVISOR_LOAD_EXCEEDED' });

    await t.gql(SET, { u: lead.user.id, c: 2 }, lumcHr);
    const approved = await lifecycle(t, 'approveOpportunity', project.id, lumcHr);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveOpportunity.status).toBe('OPEN');
  });
});
