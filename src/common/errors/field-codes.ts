import { getMetadataStorage, ValidationError } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * The machine-readable `code` of one invalid field (`fields[].code`), with its `params`: stable,
 * so a client writes the message in its own language. docs/errors.md lists them.
 */
export enum FieldCode {
  /** A value is needed and none was given. */
  REQUIRED = 'REQUIRED',
  /** A text shorter than `min` (params: min, and max when the field has one). */
  TOO_SHORT = 'TOO_SHORT',
  /** A text longer than `max` (params: max, and min when the field has one). */
  TOO_LONG = 'TOO_LONG',
  /** A number outside `min`..`max` (params: min and/or max). */
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  /** A number that must be above zero. */
  NOT_POSITIVE = 'NOT_POSITIVE',
  /** A whole number was expected. */
  NOT_AN_INTEGER = 'NOT_AN_INTEGER',
  /** A number was expected. */
  NOT_A_NUMBER = 'NOT_A_NUMBER',
  /** A value of another type than the field's (text, true/false, list, date-time, object). */
  WRONG_TYPE = 'WRONG_TYPE',
  /** A date (a calendar date YYYY-MM-DD that exists, or an ISO 8601 date-time) was expected. */
  NOT_A_DATE = 'NOT_A_DATE',
  /** An id that is not a UUID. */
  NOT_A_UUID = 'NOT_A_UUID',
  /** Text that does not have the field's form (the message says which). */
  INVALID_FORMAT = 'INVALID_FORMAT',
  /** Not an e-mail address. */
  INVALID_EMAIL = 'INVALID_EMAIL',
  /** Not one of the values allowed (params: allowed, comma-separated). */
  NOT_ONE_OF = 'NOT_ONE_OF',
  /** More items than `max` (params: max). */
  TOO_MANY = 'TOO_MANY',
  /** Fewer items than `min` (params: min). */
  TOO_FEW = 'TOO_FEW',
  /** An item (or a value) given twice. */
  DUPLICATE = 'DUPLICATE',
  /** Text holding a NUL character, which no text of this API can store. */
  NUL_CHARACTER = 'NUL_CHARACTER',
  /** A field the input does not have. */
  UNKNOWN_FIELD = 'UNKNOWN_FIELD',
  /** An id of something that does not exist (or is not in reach): "no such ...". */
  UNKNOWN_REFERENCE = 'UNKNOWN_REFERENCE',
  /** A period whose end lies before its start (params: start, the field it must not precede). */
  PERIOD_ENDS_BEFORE_START = 'PERIOD_ENDS_BEFORE_START',
  /** A date or time that must lie in the future (a deadline). */
  NOT_IN_FUTURE = 'NOT_IN_FUTURE',
  /** An application deadline after the opportunity's first day. */
  AFTER_START = 'AFTER_START',
  /** A capacity below the seats taken already (params: taken). */
  BELOW_SEATS_TAKEN = 'BELOW_SEATS_TAKEN',
  /** A new value that must differ from the current one (a new password, a consent text's version, the candidate who holds the seat). */
  UNCHANGED = 'UNCHANGED',
  /** A version that was superseded: choose the current one (a role profile). */
  NOT_CURRENT_VERSION = 'NOT_CURRENT_VERSION',
  /** A page cursor (`after`) that is not one of this list and order. */
  NOT_A_CURSOR = 'NOT_A_CURSOR',
  /** A competence that is retired: no new assessment or requirement may name it. */
  RETIRED = 'RETIRED',
  /** An opportunity of another kind than the step needs (params: kind, the one it needs). */
  WRONG_KIND = 'WRONG_KIND',
  /** The candidate does not meet the opportunity's conditions (params: stages, when it is the career stage). */
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  /** A value that does not match what is on record (the current password). */
  INCORRECT = 'INCORRECT',
  /** A workplace visit's days that differ from the length of its period (params: expected). */
  NOT_PERIOD_LENGTH = 'NOT_PERIOD_LENGTH',
  /** Yourself, where someone else is needed (assessing, erasing). */
  SELF = 'SELF',
  /** A competence level the person set themselves (or nobody set): theirs to change. */
  SELF_ASSESSED = 'SELF_ASSESSED',
  /** A person without the role the step needs (params: role). */
  LACKS_ROLE = 'LACKS_ROLE',
  /** Someone of the host organisation, where another organisation is needed (a co-supervisor). */
  SAME_ORGANISATION = 'SAME_ORGANISATION',
  /** A field that needs another one beside it (params: field). */
  NEEDS_FIELD = 'NEEDS_FIELD',
  /** A field that does not apply here (params: to, what it does not apply to: a kind, a scope). */
  NOT_APPLICABLE = 'NOT_APPLICABLE',
  /** A candidate who did not choose this opportunity in the round. */
  NOT_A_CHOICE = 'NOT_A_CHOICE',
  /** Opportunities whose applications close before the round's ranking deadline (params: ids). */
  CLOSES_BEFORE_RANKING_DEADLINE = 'CLOSES_BEFORE_RANKING_DEADLINE',
  /** Any other refusal: the message says why (a constraint without a code of its own). */
  INVALID = 'INVALID',
}

export type FieldParams = Record<string, string | number>;

/** class-validator constraint names (built-in and this API's own) and the code each one means. */
export const CONSTRAINT_CODES: Readonly<Record<string, FieldCode>> = {
  isDefined: FieldCode.REQUIRED,
  isNotEmpty: FieldCode.REQUIRED,
  isLength: FieldCode.TOO_LONG, // or TOO_SHORT: decided from the value
  minLength: FieldCode.TOO_SHORT,
  maxLength: FieldCode.TOO_LONG,
  min: FieldCode.OUT_OF_RANGE,
  max: FieldCode.OUT_OF_RANGE,
  isPositive: FieldCode.NOT_POSITIVE,
  isInt: FieldCode.NOT_AN_INTEGER,
  isNumber: FieldCode.NOT_A_NUMBER,
  isString: FieldCode.WRONG_TYPE,
  isBoolean: FieldCode.WRONG_TYPE,
  isArray: FieldCode.WRONG_TYPE,
  isDate: FieldCode.WRONG_TYPE,
  nestedValidation: FieldCode.WRONG_TYPE,
  isCalendarDate: FieldCode.NOT_A_DATE,
  isIso8601: FieldCode.NOT_A_DATE,
  isDateString: FieldCode.NOT_A_DATE,
  isUuid: FieldCode.NOT_A_UUID,
  matches: FieldCode.INVALID_FORMAT,
  isEmail: FieldCode.INVALID_EMAIL,
  isEnum: FieldCode.NOT_ONE_OF,
  isIn: FieldCode.NOT_ONE_OF,
  arrayMaxSize: FieldCode.TOO_MANY,
  arrayMinSize: FieldCode.TOO_FEW,
  arrayUnique: FieldCode.DUPLICATE,
  isOnOrAfter: FieldCode.PERIOD_ENDS_BEFORE_START,
  whitelistValidation: FieldCode.UNKNOWN_FIELD,
};

/** The constraint name of a validation rule, as class-validator names its errors. */
export function constraintName(metadata: ValidationMetadata): string | undefined {
  if (metadata.type === 'nestedValidation') return 'nestedValidation';
  if (metadata.type === 'isDefined') return 'isDefined';
  if (metadata.type === 'whitelistValidation') return 'whitelistValidation';
  if (metadata.type !== 'customValidation') return undefined; // conditional (IsOptional, ValidateIf)
  return getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls)[0]?.name;
}

/** The arguments of every rule on `property` of `target`'s class, by constraint name. */
function rulesOf(target: unknown, property: string): Map<string, unknown[]> {
  const rules = new Map<string, unknown[]>();
  const type: unknown = target && typeof target === 'object' ? target.constructor : undefined;
  if (typeof type !== 'function') return rules;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  for (const metadata of metadatas) {
    if (metadata.propertyName !== property) continue;
    const name = constraintName(metadata);
    if (name) rules.set(name, metadata.constraints ?? []);
  }
  return rules;
}

function numberAt(args: unknown[] | undefined, index: number): number | undefined {
  const value = args?.[index];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function withNumbers(entries: [string, number | undefined][]): FieldParams {
  const params: FieldParams = {};
  for (const [key, value] of entries) if (value !== undefined) params[key] = value;
  return params;
}

/** The code and params of one failed constraint of a class-validator error. */
export function fieldCodeOf(
  error: ValidationError,
  constraint: string,
): { code: FieldCode; params?: FieldParams } {
  const code = CONSTRAINT_CODES[constraint] ?? FieldCode.INVALID;
  const rules = rulesOf(error.target, error.property);
  const args = rules.get(constraint);
  let params: FieldParams = {};
  switch (constraint) {
    case 'isLength': {
      const [min, max] = [numberAt(args, 0), numberAt(args, 1)];
      params = withNumbers([
        ['min', min],
        ['max', max],
      ]);
      const short = typeof error.value === 'string' && min !== undefined && error.value.length < min;
      return { code: short ? FieldCode.TOO_SHORT : FieldCode.TOO_LONG, params };
    }
    case 'minLength':
    case 'maxLength':
      params = withNumbers([
        ['min', numberAt(rules.get('minLength'), 0)],
        ['max', numberAt(rules.get('maxLength'), 0)],
      ]);
      break;
    case 'min':
    case 'max':
      params = withNumbers([
        ['min', numberAt(rules.get('min'), 0)],
        ['max', numberAt(rules.get('max'), 0)],
      ]);
      break;
    case 'arrayMaxSize':
      params = withNumbers([['max', numberAt(args, 0)]]);
      break;
    case 'arrayMinSize':
      params = withNumbers([['min', numberAt(args, 0)]]);
      break;
    case 'isEnum': {
      const values = args?.[1];
      if (Array.isArray(values)) params = { allowed: values.map(String).join(', ') };
      break;
    }
    case 'isIn': {
      const values = args?.[0];
      if (Array.isArray(values)) params = { allowed: values.map(String).join(', ') };
      break;
    }
    case 'isOnOrAfter':
      if (typeof args?.[0] === 'string') params = { start: args[0] };
      break;
  }
  return Object.keys(params).length > 0 ? { code, params } : { code };
}
