import { ExecutionContext } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { AuthUser } from './auth-user';

export type AppRequest = Request & { user?: AuthUser; id?: string | number | object };

/** The GraphQL context of a request. */
export interface GqlContext {
  req: AppRequest;
  res: Response;
  /** Per-request DataLoaders, created on first use. */
  loaders: Map<string, unknown>;
}

export function requestOf(ctx: ExecutionContext): AppRequest {
  if (ctx.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(ctx).getContext<GqlContext>().req;
  }
  return ctx.switchToHttp().getRequest<AppRequest>();
}

export function responseOf(ctx: ExecutionContext): Response {
  if (ctx.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(ctx).getContext<GqlContext>().res;
  }
  return ctx.switchToHttp().getResponse<Response>();
}
