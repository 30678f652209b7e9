import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TE_TEST_SERVER_URL;
  if (!url) throw new Error('TE_TEST_SERVER_URL is unset: run the tests through jest (global setup)');
  return url;
}

/**
 * A plain client of the test server's `postgres` database for the test file (connected before its
 * tests, ended after them), for tests of what PostgreSQL reads and sends with no table of the app's:
 * `client()` gives it.
 */
export function serverClientForFile(): () => Client {
  let client: Client | null = null;
  beforeAll(async () => {
    client = new Client({ connectionString: serverUrl() });
    await client.connect();
  });
  afterAll(() => client?.end());
  return () => {
    if (!client) throw new Error('serverClientForFile: used before its beforeAll');
    return client;
  };
}

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, cloned from the migrated template (fast, isolated). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.TE_TEST_TEMPLATE;
  if (!template) throw new Error('TE_TEST_TEMPLATE is unset: run the tests through jest (global setup)');
  const name = newDatabaseName();
  await admin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (err) {
        // Two workers cloning the template at the same instant: PostgreSQL asks one to retry.
        if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 200)));
      }
    }
  });
  const db = databaseOf(name);
  // TypeORM keys a generated column's expression (typeorm_metadata) by database name, and a clone
  // carries the template's (the same step as for a restored copy under another name: docs/deployment.md).
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(
      `UPDATE typeorm_metadata SET database = current_database() WHERE database IS NOT NULL`,
    );
  } finally {
    await client.end();
  }
  return db;
}

/** An empty database (no tables, no migrations), as a new deployment starts with. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = newDatabaseName();
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return databaseOf(name);
}

/** Named after the run, so global teardown drops whatever a failed test left behind. */
function newDatabaseName(): string {
  return `${process.env.TE_TEST_PREFIX ?? 'te_t_x'}_${randomBytes(5).toString('hex')}`;
}

function databaseOf(name: string): TestDatabase {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
