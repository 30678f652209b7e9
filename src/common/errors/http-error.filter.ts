import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { GqlContextType } from '@nestjs/graphql';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { AppError } from './app-error';
import { ErrorCode } from './error-codes';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
};

/**
 * AppError (and the rate limiter's refusal) on plain HTTP routes (CSV exports, the talent profile
 * page, the /auth session routes): the status that fits the code and a JSON body with the same
 * `code`, `reason` and `fields` GraphQL clients get in `extensions`.
 */
@Catch(AppError, ThrottlerException)
export class HttpAppErrorFilter implements ExceptionFilter<AppError | ThrottlerException> {
  catch(caught: AppError | ThrottlerException, host: ArgumentsHost): unknown {
    // GraphQL (queries, mutations and graphql-ws subscriptions): rethrown, so it reaches
    // format-error.ts exactly as without this filter.
    if (host.getType<GqlContextType>() === 'graphql') throw caught;
    const error =
      caught instanceof AppError
        ? caught
        : new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; try again later');
    const res = host.switchToHttp().getResponse<Response>();
    const { reason, fields } = error.details;
    res.status(STATUS[error.code] ?? 500).json({
      error: {
        code: error.code,
        message: error.message,
        ...(reason ? { reason } : {}),
        ...(fields ? { fields } : {}),
      },
    });
    return undefined;
  }
}
