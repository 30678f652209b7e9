import { AppError } from '../common/errors/app-error';
import { FieldCode } from '../common/errors/field-codes';

/** Stable `reason` codes of the contests feature (docs/errors.md). */
export enum ContestsErrorReason {
  /** There is no decision of that kind to contest (the application is not rejected, the round published no outcome for you). */
  NOTHING_TO_CONTEST = 'NOTHING_TO_CONTEST',
  /** You have an open contest of this already: wait for its answer. */
  CONTEST_ALREADY_OPEN = 'CONTEST_ALREADY_OPEN',
  /** The contest was answered already. */
  CONTEST_ALREADY_ANSWERED = 'CONTEST_ALREADY_ANSWERED',
}

/** A contest you may not see looks exactly like one that does not exist. */
export function contestNotFound(): AppError {
  return AppError.notFound('Contest');
}

export function nothingToContest(what: string): AppError {
  return AppError.conflict(`There is no ${what} to contest`, ContestsErrorReason.NOTHING_TO_CONTEST);
}

export function contestAlreadyOpen(): AppError {
  return AppError.conflict(
    'You contested this already; the contest is waiting for an answer',
    ContestsErrorReason.CONTEST_ALREADY_OPEN,
  );
}

export function contestAlreadyAnswered(): AppError {
  return AppError.conflict('The contest was answered already', ContestsErrorReason.CONTEST_ALREADY_ANSWERED);
}

/** A reason of only spaces. */
export function blankReason(): AppError {
  return AppError.badInput('A reason is required', [
    { field: 'reason', message: 'must not be blank', code: FieldCode.REQUIRED },
  ]);
}
