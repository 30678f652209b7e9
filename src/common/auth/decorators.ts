import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { UserRole } from '../../core/domain/enums';
import { AuthUser } from './auth-user';
import { requestOf } from './request-of';

export const IS_PUBLIC = 'isPublic';
export const ROLES = 'roles';

/** Opens an operation to anonymous callers (login, health). Everything else needs a valid token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The operation needs one of these roles. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

/** The signed-in user, set by the global AuthGuard. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = requestOf(ctx).user;
  if (!user) throw new Error('CurrentUser used on a public operation');
  return user;
});

/** Counts the operation against the stricter login rate limit (brute-force protection). */
export const LoginRateLimit = () => SetMetadata('isLoginOperation', true);
