import type { CombinedError } from '@urql/core';
import type { TFunction } from 'i18next';

/** What a person reads about a failed request: one message, and per field where the API names one. */
export interface ErrorDescription {
  message: string;
  fields: Record<string, string>;
  code: string;
}

/** Codes (extensions.code) the API answers with, each with its own message in both languages. */
const CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_TOKENS',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'BAD_REQUEST',
  'INTERNAL_SERVER_ERROR',
] as const;

/** Finer reason codes (extensions.reason) with a message of their own. */
export const REASONS = [
  'AGGREGATES_ONLY',
  'APPLICATION_DEADLINE_PASSED',
  'BODY_TOO_LARGE',
  'COMPETENCE_RETIRED',
  'CONSENT_TEXT_OUTDATED',
  'CONTEST_ALREADY_ANSWERED',
  'CONTEST_ALREADY_OPEN',
  'CO_SUPERVISOR_ALREADY_INVITED',
  'CO_SUPERVISOR_NOT_CONFIRMED',
  'CROSS_SITE_REQUEST',
  'DUPLICATE_APPLICATION',
  'EMAIL_TAKEN',
  'ERASURE_ALREADY_REQUESTED',
  'ESSENTIAL_REQUIREMENTS_UNMET',
  'ILLEGAL_TRANSITION',
  'INVALID_CO_SUPERVISOR',
  'INVALID_RESPONSE_DEADLINE',
  'LIVE_APPLICATION_LIMIT',
  'MALFORMED_BODY',
  'MALFORMED_ID',
  'MALFORMED_JSON',
  'NOTHING_TO_CONTEST',
  'NOT_ALLOWED_FOR_ACTOR',
  'NOT_CO_SUPERVISED',
  'NOT_EDITABLE',
  'NOT_IN_ROUND',
  'NOT_LIVE_APPLICATIONS',
  'NO_SEATS_LEFT',
  'NUL_CHARACTER',
  'OFFERS_EXCEED_SEATS',
  'OPPORTUNITY_ENDED',
  'OPPORTUNITY_NOT_OPEN',
  'PLACEMENT_NOT_STARTED',
  'PLACEMENTS_OVERLAP',
  'OFFER_EXPIRED',
  'PLACEMENT_NOT_COMPLETED',
  'PURPOSE_NOT_OPTIONAL',
  'RANKING_DEADLINE_PASSED',
  'REASON_REQUIRED',
  'ROUND_CLOSED',
  'ROUND_NOT_OPEN',
  'ROUND_NOT_PUBLISHED',
  'SESSION_ENDED',
  'STAGE_NOT_ELIGIBLE',
  'SUPERVISOR_LOAD_EXCEEDED',
  'TOO_MANY_ACTIVE_SHARES',
  'TOO_MANY_CHOICES',
  'TOO_MANY_TARGET_ROLES',
  'UNKNOWN_COMPETENCE',
  'UNSUPPORTED_BODY_ENCODING',
  'WRONG_PASSWORD',
] as const;

/**
 * Reasons in docs/errors.md that no page of the app can meet: HR's and admins' operations (which
 * they use through GraphQL, not this app) and jobs. errors-coverage.test.ts fails on a documented
 * reason that is in neither list, so a new one gets a message or a decision.
 */
export const REASONS_NOT_MET_BY_PAGES = [
  'ALREADY_ERASED',
  'ALREADY_PLACED',
  'ALREADY_PRE_ASSIGNED',
  'CANDIDATE_ALREADY_PLACED',
  'CANNOT_ERASE_SELF',
  'COMPETENCE_CODE_TAKEN',
  'CONSENT_TEXT_VERSION_UNCHANGED',
  'DEPARTMENT_NAME_TAKEN',
  'LAWFUL_BASIS_IN_USE',
  'NOT_A_CHOICE',
  'NOT_A_SUPERVISOR',
  'NOT_SET_BY_OTHERS',
  'OFFER_NOT_YET_EXPIRED',
  'OPPORTUNITY_IN_ANOTHER_ROUND',
  'OPPORTUNITY_IN_ROUND',
  'OPPORTUNITY_NOT_IN_SCOPE',
  'ORGANISATION_CODE_TAKEN',
  'OVERRIDE_EXISTS',
  'PLACEMENT_NOT_OFFERED',
  'PURPOSE_CODE_TAKEN',
  'RANKING_DEADLINE_AFTER_APPLICATION_DEADLINE',
  'RANKING_DEADLINE_NOT_PASSED',
  'ROLE_PROFILE_SUPERSEDED',
  'RUN_IN_PROGRESS',
  'SAME_CANDIDATE',
  'SELF_ASSESSMENT_AS_SUPERVISOR',
  'SPA_NEEDS_PROJECTS',
  'UNKNOWN_COMPETENCE_AREA',
] as const;

/** The codes the API answers with (extensions.code), each with a message. */
export const ERROR_CODES: readonly string[] = CODES;

interface FieldDetail {
  field: string;
  message: string;
}

function isFieldDetail(value: unknown): value is FieldDetail {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldDetail).field === 'string' &&
    typeof (value as FieldDetail).message === 'string'
  );
}

/** The last segment of a dotted field path: `input.motivation` -> `motivation`. */
function fieldKey(path: string): string {
  const parts = path.split('.');
  return parts[parts.length - 1] ?? path;
}

/**
 * Turns an urql error into words: a lost connection says so; otherwise the first GraphQL error's
 * reason (when it has a message of its own) or its code, with field messages next to their fields.
 */
export function describeError(error: CombinedError, t: TFunction): ErrorDescription {
  if (error.networkError && error.graphQLErrors.length === 0) {
    return { code: 'NETWORK', message: t('errors.code.NETWORK'), fields: {} };
  }
  const first = error.graphQLErrors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
  const reason = typeof first?.extensions?.reason === 'string' ? first.extensions.reason : undefined;
  const known = (CODES as readonly string[]).includes(code) ? code : 'INTERNAL_SERVER_ERROR';
  const message =
    reason && (REASONS as readonly string[]).includes(reason)
      ? t(`errors.reason.${reason}`)
      : t(`errors.code.${known}`);
  const fields: Record<string, string> = {};
  const details = Array.isArray(first?.extensions?.fields) ? first.extensions.fields : [];
  const knownReason = reason && (REASONS as readonly string[]).includes(reason) ? reason : undefined;
  for (const detail of details) {
    if (!isFieldDetail(detail)) continue;
    const key = fieldKey(detail.field);
    // A field of a known reason is said in the chosen language; otherwise the API's own words.
    const text = knownReason
      ? t(`errors.reason.${knownReason}`)
      : t('errors.field', { detail: detail.message });
    if (fields[key] === text) continue;
    fields[key] = fields[key] ? `${fields[key]} ${text}` : text;
  }
  return { code, message, fields };
}
