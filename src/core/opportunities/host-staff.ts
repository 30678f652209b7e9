import { UserRole } from '../domain/enums';

export interface StaffViewer {
  readonly id: string;
  readonly organisationId: string;
  readonly roles: readonly UserRole[];
}

export interface StaffedOpportunity {
  readonly leadSupervisorId: string;
  readonly hostOrganisationId: string;
}

/**
 * Who manages an opportunity: its lead supervisor, one of `coSupervisorIds`, HR of the host
 * organisation, or an admin. Which co-supervisors count (accepted only, or invited too) is the
 * caller's to say: it passes them in.
 */
export function managesOpportunity(
  viewer: StaffViewer,
  opportunity: StaffedOpportunity,
  coSupervisorIds: readonly string[] = [],
): boolean {
  return (
    viewer.roles.includes(UserRole.ADMIN) ||
    viewer.id === opportunity.leadSupervisorId ||
    (viewer.roles.includes(UserRole.HR) && viewer.organisationId === opportunity.hostOrganisationId) ||
    coSupervisorIds.includes(viewer.id)
  );
}
