import { FieldError } from '../common/errors/error-codes';
import { OpportunityKind } from '../core/domain/enums';
import { OpportunityKindDetails } from './entities/opportunity.entity';
import { FieldCode } from '../common/errors/field-codes';

/** The level of the teaching an exchange slot asks for. */
export enum CourseLevel {
  BACHELOR = 'BACHELOR',
  MASTER = 'MASTER',
  PHD = 'PHD',
  PROFESSIONAL = 'PROFESSIONAL',
}

/** The level of a co-supervised project. */
export enum ProjectLevel {
  MASTER = 'MASTER',
  POSTDOC = 'POSTDOC',
}

type DetailKey = keyof OpportunityKindDetails;

/** The kind-specific fields each kind requires; every other detail field is refused for that kind. */
export const DETAIL_FIELDS: Record<OpportunityKind, readonly DetailKey[]> = {
  [OpportunityKind.EXCHANGE_SLOT]: ['subject', 'teachingHours', 'courseLevel'],
  [OpportunityKind.INTERNSHIP]: ['weeks', 'credits'],
  [OpportunityKind.WORKPLACE_VISIT]: ['days', 'groupSize'],
  [OpportunityKind.CO_SUPERVISED_PROJECT]: ['projectLevel', 'load'],
};

const ALL_DETAIL_KEYS: readonly DetailKey[] = Object.values(DETAIL_FIELDS).flat();

/**
 * Checks the kind-specific fields of `kind` (ranges are checked by the input's validators): each field
 * of the kind is required and fields of other kinds are refused. Returns the field errors (path
 * `details.<field>`) and, when there are none, the details to store (only the kind's fields).
 */
export function checkKindDetails(
  kind: OpportunityKind,
  details: Partial<Record<DetailKey, unknown>> | null | undefined,
): { errors: FieldError[]; details: OpportunityKindDetails } {
  const given = details ?? {};
  const wanted = DETAIL_FIELDS[kind];
  const errors: FieldError[] = [];
  for (const key of wanted) {
    const value = given[key];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      errors.push({
        field: `details.${key}`,
        message: `${key} is required for ${kind}`,
        code: FieldCode.REQUIRED,
        params: { kind },
      });
    }
  }
  for (const key of ALL_DETAIL_KEYS) {
    if (!wanted.includes(key) && given[key] !== undefined && given[key] !== null) {
      errors.push({
        field: `details.${key}`,
        message: `${key} does not apply to ${kind}`,
        code: FieldCode.NOT_APPLICABLE,
        params: { to: kind },
      });
    }
  }
  const stored: Partial<Record<DetailKey, unknown>> = {};
  for (const key of wanted) {
    const value = given[key];
    stored[key] = typeof value === 'string' ? value.trim() : value;
  }
  return { errors, details: stored as OpportunityKindDetails };
}

const DAY_MS = 86_400_000;

/** Whole days from `startsOn` to `endsOn`, both included (ISO dates); null when either is not a date. */
export function daysInPeriod(startsOn: string, endsOn: string): number | null {
  const from = Date.parse(`${startsOn}T00:00:00Z`);
  const to = Date.parse(`${endsOn}T00:00:00Z`);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return Math.round((to - from) / DAY_MS) + 1;
}

/**
 * A workplace visit's `days` must be the length of its period, end date included (a visit on
 * 2027-03-01 only is one day), so the two can never contradict each other.
 */
export function checkVisitDays(
  kind: OpportunityKind,
  details: OpportunityKindDetails,
  startsOn: string,
  endsOn: string,
): FieldError[] {
  if (kind !== OpportunityKind.WORKPLACE_VISIT || details.days == null) return [];
  const days = daysInPeriod(startsOn, endsOn);
  if (days === null || days < 1 || days === details.days) return [];
  return [
    {
      field: 'details.days',
      message: `days is ${details.days} but ${startsOn} to ${endsOn} is ${days} day(s), both dates included`,
      code: FieldCode.NOT_PERIOD_LENGTH,
      params: { expected: days },
    },
  ];
}
