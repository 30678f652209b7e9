import { QueryFailedError } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import {
  allowedApplicationEvents,
  ApplicationActorKind,
  ApplicationErrorCode,
  ApplicationEvent,
} from '../core/applications/application-workflow';
import { ApplicationStatus } from '../core/domain/enums';
import { DomainError } from '../core/result';

/** The one message for a missing application and for one the viewer may not see. */
export const applicationNotFound = (): AppError => AppError.notFound('Application');
export const opportunityNotFound = (): AppError => AppError.notFound('Opportunity');

/**
 * Maps a refusal of the application workflow (src/core) to the API error. An actor refused a step
 * they may take in another status (a host offering a SUBMITTED application: shortlist first) meets
 * a state conflict, CONFLICT with ILLEGAL_TRANSITION; only a step the actor may never take is
 * FORBIDDEN.
 */
export function workflowError(
  error: DomainError<ApplicationErrorCode>,
  step: { event: ApplicationEvent; actor: ApplicationActorKind },
): AppError {
  const message = error.message.charAt(0).toUpperCase() + error.message.slice(1);
  switch (error.code) {
    case 'ILLEGAL_TRANSITION':
      return AppError.conflict(message, 'ILLEGAL_TRANSITION');
    case 'NOT_ALLOWED_FOR_ACTOR':
      return Object.values(ApplicationStatus).some((status) =>
        allowedApplicationEvents(status, step.actor).includes(step.event),
      )
        ? AppError.conflict(message, 'ILLEGAL_TRANSITION')
        : new AppError(ErrorCode.FORBIDDEN, message, { reason: 'NOT_ALLOWED_FOR_ACTOR' });
    case 'REASON_REQUIRED':
      return AppError.badInput(message, [{ field: 'reason', message: 'a reason is required' }], error.code);
    case 'INVALID_RESPONSE_DEADLINE':
      return AppError.badInput(
        message,
        [{ field: 'responseDeadline', message: 'the response deadline must lie in the future' }],
        error.code,
      );
    case 'OFFER_EXPIRED':
      return AppError.conflict(message, 'OFFER_EXPIRED');
    case 'OFFER_NOT_YET_EXPIRED':
      return AppError.conflict(message, 'OFFER_NOT_YET_EXPIRED');
    case 'PLACEMENT_NOT_STARTED':
      return AppError.conflict(message, 'PLACEMENT_NOT_STARTED');
  }
}

export const duplicateApplication = (): AppError =>
  AppError.conflict('You already have a live application for this opportunity', 'DUPLICATE_APPLICATION');

export const noSeatsLeft = (): AppError =>
  AppError.conflict('No seats are left on this opportunity', 'NO_SEATS_LEFT');

/** True when `err` is PostgreSQL refusing a write because of the named constraint (or index). */
export function violates(err: unknown, constraint: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError: unknown = err.driverError;
  return (
    typeof driverError === 'object' &&
    driverError !== null &&
    (driverError as { constraint?: unknown }).constraint === constraint
  );
}
