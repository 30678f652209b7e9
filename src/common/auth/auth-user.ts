import { UserRole } from '../../core/domain/enums';

/** The signed-in user as guards and services see it (no secrets). */
export interface AuthUser {
  id: string;
  email: string;
  organisationId: string;
  /** The person's own department, if any (the default host department of what they propose). */
  departmentId: string | null;
  roles: UserRole[];
  /** The browser session the access token belongs to (cookie sign-in); absent for `login` tokens. */
  sessionId?: string;
}

export function hasRole(user: AuthUser, ...roles: UserRole[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
