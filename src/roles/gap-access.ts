import { AuthUser, hasRole } from '../common/auth/auth-user';
import { UserRole } from '../core/domain/enums';

/**
 * Who may see a person's gaps against roles (gap analysis, the talent profile): the person, admins
 * and HR of the person's organisation. Anyone else is answered exactly as for a missing person.
 */
export function maySeeGapsOf(viewer: AuthUser, person: { id: string; organisationId: string }): boolean {
  if (person.id === viewer.id) return true;
  if (hasRole(viewer, UserRole.ADMIN)) return true;
  return hasRole(viewer, UserRole.HR) && person.organisationId === viewer.organisationId;
}
