import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Limits of one transaction's waiting (PostgreSQL's lock_timeout and statement_timeout, local to it). */
export interface TransactionTimeouts {
  /** Longest wait for one row or table lock before the statement fails (SQLSTATE 55P03). */
  lockTimeoutMs: number;
  /** Longest run of one statement, waiting included, before it is cancelled (SQLSTATE 57014). */
  statementTimeoutMs: number;
}

/** Work to do once a transaction has committed (publishing what it wrote to the outbox). */
export type AfterCommit = () => Promise<void>;

/**
 * One transaction per use case: the service passes `em` down to its repositories. Work registered
 * with `afterCommit(em, ...)` runs once that transaction has committed (never after a rollback),
 * before `run` resolves; its failures are logged, never thrown: the use case is done.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  private readonly afterCommitHooks = new WeakMap<EntityManager, AfterCommit[]>();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (em: EntityManager) => Promise<T>, timeouts?: TransactionTimeouts): Promise<T> {
    const hooks: AfterCommit[] = [];
    const result = await this.dataSource.transaction('READ COMMITTED', async (em) => {
      this.afterCommitHooks.set(em, hooks);
      if (timeouts) {
        // set_config(..., true) = SET LOCAL: ends with the transaction, the pooled connection keeps none.
        await em.query(
          `SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)`,
          [`${timeouts.lockTimeoutMs}ms`, `${timeouts.statementTimeoutMs}ms`],
        );
      }
      return work(em);
    });
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        this.logger.error({ err }, 'after-commit work failed');
      }
    }
    return result;
  }

  /**
   * Runs `hook` after the transaction of `em` commits. False when `em` is not a transaction this
   * runner started (nothing will run it: callers must not depend on it, as the outbox does not).
   */
  afterCommit(em: EntityManager, hook: AfterCommit): boolean {
    const hooks = this.afterCommitHooks.get(em);
    if (!hooks) return false;
    hooks.push(hook);
    return true;
  }

  /** A read-only transaction on one snapshot (REPEATABLE READ): every read sees the same moment. */
  snapshot<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      return work(em);
    });
  }
}

/** Which of the timeouts ended a statement, if one did. */
export function timeoutOf(err: unknown): 'lock' | 'statement' | null {
  const driverError = (err as { driverError?: { code?: string; message?: string } } | null)?.driverError;
  if (driverError?.code === '55P03' && /lock timeout/.test(driverError.message ?? '')) return 'lock';
  if (driverError?.code === '57014' && /statement timeout/.test(driverError.message ?? ''))
    return 'statement';
  return null;
}
