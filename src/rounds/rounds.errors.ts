import { timeoutOf, TransactionTimeouts } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';

/** Stable `reason` codes of the rounds feature (listed in docs/errors.md). */
export enum RoundReason {
  OPPORTUNITY_NOT_IN_SCOPE = 'OPPORTUNITY_NOT_IN_SCOPE',
  OPPORTUNITY_IN_ANOTHER_ROUND = 'OPPORTUNITY_IN_ANOTHER_ROUND',
  RANKING_DEADLINE_AFTER_APPLICATION_DEADLINE = 'RANKING_DEADLINE_AFTER_APPLICATION_DEADLINE',
  RANKING_DEADLINE_PASSED = 'RANKING_DEADLINE_PASSED',
  RANKING_DEADLINE_NOT_PASSED = 'RANKING_DEADLINE_NOT_PASSED',
  SPA_NEEDS_PROJECTS = 'SPA_NEEDS_PROJECTS',
  ROUND_NOT_OPEN = 'ROUND_NOT_OPEN',
  ROUND_NOT_PUBLISHED = 'ROUND_NOT_PUBLISHED',
  ROUND_CLOSED = 'ROUND_CLOSED',
  TOO_MANY_CHOICES = 'TOO_MANY_CHOICES',
  NOT_IN_ROUND = 'NOT_IN_ROUND',
  NOT_A_CHOICE = 'NOT_A_CHOICE',
  NO_SEATS_LEFT = 'NO_SEATS_LEFT',
  ALREADY_PRE_ASSIGNED = 'ALREADY_PRE_ASSIGNED',
  OVERRIDE_EXISTS = 'OVERRIDE_EXISTS',
  RUN_IN_PROGRESS = 'RUN_IN_PROGRESS',
  /** Reassigning: the candidate holds no open offer of the round for the opportunity. */
  PLACEMENT_NOT_OFFERED = 'PLACEMENT_NOT_OFFERED',
  /** Reassigning: the candidate to receive the seat already holds an offer or a place in the round. */
  CANDIDATE_ALREADY_PLACED = 'CANDIDATE_ALREADY_PLACED',
  /** Reassigning a seat to the candidate who holds it. */
  SAME_CANDIDATE = 'SAME_CANDIDATE',
}

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
