import { createTestApp, TestApp } from '../utils/test-app';

const USERS = '{ users { email } }';
const ME = '{ me { displayName roles } }';

/** Waits for `check` to hold, polling; fails after `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Accounts are kept per instance between requests (AUTH_USER_CACHE_SECONDS); a change reaches every
 * instance through the database's notification long before the entries would expire. The entries
 * here live 300 s, so only the notification can explain a change seen within seconds.
 */
describe('account cache of the auth guard', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ seed: true, env: { AUTH_USER_CACHE_SECONDS: '300' } });
    b = await createTestApp({ sharedDatabase: a.db, env: { AUTH_USER_CACHE_SECONDS: '300' } });
  }, 60_000);
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('takes away a role on every instance as soon as it is taken away in the database', async () => {
    const token = await a.login('hr@leiden.test');
    for (const t of [a, b]) expect((await t.gql(USERS, {}, token)).errors).toBeUndefined();

    await a.dataSource.query(`UPDATE users SET roles = '{CANDIDATE}' WHERE email = 'hr@leiden.test'`);

    for (const t of [a, b]) {
      await eventually(
        async () => (await t.gql(USERS, {}, token)).errors?.[0].extensions.code === 'FORBIDDEN',
      );
    }
  });

  it('answers me with a changed name at once on every instance', async () => {
    const token = await a.login('candidate@leiden.test');
    for (const t of [a, b]) {
      expect((await t.gql<{ me: { displayName: string } }>(ME, {}, token)).data?.me.displayName).not.toBe(
        'Renamed',
      );
    }
    await a.dataSource.query(
      `UPDATE users SET display_name = 'Renamed' WHERE email = 'candidate@leiden.test'`,
    );
    for (const t of [a, b]) {
      await eventually(
        async () =>
          (await t.gql<{ me: { displayName: string } }>(ME, {}, token)).data?.me.displayName === 'Renamed',
      );
    }
  });

  it('refuses a deleted account on every instance, token still valid', async () => {
    const token = await a.login('supervisor@janssen.test');
    for (const t of [a, b]) expect((await t.gql(ME, {}, token)).errors).toBeUndefined();

    // No feature deletes accounts yet; an operator might, by hand.
    const [{ id }] = await a.dataSource.query<{ id: string }[]>(
      `SELECT id FROM users WHERE email = 'supervisor@janssen.test'`,
    );
    await a.dataSource.query(
      `UPDATE opportunities SET lead_supervisor_id = (SELECT id FROM users
      WHERE email = 'supervisor@lumc.test') WHERE lead_supervisor_id = $1`,
      [id],
    );
    await a.dataSource.query('DELETE FROM users WHERE id = $1', [id]);

    for (const t of [a, b]) {
      await eventually(
        async () => (await t.gql(ME, {}, token)).errors?.[0].extensions.code === 'UNAUTHENTICATED',
      );
    }
  });

  it('drops every kept account after a change to more than 100 accounts at once', async () => {
    const token = await a.login('hr@janssen.test');
    expect((await a.gql(USERS, {}, token)).errors).toBeUndefined();
    await a.dataSource.query(
      `INSERT INTO users (email, display_name, password_hash, organisation_id, roles)
       SELECT 'bulk-' || g || '@janssen.test', 'Bulk ' || g, 'x', organisation_id, '{CANDIDATE}'
         FROM users, generate_series(1, 120) g WHERE email = 'hr@janssen.test'`,
    );
    await a.dataSource.query(
      `UPDATE users SET roles = '{CANDIDATE}' WHERE email = 'hr@janssen.test' OR email LIKE 'bulk-%'`,
    );
    await eventually(async () => (await a.gql(USERS, {}, token)).errors?.[0].extensions.code === 'FORBIDDEN');
  });

  it('without notifications (LIVE_EVENTS=memory) a change shows once the entry expires', async () => {
    const c = await createTestApp({
      sharedDatabase: a.db,
      env: { LIVE_EVENTS: 'memory', AUTH_USER_CACHE_SECONDS: '1' },
    });
    try {
      const token = await c.login('admin@talent-exchange.test');
      expect((await c.gql(USERS, {}, token)).errors).toBeUndefined();
      await a.dataSource.query(
        `UPDATE users SET roles = '{CANDIDATE}' WHERE email = 'admin@talent-exchange.test'`,
      );
      const changedAt = Date.now();
      await eventually(
        async () => (await c.gql(USERS, {}, token)).errors?.[0].extensions.code === 'FORBIDDEN',
      );
      expect(Date.now() - changedAt).toBeLessThan(2_500);
    } finally {
      await c.close();
    }
  });
});
