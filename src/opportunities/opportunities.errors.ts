import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { DomainError } from '../core/result';
import { FieldCode } from '../common/errors/field-codes';

/**
 * Stable `reason` codes of this feature (listed in docs/errors.md), besides the core's refusals
 * (REASON_REQUIRED, NOT_ALLOWED_FOR_ACTOR, ...), which `coreRefusal` passes through.
 */
export enum OpportunityReason {
  UNKNOWN_COMPETENCE = 'UNKNOWN_COMPETENCE',
  COMPETENCE_RETIRED = 'COMPETENCE_RETIRED',
  INVALID_CO_SUPERVISOR = 'INVALID_CO_SUPERVISOR',
  CO_SUPERVISOR_ALREADY_INVITED = 'CO_SUPERVISOR_ALREADY_INVITED',
  NOT_CO_SUPERVISED = 'NOT_CO_SUPERVISED',
  NOT_EDITABLE = 'NOT_EDITABLE',
  SUPERVISOR_LOAD_EXCEEDED = 'SUPERVISOR_LOAD_EXCEEDED',
  APPLICATION_DEADLINE_PASSED = 'APPLICATION_DEADLINE_PASSED',
  CO_SUPERVISOR_NOT_CONFIRMED = 'CO_SUPERVISOR_NOT_CONFIRMED',
  /** A step the current state does not allow (answering a co-supervision already answered). */
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
}

/** The one "missing or not yours" error of this feature: both look the same. */
export function opportunityNotFound(): AppError {
  return AppError.notFound('Opportunity');
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Maps a refusal of the core (opportunity lifecycle or co-supervision) to the GraphQL error:
 * an illegal move is a CONFLICT naming the current state, a missing reason is BAD_USER_INPUT on
 * `reasonField`, an actor without the right is FORBIDDEN.
 */
export function coreRefusal(error: DomainError<string>, reasonField = 'reason'): AppError {
  const message = sentence(error.message);
  switch (error.code) {
    case 'REASON_REQUIRED':
      return AppError.badInput(
        message,
        [{ field: reasonField, message: `${reasonField} is required`, code: FieldCode.REQUIRED }],
        error.code,
      );
    case 'NOT_ALLOWED_FOR_ACTOR':
      return new AppError(ErrorCode.FORBIDDEN, message, { reason: error.code });
    default:
      return AppError.conflict(message, error.code);
  }
}
