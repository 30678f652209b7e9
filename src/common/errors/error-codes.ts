import type { FieldCode, FieldParams } from './field-codes';

/**
 * Every `extensions.code` a client can meet. Stable: clients branch on these. docs/errors.md says
 * what each means, when it comes, and the `reason` codes that refine it.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  /** The request itself is malformed: body, JSON, method, persisted-query extension, batching. */
  BAD_REQUEST = 'BAD_REQUEST',
  /** A persisted-query hash the server does not know (yet): send the query with it once. */
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  /** Several operations in the document and no (or an unknown) operationName. */
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * One invalid field of an input. `field` is its path as class-validator names it: inside an input
 * object from its fields (`title`, `requirements.0.competenceId`), else the argument (`id`, `roleIds.1`).
 * `code` (with `params`) says what is wrong in a stable form a client translates; `message` says it
 * in English. A field error thrown without a code goes out with `INVALID` (AppError.badInput).
 */
export interface FieldError {
  field: string;
  message: string;
  code?: FieldCode;
  params?: FieldParams;
}

/** Finer `reason` codes of BAD_REQUEST (the request's transport, not its GraphQL). */
export const RequestReason = {
  MALFORMED_JSON: 'MALFORMED_JSON',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  UNSUPPORTED_BODY_ENCODING: 'UNSUPPORTED_BODY_ENCODING',
  MALFORMED_BODY: 'MALFORMED_BODY',
  PERSISTED_QUERY_INVALID: 'PERSISTED_QUERY_INVALID',
} as const;

/** Finer `reason` codes of BAD_USER_INPUT raised for any argument, whatever the operation. */
export const InputReason = {
  MALFORMED_ID: 'MALFORMED_ID',
  NUL_CHARACTER: 'NUL_CHARACTER',
} as const;
