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
  'INTERNAL_SERVER_ERROR',
] as const;

/** Finer reason codes (extensions.reason) with a message of their own. */
export const REASONS = [
  'AGGREGATES_ONLY',
  'APPLICATION_DEADLINE_PASSED',
  'COMPETENCE_RETIRED',
  'CONSENT_TEXT_OUTDATED',
  'CO_SUPERVISOR_ALREADY_INVITED',
  'CO_SUPERVISOR_NOT_CONFIRMED',
  'DUPLICATE_APPLICATION',
  'EMAIL_TAKEN',
  'ERASURE_ALREADY_REQUESTED',
  'ESSENTIAL_REQUIREMENTS_UNMET',
  'ILLEGAL_TRANSITION',
  'INVALID_CO_SUPERVISOR',
  'INVALID_RESPONSE_DEADLINE',
  'NOT_ALLOWED_FOR_ACTOR',
  'NOT_CO_SUPERVISED',
  'NOT_EDITABLE',
  'NO_SEATS_LEFT',
  'OPPORTUNITY_NOT_OPEN',
  'OFFER_EXPIRED',
  'PURPOSE_NOT_OPTIONAL',
  'REASON_REQUIRED',
  'ROUND_CLOSED',
  'SESSION_ENDED',
  'CROSS_SITE_REQUEST',
  'ROUND_NOT_OPEN',
  'SUPERVISOR_LOAD_EXCEEDED',
  'TOO_MANY_ACTIVE_SHARES',
  'TOO_MANY_TARGET_ROLES',
  'UNKNOWN_COMPETENCE',
  'WRONG_PASSWORD',
] as const;

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
  for (const detail of details) {
    if (!isFieldDetail(detail)) continue;
    const key = fieldKey(detail.field);
    const text = t('errors.field', { detail: detail.message });
    fields[key] = fields[key] ? `${fields[key]} ${text}` : text;
  }
  return { code, message, fields };
}
