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
import { FieldCode } from '../common/errors/field-codes';

/**
 * Stable `reason` codes of the applications feature (listed in docs/errors.md). The workflow core's
 * refusals carry the same names (ApplicationErrorCode); `workflowError` maps them.
 */
export enum ApplicationReason {
  // submitting
  OPPORTUNITY_NOT_OPEN = 'OPPORTUNITY_NOT_OPEN',
  APPLICATION_DEADLINE_PASSED = 'APPLICATION_DEADLINE_PASSED',
  STAGE_NOT_ELIGIBLE = 'STAGE_NOT_ELIGIBLE',
  ESSENTIAL_REQUIREMENTS_UNMET = 'ESSENTIAL_REQUIREMENTS_UNMET',
  DUPLICATE_APPLICATION = 'DUPLICATE_APPLICATION',
  LIVE_APPLICATION_LIMIT = 'LIVE_APPLICATION_LIMIT',
  // workflow steps
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  NOT_ALLOWED_FOR_ACTOR = 'NOT_ALLOWED_FOR_ACTOR',
  REASON_REQUIRED = 'REASON_REQUIRED',
  INVALID_RESPONSE_DEADLINE = 'INVALID_RESPONSE_DEADLINE',
  OFFER_EXPIRED = 'OFFER_EXPIRED',
  OFFER_NOT_YET_EXPIRED = 'OFFER_NOT_YET_EXPIRED',
  /** Accepting an offer of a COMPLETED or CANCELLED opportunity. */
  OPPORTUNITY_ENDED = 'OPPORTUNITY_ENDED',
  /** Completing a placement (or recording its evidence) before the opportunity's first day. */
  PLACEMENT_NOT_STARTED = 'PLACEMENT_NOT_STARTED',
  /** Accepting a placement whose period overlaps one the candidate holds already. */
  PLACEMENTS_OVERLAP = 'PLACEMENTS_OVERLAP',
  NO_SEATS_LEFT = 'NO_SEATS_LEFT',
  /** Offering when the seats still free are all offered already. */
  OFFERS_EXCEED_SEATS = 'OFFERS_EXCEED_SEATS',
  // HR's overrides outside rounds (placeCandidate, grantEligibilityOverride)
  ALREADY_PLACED = 'ALREADY_PLACED',
  OPPORTUNITY_IN_ROUND = 'OPPORTUNITY_IN_ROUND',
  OVERRIDE_EXISTS = 'OVERRIDE_EXISTS',
  // ranking and evidence
  NOT_LIVE_APPLICATIONS = 'NOT_LIVE_APPLICATIONS',
  PLACEMENT_NOT_COMPLETED = 'PLACEMENT_NOT_COMPLETED',
}

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
      return AppError.conflict(message, ApplicationReason.ILLEGAL_TRANSITION);
    case 'NOT_ALLOWED_FOR_ACTOR':
      return Object.values(ApplicationStatus).some((status) =>
        allowedApplicationEvents(status, step.actor).includes(step.event),
      )
        ? AppError.conflict(message, ApplicationReason.ILLEGAL_TRANSITION)
        : new AppError(ErrorCode.FORBIDDEN, message, { reason: ApplicationReason.NOT_ALLOWED_FOR_ACTOR });
    case 'REASON_REQUIRED':
      return AppError.badInput(
        message,
        [{ field: 'reason', message: 'a reason is required', code: FieldCode.REQUIRED }],
        ApplicationReason.REASON_REQUIRED,
      );
    case 'INVALID_RESPONSE_DEADLINE':
      return AppError.badInput(
        message,
        [
          {
            field: 'responseDeadline',
            message: 'the response deadline must lie in the future',
            code: FieldCode.NOT_IN_FUTURE,
          },
        ],
        ApplicationReason.INVALID_RESPONSE_DEADLINE,
      );
    case 'OFFER_EXPIRED':
      return AppError.conflict(message, ApplicationReason.OFFER_EXPIRED);
    case 'OFFER_NOT_YET_EXPIRED':
      return AppError.conflict(message, ApplicationReason.OFFER_NOT_YET_EXPIRED);
    case 'OPPORTUNITY_ENDED':
      return AppError.conflict(message, ApplicationReason.OPPORTUNITY_ENDED);
    case 'PLACEMENT_NOT_STARTED':
      return AppError.conflict(message, ApplicationReason.PLACEMENT_NOT_STARTED);
  }
}

export const duplicateApplication = (): AppError =>
  AppError.conflict(
    'You already have a live application for this opportunity',
    ApplicationReason.DUPLICATE_APPLICATION,
  );

export const noSeatsLeft = (): AppError =>
  AppError.conflict('No seats are left on this opportunity', ApplicationReason.NO_SEATS_LEFT);

/** An offer beyond the seats still free: details say how many are taken and how many offers are out. */
export const offersExceedSeats = (
  opportunity: { capacity: number; seatsTaken: number },
  openOffers: number,
): AppError =>
  new AppError(
    ErrorCode.CONFLICT,
    `Every free seat is offered already (${opportunity.capacity} seats, ${opportunity.seatsTaken} taken, ${openOffers} offers open): wait for an answer or an expiry`,
    {
      reason: ApplicationReason.OFFERS_EXCEED_SEATS,
      capacity: opportunity.capacity,
      seatsTaken: opportunity.seatsTaken,
      openOffers,
    },
  );

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
