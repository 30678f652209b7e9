import { AppError } from '../common/errors/app-error';
import { FieldCode } from '../common/errors/field-codes';

/** Stable `reason` codes of the privacy feature (docs/errors.md). */
export enum PrivacyErrorReason {
  /** Consent was asked for a purpose whose lawful basis is not CONSENT: it is not optional. */
  PURPOSE_NOT_OPTIONAL = 'PURPOSE_NOT_OPTIONAL',
  /** The consent text version given is not the purpose's current one: show the current text. */
  CONSENT_TEXT_OUTDATED = 'CONSENT_TEXT_OUTDATED',
  /** Another purpose has this code. */
  PURPOSE_CODE_TAKEN = 'PURPOSE_CODE_TAKEN',
  /** Consents to the purpose exist: its lawful basis cannot move to or from CONSENT. */
  LAWFUL_BASIS_IN_USE = 'LAWFUL_BASIS_IN_USE',
  /** The consent text changed but its version did not. */
  CONSENT_TEXT_VERSION_UNCHANGED = 'CONSENT_TEXT_VERSION_UNCHANGED',
}

/** Someone you may not act for looks exactly like someone who does not exist. */
export function personNotFound(): AppError {
  return AppError.notFound('Person');
}

/** A reason of only spaces. */
export function blankReason(field = 'reason'): AppError {
  return AppError.badInput('A reason is required', [
    { field, message: 'must not be blank', code: FieldCode.REQUIRED },
  ]);
}

/** Unknown purpose codes and ids answer this. */
export function purposeNotFound(): AppError {
  return AppError.notFound('Processing purpose');
}
