import { AuthUser, hasRole } from '../common/auth/auth-user';
import { UserRole, Visibility } from '../core/domain/enums';
import { ProfileAccessLevel } from './models/profile.model';

export interface ProfileOwner {
  userId: string;
  organisationId: string;
  visibility: Visibility;
}

/**
 * What `viewer` may see of a profile.
 * FULL (the assessment history too): the person, admins, HR of the person's organisation.
 * LEVELS (the profile with effective levels, no history): supervisors and HR of any organisation
 * when the person made the profile findable (CONSORTIUM).
 * null: nothing; the caller answers exactly as for a missing profile.
 */
export function profileAccess(viewer: AuthUser, owner: ProfileOwner): ProfileAccessLevel | null {
  if (viewer.id === owner.userId) return 'FULL';
  if (hasRole(viewer, UserRole.ADMIN)) return 'FULL';
  if (hasRole(viewer, UserRole.HR) && viewer.organisationId === owner.organisationId) return 'FULL';
  if (owner.visibility === Visibility.CONSORTIUM && hasRole(viewer, UserRole.SUPERVISOR, UserRole.HR)) {
    return 'LEVELS';
  }
  return null;
}
