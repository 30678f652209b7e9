import { CareerStage, UserRole, Visibility } from '../../src/core/domain/enums';
import { RetentionJob } from '../../src/retention/retention.job';
import { withProfile } from '../factories/profiles.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const DAY = 86_400_000;
const CREATE_SHARE = `mutation { createTalentProfileShare(expiresInDays: 90) { id } }`;
const MY_SHARES = `{ myTalentProfileShares { id active } }`;
const MY_READS = '{ myPersonalDataReads { kind readAt } }';
const READ_PROFILE = 'query($id: ID!) { profile(userId: $id) { userId } }';

/** Storage limitation: what has served its purpose is deleted by the hourly retention job. */
describe('retention of personal records', () => {
  let t: TestApp;
  let person: CreatedUser;
  let hr: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    person = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LUMC' });
    await withProfile(t, person.token, { careerStage: CareerStage.POSTDOC, visibility: Visibility.PRIVATE });
    hr = await aUser(t, { roles: [UserRole.HR], organisation: 'LUMC' });
  });
  afterAll(() => t.close());

  async function shares(): Promise<{ id: string; active: boolean }[]> {
    const res = await t.gql<{ myTalentProfileShares: { id: string; active: boolean }[] }>(
      MY_SHARES,
      {},
      person.token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.myTalentProfileShares;
  }

  async function newShare(): Promise<string> {
    const res = await t.gql<{ createTalentProfileShare: { id: string } }>(CREATE_SHARE, {}, person.token);
    expect(res.errors).toBeUndefined();
    return res.data!.createTalentProfileShare.id;
  }

  /** Moves a share's dates to `createdDaysAgo` and its end to the given days from now. */
  async function backdate(
    id: string,
    dates: { createdDaysAgo: number; expiresInDays: number; revokedDaysAgo?: number },
  ): Promise<void> {
    const now = Date.now();
    await t.dataSource.query(
      `UPDATE talent_profile_shares SET created_at = $2, expires_at = $3, revoked_at = $4 WHERE id = $1`,
      [
        id,
        new Date(now - dates.createdDaysAgo * DAY),
        new Date(now + dates.expiresInDays * DAY),
        dates.revokedDaysAgo === undefined ? null : new Date(now - dates.revokedDaysAgo * DAY),
      ],
    );
  }

  it('deletes share links 30 days after they expired or were revoked, and keeps the rest in the owner’s list', async () => {
    const expiredLongAgo = await newShare();
    const expiredRecently = await newShare();
    const revokedLongAgo = await newShare();
    const revokedRecently = await newShare();
    const live = await newShare();
    await backdate(expiredLongAgo, { createdDaysAgo: 60, expiresInDays: -31 });
    await backdate(expiredRecently, { createdDaysAgo: 40, expiresInDays: -29 });
    // Revoked 40 days ago, though it would only expire in 45 days: it ended when it was revoked.
    await backdate(revokedLongAgo, { createdDaysAgo: 45, expiresInDays: 45, revokedDaysAgo: 40 });
    await backdate(revokedRecently, { createdDaysAgo: 45, expiresInDays: 45, revokedDaysAgo: 5 });

    const result = await t.app.get(RetentionJob).purge(new Date());

    expect(result.endedShares).toBe(2);
    const left = await shares();
    expect(left.map((s) => s.id).sort()).toEqual([expiredRecently, revokedRecently, live].sort());
    expect(left.find((s) => s.id === live)?.active).toBe(true);
    // Running it again finds nothing more.
    expect((await t.app.get(RetentionJob).purge(new Date())).endedShares).toBe(0);
  });

  it('deletes reads of personal data after PERSONAL_DATA_READS_RETENTION_DAYS (365), newer ones stay visible', async () => {
    for (let i = 0; i < 2; i++)
      expect((await t.gql(READ_PROFILE, { id: person.user.id }, hr.token)).errors).toBeUndefined();
    const [old] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM personal_data_reads WHERE subject_id = $1 ORDER BY read_at LIMIT 1`,
      [person.user.id],
    );
    await t.dataSource.query(`UPDATE personal_data_reads SET read_at = $2 WHERE id = $1`, [
      old.id,
      new Date(Date.now() - 366 * DAY),
    ]);

    const result = await t.app.get(RetentionJob).purge(new Date());

    expect(result.personalDataReads).toBe(1);
    const res = await t.gql<{ myPersonalDataReads: { kind: string; readAt: string }[] }>(
      MY_READS,
      {},
      person.token,
    );
    expect(res.data!.myPersonalDataReads).toEqual([expect.objectContaining({ kind: 'PROFILE' })]);
    expect(Date.now() - Date.parse(res.data!.myPersonalDataReads[0].readAt)).toBeLessThan(DAY);
  });
});
