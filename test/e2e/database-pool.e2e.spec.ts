import { Client } from 'pg';
import { createTestApp, TestApp } from '../utils/test-app';

describe('DATABASE_POOL_SIZE', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { DATABASE_POOL_SIZE: '3' } });
  });
  afterAll(() => t.close());

  it('caps the connections one instance opens, however much work waits', async () => {
    const observer = new Client({ connectionString: t.db.url });
    await observer.connect();
    const connections = async (): Promise<number> => {
      const { rows } = await observer.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'talent-exchange'`,
      );
      return rows[0].n;
    };
    try {
      let busiest = 0;
      let running = true;
      const watching = (async () => {
        while (running) {
          busiest = Math.max(busiest, await connections());
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      // Eight statements at once, each holding its connection a moment.
      await Promise.all(Array.from({ length: 8 }, () => t.dataSource.query('SELECT pg_sleep(0.25)')));
      running = false;
      await watching;
      expect(busiest).toBe(3);
    } finally {
      await observer.end();
    }
  });
});
