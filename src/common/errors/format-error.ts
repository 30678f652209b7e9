import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { GraphQLFormattedError } from 'graphql';
import { AppError } from './app-error';
import { QueryLimitError } from '../graphql/query-limits';
import { ErrorCode } from './error-codes';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.BAD_USER_INPUT,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.UNAUTHENTICATED,
  [HttpStatus.FORBIDDEN]: ErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [HttpStatus.CONFLICT]: ErrorCode.CONFLICT,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RATE_LIMITED,
};

/** Codes that GraphQL itself (parse, validation, our validation rules) puts on an error. */
const PASS_THROUGH = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.QUERY_TOO_DEEP,
  ErrorCode.TOO_MANY_ALIASES,
  ErrorCode.BAD_USER_INPUT,
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export interface MappedError {
  code: ErrorCode | string;
  message: string;
  details: Record<string, unknown>;
  /** True when the original is unexpected: its message is hidden and it must be logged. */
  internal: boolean;
}

/** The one place that maps thrown errors to a client-facing code and message. */
export function mapError(formatted: GraphQLFormattedError, original: unknown): MappedError {
  const cause = unwrap(original);
  if (cause instanceof AppError) {
    return { code: cause.code, message: cause.message, details: cause.details, internal: false };
  }
  if (cause instanceof QueryLimitError) {
    return { code: cause.limitCode, message: cause.message, details: {}, internal: false };
  }
  if (cause instanceof ThrottlerException) {
    return {
      code: ErrorCode.RATE_LIMITED,
      message: 'Too many requests; try again later',
      details: {},
      internal: false,
    };
  }
  if (cause instanceof HttpException) {
    const code = STATUS_CODES[cause.getStatus()];
    if (code) return { code, message: cause.message, details: {}, internal: false };
  }
  const existing = formatted.extensions?.code;
  if (typeof existing === 'string' && PASS_THROUGH.has(existing)) {
    return { code: existing, message: formatted.message, details: {}, internal: false };
  }
  return {
    code: ErrorCode.INTERNAL_SERVER_ERROR,
    message: 'Internal server error',
    details: {},
    internal: true,
  };
}

function unwrap(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5; i++) {
    if (current && typeof current === 'object' && 'originalError' in current) {
      const next = (current as { originalError?: unknown }).originalError;
      if (next === undefined || next === null) break;
      current = next;
    } else {
      break;
    }
  }
  return current;
}
