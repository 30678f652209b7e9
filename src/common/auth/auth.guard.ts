import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserRole } from '../../core/domain/enums';
import { AppError } from '../errors/app-error';
import { AccessTokens, bearerToken } from './access-tokens';
import { AuthUser } from './auth-user';
import { IS_PUBLIC, ROLES } from './decorators';
import { requestOf } from './request-of';

/**
 * Global guard: every operation needs a valid bearer token unless marked @Public(); @Roles() then
 * narrows it. The account is looked up on each request (see AccessTokens for how fresh it is).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = requestOf(ctx);
    req.user ??= await this.authenticate(req.headers.authorization);
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles?.length && !roles.some((r) => req.user?.roles.includes(r))) {
      throw AppError.forbidden(`This operation needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const token = bearerToken(header);
    if (!token) throw AppError.unauthenticated('Authentication required: send Authorization: Bearer <token>');
    const verified = await this.tokens.verify(token);
    if (!verified) throw AppError.unauthenticated('Invalid or expired token');
    return verified.user;
  }
}
