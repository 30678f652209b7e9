import { AppError } from '../common/errors/app-error';
import { FieldCode } from '../common/errors/field-codes';

/** Stable `reason` codes of this feature (listed in docs/errors.md). */
export enum PrivacyRightsReason {
  REASON_REQUIRED = 'REASON_REQUIRED',
  CANNOT_ERASE_SELF = 'CANNOT_ERASE_SELF',
  ALREADY_ERASED = 'ALREADY_ERASED',
  ERASURE_ALREADY_REQUESTED = 'ERASURE_ALREADY_REQUESTED',
}

export function personNotFound(): AppError {
  return AppError.notFound('Person');
}

export function erasureRequestNotFound(): AppError {
  return AppError.notFound('Erasure request');
}

export function reasonRequired(): AppError {
  return AppError.badInput(
    'A reason is required',
    [{ field: 'reason', message: 'reason must not be empty', code: FieldCode.REQUIRED }],
    PrivacyRightsReason.REASON_REQUIRED,
  );
}

export function cannotEraseSelf(): AppError {
  return AppError.badInput(
    'An admin cannot erase their own account: another admin must',
    [{ field: 'userId', message: 'not your own account', code: FieldCode.SELF }],
    PrivacyRightsReason.CANNOT_ERASE_SELF,
  );
}

export function alreadyErased(): AppError {
  return AppError.conflict('This person was already erased', PrivacyRightsReason.ALREADY_ERASED);
}

export function erasureAlreadyRequested(): AppError {
  return AppError.conflict(
    'You have asked for erasure already; an admin will confirm it',
    PrivacyRightsReason.ERASURE_ALREADY_REQUESTED,
  );
}
