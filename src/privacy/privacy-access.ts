import { AuthUser, hasRole } from '../common/auth/auth-user';
import { UserRole } from '../core/domain/enums';

/**
 * Who acts on someone else's data protection matters (restrictions, corrections, contests): admins and
 * HR of the organisation concerned. Anyone else is answered exactly as for a missing person.
 */
export function actsForOrganisation(viewer: AuthUser, organisationId: string): boolean {
  if (hasRole(viewer, UserRole.ADMIN)) return true;
  return hasRole(viewer, UserRole.HR) && viewer.organisationId === organisationId;
}
