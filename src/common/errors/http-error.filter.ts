import { ArgumentsHost, BadRequestException, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType } from '@nestjs/graphql';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { GRAPHQL_PATH } from '../graphql/graphql.options';
import { AppError } from './app-error';
import { ErrorCode, RequestReason } from './error-codes';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
};

/**
 * Errors outside GraphQL execution, mapped once:
 * - AppError (and the rate limiter's refusal) on plain HTTP routes (CSV exports, the talent profile
 *   page, the /auth session routes): the status that fits the code and a JSON body with the same
 *   `code`, `reason` and `fields` GraphQL clients get in `extensions`.
 * - A body refused before anything reads it (the body parser: malformed JSON, a body over the
 *   limit, an unknown charset or encoding): BAD_REQUEST with a `reason`, in the GraphQL error shape
 *   on /graphql and in the shape above on other routes; logged at warn without a stack (the
 *   client's mistake, not the server's).
 * - Anything else: Nest's default answer.
 */
@Catch()
export class HttpErrorFilter extends BaseExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    super();
    logger.setContext('HTTP');
  }

  override catch(error: unknown, host: ArgumentsHost): unknown {
    // GraphQL (queries, mutations and graphql-ws subscriptions): rethrown, so it reaches
    // format-error.ts exactly as without this filter.
    if (host.getType<GqlContextType>() === 'graphql') throw error;
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    if (error instanceof AppError || error instanceof ThrottlerException) {
      const known =
        error instanceof AppError
          ? error
          : new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; try again later');
      const { reason, fields } = known.details;
      res.status(STATUS[known.code] ?? 500).json({
        error: {
          code: known.code,
          message: known.message,
          ...(reason ? { reason } : {}),
          ...(fields ? { fields } : {}),
        },
      });
      return undefined;
    }
    const req = http.getRequest<Request>();
    const refusal = bodyRefusal(error);
    if (!refusal) return super.catch(error, host);
    this.logger.warn(
      { requestId: req.id, path: req.path, status: refusal.status, reason: refusal.reason },
      'refused a request body',
    );
    const { status, reason, message } = refusal;
    res
      .status(status)
      .json(
        req.path === GRAPHQL_PATH
          ? { errors: [{ message, extensions: { code: ErrorCode.BAD_REQUEST, reason } }] }
          : { error: { code: ErrorCode.BAD_REQUEST, message, reason } },
      );
    return undefined;
  }
}

interface BodyRefusal {
  status: number;
  reason: string;
  message: string;
}

/** What the body parser (body-parser, through Nest) refused, or null for anything else. */
function bodyRefusal(error: unknown): BodyRefusal | null {
  if (error instanceof HttpException) {
    // Nest turns body-parser's JSON SyntaxError into a BadRequestException with its message (a
    // malformed path parameter becomes one too, without "JSON": Nest's default answers that).
    return error instanceof BadRequestException && /\bJSON\b/.test(error.message)
      ? { status: 400, reason: RequestReason.MALFORMED_JSON, message: 'The request body is not valid JSON' }
      : null;
  }
  const status = clientErrorStatus(error);
  if (status === 413) {
    const limit = (error as { limit?: unknown }).limit;
    return {
      status,
      reason: RequestReason.BODY_TOO_LARGE,
      message:
        typeof limit === 'number'
          ? `The request body is larger than ${limit} bytes`
          : 'The request body is too large',
    };
  }
  if (status === 415) {
    return {
      status,
      reason: RequestReason.UNSUPPORTED_BODY_ENCODING,
      message: 'The request body has an unsupported charset or content encoding',
    };
  }
  if (status !== null) {
    return { status, reason: RequestReason.MALFORMED_BODY, message: 'The request body could not be read' };
  }
  return null;
}

/**
 * The 4xx status of an http-errors error (what body-parser and raw-body pass on: `status` and
 * `expose: true` for a client error), or null.
 */
function clientErrorStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : null;
}
