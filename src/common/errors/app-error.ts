import { IntrinsicException } from '@nestjs/common';
import { ErrorCode, FieldError } from './error-codes';
import { FieldCode } from './field-codes';

/**
 * The one error type features throw. `code` is the broad GraphQL `extensions.code`;
 * `reason` is an optional finer, equally stable code (`APPLICATION_DEADLINE_PASSED`).
 * An IntrinsicException, so Nest does not log these expected errors as failures.
 */
export class AppError extends IntrinsicException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { reason?: string; fields?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static forbidden(message = 'You are not allowed to do this'): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }

  static unauthenticated(message = 'Authentication required'): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message);
  }

  /** Every field goes out with a `code`: `INVALID` (the message says why) when it has none. */
  static badInput(message: string, fields: FieldError[] = [], reason?: string): AppError {
    const coded = fields.map((f) => (f.code ? f : { ...f, code: FieldCode.INVALID }));
    return new AppError(ErrorCode.BAD_USER_INPUT, message, {
      fields: coded,
      ...(reason ? { reason } : {}),
    });
  }

  static conflict(message: string, reason?: string): AppError {
    return new AppError(ErrorCode.CONFLICT, message, reason ? { reason } : {});
  }
}
