import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';

export enum AuthErrorReason {
  /** No refresh cookie, or one that is unknown, expired, rotated or of an ended session: sign in. */
  SESSION_ENDED = 'SESSION_ENDED',
  /** A cookie endpoint called cross-site, or without the JSON content type that forces a preflight. */
  CROSS_SITE_REQUEST = 'CROSS_SITE_REQUEST',
}

/** One answer for every refresh that does not work, so it tells an attacker nothing. */
export function sessionEnded(): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended: sign in again', {
    reason: AuthErrorReason.SESSION_ENDED,
  });
}

export function crossSiteRequest(): AppError {
  return new AppError(
    ErrorCode.FORBIDDEN,
    'Call this from the web app itself: same origin, with content-type: application/json',
    { reason: AuthErrorReason.CROSS_SITE_REQUEST },
  );
}
