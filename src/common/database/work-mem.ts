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
 * `hashAgg: false` turns the planner's hashed aggregation off for `work` (`enable_hashagg`): for a
 * statement whose grouping input can come sorted, where the default hashed a whole round's rows and
 * then sorted the groups again (measured in the statement's own comment).
 *
 * `nestLoop: false` turns nested-loop joins off for `work` (`enable_nestloop`): for a statement over
 * a whole round whose anti-join against a table the planner thinks empty (the closures, before a
 * round's first publication) would scan that table again for each of millions of rows.
 *
 * `parallelTupleCost` sets the planner's cost of passing one row from a parallel worker to the
 * leader (`parallel_tuple_cost`, 0.1 by default) for `work`: for a statement that gathers a whole
 * round's rows, where the default makes the planner choose a serial plan that measured slower.
 */
export async function withWorkMem<T>(
  em: EntityManager,
  size: string,
  work: () => Promise<T>,
  options: { jit?: boolean; hashAgg?: boolean; nestLoop?: boolean; parallelTupleCost?: number } = {},
): Promise<T> {
  if (!em.queryRunner?.isTransactionActive) throw new Error('withWorkMem needs the caller’s transaction');
  const [row]: { before: string; jit: string; hash: string; loop: string; tuple: string }[] = await em.query(
    `SELECT current_setting('work_mem') AS before, current_setting('jit') AS jit,
            current_setting('enable_hashagg') AS hash, current_setting('enable_nestloop') AS loop,
            current_setting('parallel_tuple_cost') AS tuple`,
  );
  const set = (workMem: string, jit: string, hash: string, loop: string, tuple: string): Promise<unknown> =>
    em.query(
      `SELECT set_config('work_mem', $1, true), set_config('jit', $2, true),
              set_config('enable_hashagg', $3, true), set_config('enable_nestloop', $4, true),
              set_config('parallel_tuple_cost', $5, true)`,
      [workMem, jit, hash, loop, tuple],
    );
  await set(
    size,
    options.jit === false ? 'off' : row.jit,
    options.hashAgg === false ? 'off' : row.hash,
    options.nestLoop === false ? 'off' : row.loop,
    options.parallelTupleCost === undefined ? row.tuple : String(options.parallelTupleCost),
  );
  const result = await work();
  await set(row.before, row.jit, row.hash, row.loop, row.tuple);
  return result;
}
