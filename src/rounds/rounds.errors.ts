import { timeoutOf, TransactionTimeouts } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';

/** The one message for a missing round and for one the viewer may not see. */
export const roundNotFound = (): AppError => AppError.notFound('Allocation round');
export const roundRunNotFound = (): AppError => AppError.notFound('Round run');

/** A run the worker refuses to apply; stored as FAILED with this message. */
export class RunRefusedError extends Error {
  override readonly name = 'RunRefusedError';
}

/** Why a run whose process kept dying was failed (HR reads it on the run). */
export function abandonedRunReason(attempts: number): string {
  return (
    `the run was started ${attempts} times and its process stopped each time before it finished ` +
    '(a crash or a restart of the API); nothing was applied. Start a new run once the cause is found.'
  );
}

/** What HR reads on a run that failed while solving or applying: the cause, timeouts in plain words. */
export function runFailureReason(err: unknown, timeouts: TransactionTimeouts): string {
  switch (timeoutOf(err)) {
    case 'lock':
      return (
        `the run waited more than ${timeouts.lockTimeoutMs} ms for the round or its opportunities, which ` +
        'another change held; nothing was applied. Start it again (ROUND_RUN_LOCK_TIMEOUT_MS sets the wait).'
      );
    case 'statement':
      return (
        `a step of the run took longer than ${timeouts.statementTimeoutMs} ms; nothing was applied ` +
        '(ROUND_RUN_STATEMENT_TIMEOUT_MS sets the limit).'
      );
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
