import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';

/** Statement texts given a name per process; beyond this many, statements run unnamed. */
const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

/**
 * Runs one statement on the primary's pool as a named prepared statement, for a hot read sent many
 * times a second with few distinct texts (a list page: its filters and selected columns make a
 * handful of texts). Each pooled connection parses and plans a text once and then only binds and
 * executes it, where an unnamed statement is parsed and planned on every request; and the rows come
 * back as pg gives them, without TypeORM's query runner. Logged through TypeORM's logger like any
 * statement (DATABASE logging settings and the tests' statement counter see it); a failure is
 * TypeORM's QueryFailedError, as from `query()`.
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `te_prepared_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  dataSource.logger.logQuery(text, values);
  try {
    const result = await pool.query({ name, text, values });
    return result.rows as T[];
  } catch (err) {
    dataSource.logger.logQueryError(err as Error, text, values);
    throw new QueryFailedError(text, values, err as Error);
  }
}
