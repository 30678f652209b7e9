import { ValidationError } from 'class-validator';
import { AppError } from './app-error';
import { FieldError } from './error-codes';
import { fieldCodeOf } from './field-codes';

/**
 * Flattens class-validator errors (nested inputs too) into `{ field, message, code, params }`: the
 * code from the constraint's name, the params from the rule's arguments (field-codes.ts).
 */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, message, ...fieldCodeOf(error, constraint) });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationExceptionFactory(errors: ValidationError[]): AppError {
  const fields = flattenValidationErrors(errors);
  const names = [...new Set(fields.map((f) => f.field))].join(', ');
  return AppError.badInput(`Invalid input: ${names}`, fields);
}
