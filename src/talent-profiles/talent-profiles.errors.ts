import { AppError } from '../common/errors/app-error';

export enum TalentProfileErrorReason {
  TOO_MANY_ACTIVE_SHARES = 'TOO_MANY_ACTIVE_SHARES',
}

/** Someone else's share looks exactly like a missing one. */
export function shareNotFound(): AppError {
  return AppError.notFound('Talent profile share');
}

/** Unknown, revoked and expired links all answer this, alike. */
export function sharedProfileNotFound(): AppError {
  return AppError.notFound('Shared talent profile');
}
