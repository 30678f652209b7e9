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
 */
export async function withWorkMem<T>(
  em: EntityManager,
  size: string,
  work: () => Promise<T>,
  options: { jit?: boolean } = {},
): Promise<T> {
  if (!em.queryRunner?.isTransactionActive) throw new Error('withWorkMem needs the caller’s transaction');
  const jit = options.jit ?? true;
  const [row]: { before: string; jit: string }[] = await em.query(
    `SELECT current_setting('work_mem') AS before, current_setting('jit') AS jit`,
  );
  await em.query(`SELECT set_config('work_mem', $1, true), set_config('jit', $2, true)`, [
    size,
    jit ? row.jit : 'off',
  ]);
  const result = await work();
  await em.query(`SELECT set_config('work_mem', $1, true), set_config('jit', $2, true)`, [
    row.before,
    row.jit,
  ]);
  return result;
}
