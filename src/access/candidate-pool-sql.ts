import { UserRole, Visibility } from '../core/domain/enums';
import { CandidatePoolScope } from './access.policy';

/** Where a query keeps a person's facts that the pool rule reads. */
export interface CandidatePoolColumns {
  /** Whether the person holds the CANDIDATE role (a boolean expression). */
  readonly candidate: string;
  /** Their profile's visibility (NULL without a profile). */
  readonly visibility: string;
  readonly organisationId: string;
}

/**
 * The SQL form of the candidate pool rule (`candidatePool` in access.policy.ts, with the findable
 * profiles of `profileAccess`): the people with the CANDIDATE role whose profile is findable
 * (CONSORTIUM), for HR of the host also every candidate of their organisation, for admins every
 * candidate. One rule for every column set: matchingCandidates applies it to its pre-selection
 * (candidate_pool_levels) and again to users and profiles for the people it chose. `param` adds a
 * bind parameter and returns its placeholder. A restriction of processing is the privacy feature's
 * condition (privacy/restriction-sql.ts), added by the caller.
 */
export function inCandidatePool(
  scope: CandidatePoolScope,
  columns: CandidatePoolColumns,
  param: (value: unknown) => string,
): string {
  const findable = scope.all
    ? 'TRUE'
    : scope.hrOrganisationId
      ? `(${columns.visibility} = ${param(Visibility.CONSORTIUM)} OR ${columns.organisationId} = ${param(scope.hrOrganisationId)}::uuid)`
      : `${columns.visibility} = ${param(Visibility.CONSORTIUM)}`;
  return `${columns.candidate} AND ${findable}`;
}

/** `candidate` for a users row: the role as stored. */
export function holdsCandidateRole(rolesColumn: string, param: (value: unknown) => string): string {
  return `${param(UserRole.CANDIDATE)} = ANY(${rolesColumn})`;
}
