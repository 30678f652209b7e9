import { EntityManager } from 'typeorm';

type Works<T extends unknown[]> = { [K in keyof T]: (side: EntityManager) => Promise<T[K]> };

/**
 * Runs independent reads at once, each on a pooled connection of its own, all in one snapshot of the
 * database: the one `em`'s transaction exports now (`pg_export_snapshot`), imported by a read-only
 * REPEATABLE READ transaction per read (`SET TRANSACTION SNAPSHOT`). The reads see what a statement of
 * `em`'s transaction would see at this point (everything committed before the locks it holds were
 * granted, and since), but not `em`'s own uncommitted writes: for tables `em` has not written. They
 * all see the same data, and PostgreSQL works on them on two cores while this process waits. For a
 * few whole-round statements that do not depend on each other.
 *
 * With a pool too small to lend a connection per read beside `em`'s (it could wait for itself), the
 * reads run one after the other in `em`'s transaction instead (READ COMMITTED: each statement its own
 * snapshot), so callers must not rely on the reads seeing the same data.
 *
 * `onExported` is called once the snapshot is taken (after the reads, when they run in `em`): the
 * caller may then send `em` statements of its own, which run while the reads do (`em`'s connection is
 * idle otherwise); sent earlier, they would hold up the export and every read behind it.
 */
export async function inSharedSnapshot<T extends unknown[]>(
  em: EntityManager,
  works: Works<T>,
  opts: { onExported?: () => void } = {},
): Promise<T> {
  const runner = em.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('inSharedSnapshot needs the caller’s transaction');
  const pool = (em.connection.options.extra as { max?: number } | undefined)?.max ?? 10;
  if (pool < works.length + 1 || em.connection.options.type !== 'postgres') {
    const results: unknown[] = [];
    for (const work of works) results.push(await work(em));
    opts.onExported?.();
    return results as T;
  }
  const [{ id }]: { id: string }[] = await em.query(`SELECT pg_export_snapshot() AS id`);
  if (!/^[0-9A-F]+(-[0-9A-F]+)+$/i.test(id)) throw new Error(`unexpected snapshot id ${id}`);
  opts.onExported?.();
  return (await Promise.all(
    works.map(async (work) => {
      const side = em.connection.createQueryRunner('master');
      try {
        await side.connect();
        await side.startTransaction('REPEATABLE READ');
        await side.query(`SET TRANSACTION SNAPSHOT '${id}'`);
        await side.query('SET TRANSACTION READ ONLY');
        const result = await work(side.manager);
        await side.commitTransaction();
        return result;
      } catch (err) {
        if (side.isTransactionActive) await side.rollbackTransaction().catch(() => undefined);
        throw err;
      } finally {
        await side.release();
      }
    }),
  )) as T;
}
