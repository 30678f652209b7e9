import { randomUUID } from 'node:crypto';
import { NotificationsUserCheck1795945000000 } from '../../src/database/migrations/1795945000000-NotificationsUserCheck';
import { NotificationTimeOrderedIds1795945400000 } from '../../src/database/migrations/1795945400000-NotificationTimeOrderedIds';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { aUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * A notification's recipient is checked once per statement, not row by row (migration
 * 1795945000000: no foreign key; triggers do what it did): an unknown user is refused with the
 * foreign key's SQLSTATE, a deleted user's notifications go with them, as do all on TRUNCATE users;
 * and their ids are time-ordered (migration 1795945400000).
 */
describe('notifications: their users checked per statement', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  }, 60_000);
  afterAll(() => t.close());

  const count = async (userId: string): Promise<number> =>
    (
      await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`,
        [userId],
      )
    )[0].n;

  it('refuses a notification for no user, whichever way it is written, and stores none of the statement', async () => {
    const known = await aUser(t);
    const nobody = randomUUID();
    const service = t.app.get(NotificationsService);
    const draft = (userId: string) => ({ userId, type: 'TEST', message: 'hello' });
    await expect(
      t.dataSource.transaction((em) => service.record(em, [draft(known.user.id), draft(nobody)])),
    ).rejects.toMatchObject({ code: '23503', constraint: 'fk_notifications_user' });
    await expect(
      t.dataSource.transaction((em) =>
        service.recordFrom(em, {
          sql: `SELECT u AS user_id, 'TEST' AS type, 'hello' AS message, '{}'::jsonb AS data FROM unnest($1::uuid[]) AS u`,
          params: [[known.user.id, nobody]],
        }),
      ),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(
      t.dataSource.query(`INSERT INTO notifications (user_id, type, message) VALUES ($1, 'TEST', 'x')`, [
        nobody,
      ]),
    ).rejects.toMatchObject({
      code: '23503',
      detail: `Key (user_id)=(${nobody}) is not present in table "users".`,
    });
    expect(await count(known.user.id)).toBe(0);

    await t.dataSource.transaction((em) => service.record(em, [draft(known.user.id), draft(known.user.id)]));
    expect(await count(known.user.id)).toBe(2);
    // An update may not move a notification to no one (none does; the key refused it too).
    await expect(
      t.dataSource.query(`UPDATE notifications SET user_id = $2 WHERE user_id = $1`, [known.user.id, nobody]),
    ).rejects.toMatchObject({ code: '23503' });
    await t.dataSource.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1`, [known.user.id]);
    expect(await count(known.user.id)).toBe(2);
  });

  it("deletes a deleted user's notifications, and no one else's; a user's id stays while notifications name it", async () => {
    const [gone, kept] = [await aUser(t), await aUser(t)];
    const service = t.app.get(NotificationsService);
    await t.dataSource.transaction((em) =>
      service.record(
        em,
        [gone, gone, kept].map((u) => ({ userId: u.user.id, type: 'TEST', message: 'hello' })),
      ),
    );
    await expect(
      t.dataSource.query(`UPDATE users SET id = $2 WHERE id = $1`, [kept.user.id, randomUUID()]),
    ).rejects.toMatchObject({ code: '23503' });
    await t.dataSource.query(`DELETE FROM users WHERE id = $1`, [gone.user.id]);
    expect(await count(gone.user.id)).toBe(0);
    expect(await count(kept.user.id)).toBe(1);
  });

  it('migration 1795945000000 goes down and up again (the foreign key back, then the triggers), with no drift', async () => {
    const migration = new NotificationsUserCheck1795945000000();
    const runner = t.dataSource.createQueryRunner();
    const keys = async () =>
      (
        await t.dataSource.query<{ name: string }[]>(
          `SELECT conname AS name FROM pg_constraint WHERE conrelid = 'notifications'::regclass AND contype = 'f'`,
        )
      ).map((r) => r.name);
    try {
      await migration.down(runner);
      expect(await keys()).toEqual(['FK_9a8a82462cab47c73d25f49261f']);
      await migration.up(runner);
      expect(await keys()).toEqual([]);
      const pending = await t.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await runner.release();
    }
  });

  it('empties the notifications when the users are truncated', async () => {
    // In a transaction rolled back: the other test files' databases are their own, this one's data stays.
    const runner = t.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(
        `INSERT INTO notifications (user_id, type, message) SELECT id, 'TEST', 'x' FROM users LIMIT 1`,
      );
      await runner.query(`TRUNCATE users CASCADE`);
      const [{ n }] = await runner.query(`SELECT count(*)::int AS n FROM notifications`);
      expect(n).toBe(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
  it('gives notifications time-ordered ids (UUID version 7): a later statement’s sort after an earlier one’s', async () => {
    const user = await aUser(t);
    const service = t.app.get(NotificationsService);
    const store = async (): Promise<string[]> => {
      await t.dataSource.transaction((em) =>
        service.record(
          em,
          [1, 2, 3].map(() => ({ userId: user.user.id, type: 'TEST', message: 'hello' })),
        ),
      );
      return (
        await t.dataSource.query<{ id: string }[]>(
          `SELECT id::text AS id FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 3`,
          [user.user.id],
        )
      ).map((r) => r.id);
    };
    const first = await store();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await store();
    for (const id of [...first, ...second])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The first 48 bits are the milliseconds: now, give or take the test's own time.
    const ms = parseInt(second[0].replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
    expect([...second].sort()[0] > [...first].sort()[2]).toBe(true);
  });

  it('migration 1795945400000 goes down and up again (random ids, then time-ordered), with no drift', async () => {
    const migration = new NotificationTimeOrderedIds1795945400000();
    const runner = t.dataSource.createQueryRunner();
    const defaultOf = async () =>
      (
        await t.dataSource.query<{ d: string }[]>(
          `SELECT column_default AS d FROM information_schema.columns WHERE table_name = 'notifications' AND column_name = 'id'`,
        )
      )[0].d;
    try {
      await migration.down(runner);
      expect(await defaultOf()).toBe('gen_random_uuid()');
      await migration.up(runner);
      expect(await defaultOf()).toBe('uuid_time_ordered()');
      const pending = await t.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
