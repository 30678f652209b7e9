import { UserRole } from '../../core/domain/enums';

/** The signed-in user as guards and services see it (no secrets). */
export interface AuthUser {
  id: string;
  email: string;
  organisationId: string;
  roles: UserRole[];
}

export function hasRole(user: AuthUser, ...roles: UserRole[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
