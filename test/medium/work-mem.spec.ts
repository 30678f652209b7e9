import { DataSource } from 'typeorm';

import { withWorkMem } from '../../src/common/database/work-mem';
import { createEmptyDatabase, TestDatabase } from '../utils/test-database';

/** `withWorkMem` (a round's set-based statements): raised for its work only, never for the pool. */
describe('withWorkMem', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const workMem = async (q: { query: DataSource['query'] }): Promise<string> =>
    ((await q.query(`SELECT current_setting('work_mem') AS w`)) as { w: string }[])[0].w;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    ds = await new DataSource({ type: 'postgres', url: db.url, poolSize: 1 }).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('raises work_mem for the work and puts back what the transaction had', async () => {
    const before = await workMem(ds);
    const seen = await ds.transaction(async (em) => {
      await em.query(`SET LOCAL work_mem = '8MB'`);
      const inside = await withWorkMem(em, '64MB', () => workMem(em));
      return { inside, after: await workMem(em) };
    });
    expect(seen).toEqual({ inside: '64MB', after: '8MB' });
    // The same pooled connection (pool of one) keeps nothing after the transaction.
    expect(await workMem(ds)).toBe(before);
  });

  it('turns JIT compilation off for the work only when asked, and puts it back', async () => {
    const jit = async (q: { query: DataSource['query'] }): Promise<string> =>
      ((await q.query(`SELECT current_setting('jit') AS j`)) as { j: string }[])[0].j;
    const seen = await ds.transaction(async (em) => {
      await em.query(`SET LOCAL jit = on`);
      const before = await workMem(em);
      const kept = await withWorkMem(em, '64MB', () => jit(em));
      const inside = await withWorkMem(em, '64MB', () => jit(em), { jit: false });
      return { kept, inside, after: await jit(em), workMemKept: (await workMem(em)) === before };
    });
    expect(seen).toEqual({
      kept: 'on',
      inside: 'off',
      after: 'on',
      workMemKept: true,
    });
  });

  it('turns hashed aggregation and nested loops off for the work only when asked, and puts them back', async () => {
    const planner = async (q: { query: DataSource['query'] }): Promise<string> =>
      (
        (await q.query(
          `SELECT current_setting('enable_hashagg') || '/' || current_setting('enable_nestloop') AS p`,
        )) as { p: string }[]
      )[0].p;
    const seen = await ds.transaction(async (em) => {
      const kept = await withWorkMem(em, '64MB', () => planner(em));
      const noHash = await withWorkMem(em, '64MB', () => planner(em), { hashAgg: false });
      const noLoop = await withWorkMem(em, '64MB', () => planner(em), { nestLoop: false });
      return { kept, noHash, noLoop, after: await planner(em) };
    });
    expect(seen).toEqual({ kept: 'on/on', noHash: 'off/on', noLoop: 'on/off', after: 'on/on' });
  });

  it('leaves nothing behind when the work fails (the transaction rolls back)', async () => {
    const before = await workMem(ds);
    await expect(
      ds.transaction((em) =>
        withWorkMem(em, '64MB', async () => {
          throw new Error('work failed');
        }),
      ),
    ).rejects.toThrow('work failed');
    expect(await workMem(ds)).toBe(before);
  });

  it('refuses to run outside a transaction (it would change the pooled connection)', async () => {
    await expect(withWorkMem(ds.manager, '64MB', () => workMem(ds))).rejects.toThrow('needs the caller');
  });
});
