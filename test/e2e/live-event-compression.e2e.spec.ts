import { LiveEventTextCompression1795941000000 } from '../../src/database/migrations/1795941000000-LiveEventTextCompression';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Stored live events (outbox rows, migration 1795945200000; payloads too large for a NOTIFY,
 * migration 1795941000000) are compressed with lz4 where the server has it: a round writes about
 * 70 MB of them at 100k, twice.
 */
describe('stored live events compressed with lz4', () => {
  let t: TestApp;
  let lz4: boolean;

  beforeAll(async () => {
    t = await createTestApp();
    const [row]: { lz4: boolean }[] = await t.dataSource.query(
      `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    );
    lz4 = row.lz4;
  }, 60_000);
  afterAll(() => t.close());

  /** Of each column, its compression method ('' : the server's default). */
  const methods = async (): Promise<string[]> =>
    (
      await t.dataSource.query<{ method: string }[]>(
        `SELECT attcompression::text AS method FROM pg_attribute
          WHERE (attrelid, attname) IN (('outbox_events'::regclass, 'payload'), ('live_event_payloads'::regclass, 'body'))
          ORDER BY attrelid::regclass::text`,
      )
    ).map((r) => r.method);

  it('compresses a large outbox batch and a large NOTIFY payload with lz4 (where the server has it)', async () => {
    expect(await methods()).toEqual(lz4 ? ['l', 'l'] : ['', '']);
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(
        `INSERT INTO outbox_events (topic, payload)
         SELECT 'compression.test', '{"$batch":[' || string_agg('{"key":"k","payload":{"n":' || n || '}}', ',') || ']}'
           FROM generate_series(1, 5000) AS n`,
      );
      const [after]: { method: string | null }[] = await runner.query(
        `SELECT pg_column_compression(payload) AS method FROM outbox_events WHERE topic = 'compression.test'`,
      );
      expect(after.method).toBe(lz4 ? 'lz4' : 'pglz');
      await runner.query(
        `INSERT INTO live_event_payloads (topic, body)
         SELECT 'compression.test', '{"$batch":[' || string_agg('{"key":"k","payload":{"n":' || n || '}}', ',') || ']}'
           FROM generate_series(1, 5000) AS n`,
      );
      const [body]: { method: string | null }[] = await runner.query(
        `SELECT pg_column_compression(body) AS method FROM live_event_payloads WHERE topic = 'compression.test'`,
      );
      expect(body.method).toBe(lz4 ? 'lz4' : 'pglz');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('migration 1795941000000 goes down and up again with no drift', async () => {
    const migration = new LiveEventTextCompression1795941000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await methods()).toEqual(lz4 ? ['', 'l'] : ['', '']);
      await migration.up(runner);
      expect(await methods()).toEqual(lz4 ? ['l', 'l'] : ['', '']);
      const pending = await t.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
