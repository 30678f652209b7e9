import { DataSource, EntityManager } from 'typeorm';

import { inSharedSnapshot } from '../../src/common/database/shared-snapshot';
import { createEmptyDatabase, TestDatabase } from '../utils/test-database';

/** `inSharedSnapshot` (a round's whole-round reads at once): one snapshot, a connection per read. */
describe('inSharedSnapshot', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let small: DataSource;
  const seen = async (em: EntityManager): Promise<{ pid: number; rows: number; readOnly: string }> => {
    const [row]: { pid: number; rows: number; read_only: string }[] = await em.query(
      `SELECT pg_backend_pid() AS pid, (SELECT count(*)::int FROM t) AS rows,
              current_setting('transaction_read_only') AS read_only`,
    );
    return { pid: row.pid, rows: row.rows, readOnly: row.read_only };
  };

  beforeAll(async () => {
    db = await createEmptyDatabase();
    ds = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 4 } }).initialize();
    small = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } }).initialize();
    await ds.query(`CREATE TABLE t (id int)`);
  });
  afterAll(async () => {
    await small.destroy();
    await ds.destroy();
    await db.drop();
  });

  it('runs each read on a connection of its own, read-only, in the snapshot of the transaction', async () => {
    await ds.query(`TRUNCATE t`);
    const result = await ds.transaction(async (em) => {
      const [{ pid }]: { pid: number }[] = await em.query(`SELECT pg_backend_pid() AS pid`);
      const reads = await inSharedSnapshot(em, [
        async (side: EntityManager) => {
          const before = await seen(side);
          // Committed after the snapshot was exported: neither read sees it.
          await ds.query(`INSERT INTO t VALUES (1)`);
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { before, after: await seen(side) };
        },
        async (side: EntityManager) => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return seen(side);
        },
      ]);
      return { pid, reads, now: await seen(em) };
    });
    const [first, second] = result.reads;
    expect(new Set([result.pid, first.before.pid, second.pid]).size).toBe(3);
    expect([first.before.rows, first.after.rows, second.rows]).toEqual([0, 0, 0]);
    expect([first.before.readOnly, second.readOnly]).toEqual(['on', 'on']);
    // The caller's transaction (READ COMMITTED) sees the row committed meanwhile.
    expect(result.now.rows).toBe(1);
  });

  it('calls onExported once the snapshot is taken: the caller’s statements then run while the reads do', async () => {
    const order: string[] = [];
    await ds.transaction(async (em) => {
      let meanwhile: Promise<unknown> | null = null;
      await inSharedSnapshot(
        em,
        [
          async (side: EntityManager) => {
            await side.query(`SELECT pg_sleep(0.3)`);
            order.push('read');
          },
        ],
        {
          onExported: () => {
            order.push('exported');
            meanwhile = em.query(`SELECT 1`).then(() => order.push('meanwhile'));
          },
        },
      );
      await meanwhile;
    });
    expect(order).toEqual(['exported', 'meanwhile', 'read']);
  });

  it('fails with the read that failed, and gives its connections back', async () => {
    await expect(
      ds.transaction((em) =>
        inSharedSnapshot(em, [
          (side: EntityManager) => seen(side),
          (side: EntityManager) => side.query(`SELECT * FROM no_such_table`),
        ]),
      ),
    ).rejects.toThrow('no_such_table');
    // Every pooled connection is free again (the pool of 4 can hold 4 transactions at once).
    await ds.transaction((em) =>
      inSharedSnapshot(em, [(side: EntityManager) => seen(side), (side: EntityManager) => seen(side)]),
    );
  });

  it('runs the reads one after the other in the transaction when the pool cannot lend a connection', async () => {
    const result = await small.transaction(async (em) => {
      const [{ pid }]: { pid: number }[] = await em.query(`SELECT pg_backend_pid() AS pid`);
      const reads = await inSharedSnapshot(em, [(side: EntityManager) => seen(side)]);
      return { pid, reads };
    });
    expect(result.reads[0].pid).toBe(result.pid);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(inSharedSnapshot(ds.manager, [(side: EntityManager) => seen(side)])).rejects.toThrow(
      'needs the caller',
    );
  });
});
