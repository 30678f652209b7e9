import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError } from './app-error';
import { QueryLimitError, tokenLimitError } from '../graphql/query-limits';
import { ErrorCode } from './error-codes';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.BAD_USER_INPUT,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.UNAUTHENTICATED,
  [HttpStatus.FORBIDDEN]: ErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [HttpStatus.CONFLICT]: ErrorCode.CONFLICT,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RATE_LIMITED,
};

/**
 * Codes that GraphQL and Apollo put on an error before execution (parse, validation, variables,
 * the request itself): their messages describe the request, never the server.
 */
const PASS_THROUGH = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.BAD_REQUEST,
  ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ErrorCode.OPERATION_RESOLUTION_FAILURE,
]);

export interface MappedError {
  code: ErrorCode | string;
  message: string;
  details: Record<string, unknown>;
  /** True when the original is unexpected: its message is hidden and it must be logged. */
  internal: boolean;
}

/**
 * The one place that maps thrown errors to a client-facing code and message, for HTTP and
 * graphql-ws alike.
 */
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
  if (existing === ErrorCode.GRAPHQL_PARSE_FAILED) return parseFailure(formatted.message);
  if (typeof existing === 'string' && PASS_THROUGH.has(existing)) {
    return { code: existing, message: formatted.message, details: {}, internal: false };
  }
  if (isClientErrorOfTheRequest(original)) {
    // Apollo refuses some requests (a persisted-query extension it cannot use) with a bare
    // GraphQLError and a 4xx status: the request is malformed, the message says how.
    return { code: ErrorCode.BAD_REQUEST, message: formatted.message, details: {}, internal: false };
  }
  return {
    code: ErrorCode.INTERNAL_SERVER_ERROR,
    message: 'Internal server error',
    details: {},
    internal: true,
  };
}

/** A syntax error says where the document is wrong; anything else the parser threw is hidden. */
function parseFailure(message: string): MappedError {
  const limit = tokenLimitError(message);
  if (limit) return { code: limit.limitCode, message: limit.message, details: {}, internal: false };
  const syntax = message.startsWith('Syntax Error:');
  return {
    code: ErrorCode.GRAPHQL_PARSE_FAILED,
    message: syntax ? message : 'The document could not be parsed',
    details: {},
    internal: false,
  };
}

function isClientErrorOfTheRequest(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError || error.path) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
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
