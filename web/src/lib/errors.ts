import type { CombinedError } from '@urql/core';
import type { TFunction } from 'i18next';
import { createElement, Fragment, type ReactNode } from 'react';

/**
 * What a person reads about a failed request: one message, and per field where the API names one.
 * A field's text is a string in the chosen language; only where the API gives no code it knows is
 * it (partly) the API's English, marked `lang="en"` for screen readers.
 */
export interface ErrorDescription {
  message: string;
  fields: Record<string, ReactNode>;
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

/**
 * Field codes (extensions.fields[].code, docs/errors.md "Field codes") the app writes in both
 * languages, each with the translation keys it may use. `INVALID` is not here: its field shows the
 * API's English message.
 */
export const FIELD_CODE_KEYS: Readonly<Record<string, readonly string[]>> = {
  REQUIRED: ['REQUIRED'],
  TOO_SHORT: ['TOO_SHORT'],
  TOO_LONG: ['TOO_LONG'],
  OUT_OF_RANGE: ['OUT_OF_RANGE', 'OUT_OF_RANGE_MIN', 'OUT_OF_RANGE_MAX'],
  NOT_POSITIVE: ['NOT_POSITIVE'],
  NOT_AN_INTEGER: ['NOT_AN_INTEGER'],
  NOT_A_NUMBER: ['NOT_A_NUMBER'],
  WRONG_TYPE: ['WRONG_TYPE'],
  NOT_A_DATE: ['NOT_A_DATE'],
  NOT_A_UUID: ['NOT_A_UUID'],
  INVALID_FORMAT: ['INVALID_FORMAT'],
  INVALID_EMAIL: ['INVALID_EMAIL'],
  NOT_ONE_OF: ['NOT_ONE_OF'],
  TOO_MANY: ['TOO_MANY'],
  TOO_FEW: ['TOO_FEW'],
  DUPLICATE: ['DUPLICATE'],
  NUL_CHARACTER: ['NUL_CHARACTER'],
  UNKNOWN_FIELD: ['UNKNOWN_FIELD'],
  UNKNOWN_REFERENCE: ['UNKNOWN_REFERENCE'],
  PERIOD_ENDS_BEFORE_START: ['PERIOD_ENDS_BEFORE_START'],
  NOT_IN_FUTURE: ['NOT_IN_FUTURE'],
  AFTER_START: ['AFTER_START'],
  BELOW_SEATS_TAKEN: ['BELOW_SEATS_TAKEN'],
  UNCHANGED: ['UNCHANGED'],
  NOT_CURRENT_VERSION: ['NOT_CURRENT_VERSION'],
  NOT_A_CURSOR: ['NOT_A_CURSOR'],
  RETIRED: ['RETIRED'],
  WRONG_KIND: ['WRONG_KIND'],
  NOT_ELIGIBLE: ['NOT_ELIGIBLE'],
  INCORRECT: ['INCORRECT'],
  NOT_PERIOD_LENGTH: ['NOT_PERIOD_LENGTH'],
  SELF: ['SELF'],
  SELF_ASSESSED: ['SELF_ASSESSED'],
  LACKS_ROLE: ['LACKS_ROLE'],
  SAME_ORGANISATION: ['SAME_ORGANISATION'],
  NEEDS_FIELD: ['NEEDS_FIELD'],
  NOT_APPLICABLE: ['NOT_APPLICABLE'],
  NOT_A_CHOICE: ['NOT_A_CHOICE'],
  CLOSES_BEFORE_RANKING_DEADLINE: ['CLOSES_BEFORE_RANKING_DEADLINE'],
};

/** Field codes documented but deliberately said in the API's words (the message says why). */
export const FIELD_CODES_IN_API_WORDS = ['INVALID'] as const;

/** Params a field code's message needs; without them the API's words are shown instead. */
const NEEDS: Readonly<Record<string, readonly string[]>> = {
  TOO_SHORT: ['min'],
  TOO_LONG: ['max'],
  TOO_MANY: ['max'],
  TOO_FEW: ['min'],
  BELOW_SEATS_TAKEN: ['taken'],
  NOT_PERIOD_LENGTH: ['expected'],
};

interface FieldDetail {
  field: string;
  message: string;
  code?: unknown;
  params?: unknown;
}

type Params = Record<string, string | number>;

function paramsOf(detail: FieldDetail): Params {
  const out: Params = {};
  if (typeof detail.params !== 'object' || detail.params === null) return out;
  for (const [key, value] of Object.entries(detail.params)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  }
  return out;
}

/** The translation key of a field's code and params, or undefined when the app cannot say it. */
function fieldCodeKey(detail: FieldDetail): { key: string; params: Params } | undefined {
  const code = typeof detail.code === 'string' ? detail.code : undefined;
  if (!code || !FIELD_CODE_KEYS[code]) return undefined;
  const params = paramsOf(detail);
  if (code === 'OUT_OF_RANGE') {
    const hasMin = params.min !== undefined;
    const hasMax = params.max !== undefined;
    if (hasMin && hasMax) return { key: 'OUT_OF_RANGE', params };
    if (hasMin) return { key: 'OUT_OF_RANGE_MIN', params };
    if (hasMax) return { key: 'OUT_OF_RANGE_MAX', params };
    return undefined;
  }
  if ((NEEDS[code] ?? []).some((name) => params[name] === undefined)) return undefined;
  return { key: code, params };
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
  const parts: Record<string, { text: string; english: boolean }[]> = {};
  const details = Array.isArray(first?.extensions?.fields) ? first.extensions.fields : [];
  const knownReason = reason && (REASONS as readonly string[]).includes(reason) ? reason : undefined;
  for (const detail of details) {
    if (!isFieldDetail(detail)) continue;
    const key = fieldKey(detail.field);
    // A field of a known reason, or with a code the app knows, is said in the chosen language;
    // otherwise in the API's own (English) words.
    const coded = knownReason ? undefined : fieldCodeKey(detail);
    const part = knownReason
      ? { text: t(`errors.reason.${knownReason}`), english: false }
      : coded
        ? { text: t(`errors.fieldCode.${coded.key}`, coded.params), english: false }
        : { text: t('errors.field', { detail: detail.message }), english: true };
    const list = (parts[key] ??= []);
    if (!list.some((p) => p.text === part.text)) list.push(part);
  }
  const fields: Record<string, ReactNode> = {};
  for (const [key, list] of Object.entries(parts)) fields[key] = fieldText(list);
  return { code, message, fields };
}

/** One field's texts: a plain string in the chosen language, the API's English marked as such. */
function fieldText(list: { text: string; english: boolean }[]): ReactNode {
  if (list.every((p) => !p.english)) return list.map((p) => p.text).join(' ');
  return createElement(
    Fragment,
    null,
    ...list.map((p, i) =>
      createElement('span', { key: i, ...(p.english ? { lang: 'en' } : {}) }, i > 0 ? ` ${p.text}` : p.text),
    ),
  );
}
