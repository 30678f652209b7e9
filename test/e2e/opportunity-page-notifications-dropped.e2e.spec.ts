import { Client } from 'pg';
import { OpportunityPageChangeNotificationsDropped1795961000000 } from '../../src/database/migrations/1795961000000-OpportunityPageChangeNotificationsDropped';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Migration 1795961000000 takes out the triggers of 1795960000000 (a NOTIFY per write to the tables
 * an opportunities page shows, for a per-viewer page reuse that was taken out again): writers no
 * longer notify.
 */
describe('opportunity page change notifications dropped', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const triggers = async (): Promise<number> =>
    (
      await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE '%\\_pages\\_changed' AND NOT tgisinternal`,
      )
    )[0].n;

  /** The live-event notifications a write to `organisations` sends, heard on a connection of its own. */
  const noticesOfAWrite = async (): Promise<string[]> => {
    const listener = new Client({ connectionString: t.db.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    try {
      await listener.query('LISTEN talent_exchange_live');
      await t.dataSource.query(`UPDATE organisations SET name = name WHERE false`);
      await listener.query('SELECT 1');
      await new Promise((resolve) => setTimeout(resolve, 100));
      return heard.filter((p) => p.includes('opportunities.pages-changed'));
    } finally {
      await listener.end();
    }
  };

  it('leaves no trigger behind, and a write to a page table notifies nobody', async () => {
    expect(await triggers()).toBe(0);
    expect(await noticesOfAWrite()).toEqual([]);
  });

  it('goes down (the triggers back, a write notifies) and up again with no drift', async () => {
    const migration = new OpportunityPageChangeNotificationsDropped1795961000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await triggers()).toBe(10);
      expect(await noticesOfAWrite()).toHaveLength(1);
      await migration.up(runner);
      expect(await triggers()).toBe(0);
      const pending = await t.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
