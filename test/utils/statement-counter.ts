import { SchedulerRegistry } from '@nestjs/schedule';
import { Logger as TypeOrmLogger } from 'typeorm';
import { TestApp } from './test-app';

export interface StatementCounter {
  /** SQL statements TypeORM sent while `work` ran (after any stray work of earlier requests ended). */
  during(work: () => Promise<unknown>): Promise<number>;
}

/** Waits until no statement has been sent for `quietMs` (at most `maxMs`). */
async function quiescence(count: () => number, quietMs = 250, maxMs = 5000): Promise<void> {
  const until = Date.now() + maxMs;
  let last = count();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, quietMs));
    if (count() === last) return;
    last = count();
  }
}

/**
 * Counts every SQL statement TypeORM sends, whatever the logging option says. Background jobs (the
 * round worker, offer expiry, retention) poll on intervals: they are stopped, and a pass already
 * under way is waited out, so that only the statements of the request under test are counted.
 */
export function countStatements(t: TestApp): StatementCounter {
  const scheduler = t.app.get(SchedulerRegistry);
  for (const name of scheduler.getIntervals()) scheduler.deleteInterval(name);
  let statements = 0;
  const logger = t.dataSource.logger as TypeOrmLogger;
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (...args: Parameters<TypeOrmLogger['logQuery']>) => {
    statements++;
    return logQuery(...args);
  };
  return {
    async during(work) {
      await quiescence(() => statements);
      const before = statements;
      await work();
      return statements - before;
    },
  };
}
