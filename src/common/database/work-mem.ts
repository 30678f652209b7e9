import { EntityManager } from 'typeorm';

/**
 * Runs `work` in `em`'s transaction with PostgreSQL's `work_mem` (the memory each sort, hash or
 * materialised CTE of a statement may use before it spills to temporary files) raised to `size`
 * (`'256MB'`), then puts back what it was, so the rest of the transaction plans as before. For the
 * few set-based statements that handle a whole round at once: with the default (4 MB) their sorts
 * and CTEs are written to disk and read back. On an error the transaction is rolled back, and the
 * setting with it (set_config(..., true) is SET LOCAL).
 */
export async function withWorkMem<T>(em: EntityManager, size: string, work: () => Promise<T>): Promise<T> {
  if (!em.queryRunner?.isTransactionActive) throw new Error('withWorkMem needs the caller’s transaction');
  const [row]: { before: string }[] = await em.query(`SELECT current_setting('work_mem') AS before`);
  await em.query(`SELECT set_config('work_mem', $1, true)`, [size]);
  const result = await work();
  await em.query(`SELECT set_config('work_mem', $1, true)`, [row.before]);
  return result;
}
