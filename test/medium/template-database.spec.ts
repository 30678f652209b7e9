import { Client } from 'pg';

import { MIGRATIONS } from '../../src/database/migrations';
import { createTestDatabase, TestDatabase } from '../utils/test-database';

/** The harness every db-backed test file stands on: a database of its own, cloned from the template. */
describe('a test database', () => {
  let db: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('has every migration applied and no demo data', async () => {
    const { rows } = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    const users = await client.query<{ n: string }>('SELECT count(*) AS n FROM users');
    expect(users.rows[0].n).toBe('0');
  });

  it('is a database of its own, not the template', async () => {
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    expect(rows[0].name).toBe(db.name);
    expect(db.name).not.toBe(process.env.TE_TEST_TEMPLATE);
  });
});
