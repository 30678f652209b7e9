import { DataSource } from 'typeorm';

/**
 * Runs one read-only statement on a read replica (DATABASE_REPLICA_URLS; TypeORM picks one of them)
 * or, without replicas, on the primary. A replica may lag the primary by a moment: use it only for
 * reads that may be a little behind (reports, the recommendations' periodic snapshot), never for a
 * read that must see the request's own writes or that a write depends on.
 */
export async function queryReplica<T>(
  dataSource: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T> {
  const runner = dataSource.createQueryRunner('slave');
  try {
    return (await runner.query(sql, params)) as T;
  } finally {
    await runner.release();
  }
}
