import { EntityManager } from 'typeorm';

/**
 * Runs `work` in `em`'s transaction with PostgreSQL's `work_mem` (the memory each sort, hash or
 * materialised CTE of a statement may use before it spills to temporary files) raised to `size`
 * (`'256MB'`), then puts back what it was, so the rest of the transaction plans as before. For the
 * few set-based statements that handle a whole round at once: with the default (4 MB) their sorts
 * and CTEs are written to disk and read back. On an error the transaction is rolled back, and the
 * setting with it (set_config(..., true) is SET LOCAL).
 *
 * `jit: false` also turns PostgreSQL's JIT compilation off for `work`: a round's statements are
 * costed far above `jit_above_cost` (100,000) by the size of their id arrays, and compiling them
 * (62 ms for the fit facts of 100k candidates, more once the costs pass
 * `jit_optimize_above_cost` at national scale) buys nothing for one pass over the rows.
 *
 * `walCompression: 'lz4'` compresses the full-page images this transaction writes to the WAL
 * (`wal_compression`, for `work` only; the records and their durability are the same, only the
 * page images are smaller). A national round's publication writes gigabytes of WAL, so the server
 * checkpoints every few seconds while it runs (max_wal_size) and the first change to every page
 * after each checkpoint writes the whole 8 kB page (docs/performance.md, docs/deployment.md).
 * `wal_compression` is a superuser setting: it is left as it is when the role may not set it
 * (`has_parameter_privilege`) or the server was built without that method.
 */
export async function withWorkMem<T>(
  em: EntityManager,
  size: string,
  work: () => Promise<T>,
  options: { jit?: boolean; walCompression?: 'lz4' | 'zstd' | 'pglz' } = {},
): Promise<T> {
  if (!em.queryRunner?.isTransactionActive) throw new Error('withWorkMem needs the caller’s transaction');
  const jit = options.jit ?? true;
  const [row]: { before: string; jit: string; wal: string; walSettable: boolean }[] = await em.query(
    `SELECT current_setting('work_mem') AS before, current_setting('jit') AS jit,
            current_setting('wal_compression') AS wal,
            $1::text IS NOT NULL AND has_parameter_privilege('wal_compression', 'SET')
              AND EXISTS (SELECT 1 FROM pg_settings WHERE name = 'wal_compression' AND $1::text = ANY (enumvals))
              AS "walSettable"`,
    [options.walCompression ?? null],
  );
  const wal = row.walSettable ? options.walCompression! : row.wal;
  await em.query(
    `SELECT set_config('work_mem', $1, true), set_config('jit', $2, true)${row.walSettable ? `, set_config('wal_compression', $3, true)` : ''}`,
    row.walSettable ? [size, jit ? row.jit : 'off', wal] : [size, jit ? row.jit : 'off'],
  );
  const result = await work();
  await em.query(
    `SELECT set_config('work_mem', $1, true), set_config('jit', $2, true)${row.walSettable ? `, set_config('wal_compression', $3, true)` : ''}`,
    row.walSettable ? [row.before, row.jit, row.wal] : [row.before, row.jit],
  );
  return result;
}
