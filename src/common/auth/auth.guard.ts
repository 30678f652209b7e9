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
  /** Per class, per handler: public, and the roles it needs (metadata read once, not per call). */
  private readonly rules = new WeakMap<object, Map<object, HandlerRule>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    const rule = this.ruleFor(ctx);
    if (rule.isPublic) return true;
    const req = requestOf(ctx);
    if (req.user) return this.allowed(req.user, rule);
    // Without waiting when the token and its account are at hand (most requests), else verified.
    const token = bearerToken(req.headers.authorization);
    const now = token ? this.tokens.userNow(token) : undefined;
    if (now) {
      req.user = now;
      return this.allowed(now, rule);
    }
    return this.authenticate(token).then((user) => {
      req.user ??= user;
      return this.allowed(req.user, rule);
    });
  }

  private allowed(user: AuthUser, rule: HandlerRule): boolean {
    if (rule.roles?.length && !rule.roles.some((r) => user.roles.includes(r))) {
      throw AppError.forbidden(`This operation needs one of the roles ${rule.roles.join(', ')}`);
    }
    return true;
  }

  private async authenticate(token: string | null): Promise<AuthUser> {
    if (!token) throw AppError.unauthenticated('Authentication required: send Authorization: Bearer <token>');
    const verified = await this.tokens.verify(token);
    if (!verified) throw AppError.unauthenticated('Invalid or expired token');
    return verified.user;
  }

  private ruleFor(ctx: ExecutionContext): HandlerRule {
    const handler = ctx.getHandler();
    const classRef = ctx.getClass();
    let ofClass = this.rules.get(classRef);
    if (!ofClass) {
      ofClass = new Map();
      this.rules.set(classRef, ofClass);
    }
    let rule = ofClass.get(handler);
    if (!rule) {
      const targets = [handler, classRef];
      rule = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets),
      };
      ofClass.set(handler, rule);
    }
    return rule;
  }
}

interface HandlerRule {
  isPublic: boolean;
  roles: readonly UserRole[] | undefined;
}
