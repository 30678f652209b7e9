import { FieldError } from '../common/errors/error-codes';
import { OpportunityKind } from '../core/domain/enums';
import { OpportunityKindDetails } from './entities/opportunity.entity';

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
      errors.push({ field: `details.${key}`, message: `${key} is required for ${kind}` });
    }
  }
  for (const key of ALL_DETAIL_KEYS) {
    if (!wanted.includes(key) && given[key] !== undefined && given[key] !== null) {
      errors.push({ field: `details.${key}`, message: `${key} does not apply to ${kind}` });
    }
  }
  const stored: Partial<Record<DetailKey, unknown>> = {};
  for (const key of wanted) {
    const value = given[key];
    stored[key] = typeof value === 'string' ? value.trim() : value;
  }
  return { errors, details: stored as OpportunityKindDetails };
}
