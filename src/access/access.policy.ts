import type { AuthUser } from '../common/auth/auth-user';
import type { LiveEventMemberKey } from '../common/events/live-events';
import { UserRole, Visibility } from '../core/domain/enums';
import { CoSupervisionStatus } from '../core/opportunities/co-supervision';
import type { OpportunityActorKind } from '../core/opportunities/opportunity-lifecycle';

/**
 * The access rules of Talent Exchange, each written once. Every service, loader and subscription
 * filter asks here; nothing else decides who may see or do what. The rules are plain functions of the
 * viewer and of facts about the record (its organisation, its staff); facts that need a lookup are
 * loaded set-based by `AccessService`. A refusal is the caller's to raise, and for a record the viewer
 * may not see it is exactly the "not found" of a missing one.
 */

/** The viewer as the rules see it. */
export type Viewer = Pick<AuthUser, 'id' | 'organisationId' | 'roles'>;

export function isAdmin(viewer: Viewer): boolean {
  return viewer.roles.includes(UserRole.ADMIN);
}

/** A member of `organisationId` (any role). */
export function belongsTo(viewer: Viewer, organisationId: string | null | undefined): boolean {
  return !!organisationId && viewer.organisationId === organisationId;
}

/** HR of `organisationId` (admins are not HR of every organisation: see `administers`). */
export function isHrOf(viewer: Viewer, organisationId: string | null | undefined): boolean {
  return viewer.roles.includes(UserRole.HR) && belongsTo(viewer, organisationId);
}

/** "An admin, or HR of that organisation": who runs an organisation's rounds, people and role profiles. */
export function administers(viewer: Viewer, organisationId: string | null | undefined): boolean {
  return isAdmin(viewer) || isHrOf(viewer, organisationId);
}

export interface StaffedOpportunity {
  readonly leadSupervisorId: string;
  readonly hostOrganisationId: string;
}

/**
 * Who manages an opportunity: its lead supervisor, one of `coSupervisorIds`, HR of the host
 * organisation, or an admin. Which co-supervisors count (accepted only, or invited too) is the
 * caller's to say: it passes them in (`AccessService` loads them).
 */
export function managesOpportunity(
  viewer: Viewer,
  opportunity: StaffedOpportunity,
  coSupervisorIds: readonly string[] = [],
): boolean {
  return (
    viewer.id === opportunity.leadSupervisorId ||
    administers(viewer, opportunity.hostOrganisationId) ||
    coSupervisorIds.includes(viewer.id)
  );
}

/**
 * Who overrides the placement rules for an opportunity outside rounds (lets an ineligible candidate
 * apply, places a candidate directly): HR of the host organisation, and admins. Not its supervisors.
 */
export function mayOverridePlacementOn(viewer: Viewer, opportunity: StaffedOpportunity): boolean {
  return administers(viewer, opportunity.hostOrganisationId);
}

/**
 * The co-supervisors who count as host staff: invited (they see the project to decide) or accepted;
 * with `acceptedOnly` (acting on candidates), accepted only.
 */
export function countedCoSupervisors(
  coSupervisions: readonly { coSupervisorId: string; status: string }[],
  opts: { acceptedOnly: boolean },
): string[] {
  const counts = (status: string) =>
    status === CoSupervisionStatus.ACCEPTED || (!opts.acceptedOnly && status === CoSupervisionStatus.INVITED);
  return coSupervisions.filter((c) => counts(c.status)).map((c) => c.coSupervisorId);
}

/** The lifecycle roles the viewer holds on an opportunity (a co-supervisor holds none). */
export function opportunityActorKinds(
  viewer: Viewer,
  opportunity: StaffedOpportunity,
): OpportunityActorKind[] {
  const kinds: OpportunityActorKind[] = [];
  if (opportunity.leadSupervisorId === viewer.id) kinds.push('HOST_SUPERVISOR');
  if (isHrOf(viewer, opportunity.hostOrganisationId)) kinds.push('HR');
  if (isAdmin(viewer)) kinds.push('ADMIN');
  return kinds;
}

/**
 * Which opportunities a viewer sees in lists and by id: admins all; everyone else the open ones before
 * their deadline, and those they host (lead or co-supervisor), applied to, or whose host organisation
 * they are HR of. Applied in SQL by the opportunities repository.
 */
export type OpportunityVisibilityScope =
  | { readonly all: true }
  | { readonly all: false; readonly userId: string; readonly hrOrganisationId: string | null };

export function opportunityVisibility(viewer: Viewer): OpportunityVisibilityScope {
  if (isAdmin(viewer)) return { all: true };
  return { all: false, userId: viewer.id, hrOrganisationId: hrOrganisationOf(viewer) };
}

/** The organisation the viewer is HR of, if any. */
export function hrOrganisationOf(viewer: Viewer): string | null {
  return viewer.roles.includes(UserRole.HR) ? viewer.organisationId : null;
}

export interface ManagedRound {
  readonly organisationId: string;
}

/** Admins, and HR of the organisation running the round (also: who may follow its runs live). */
export function managesRound(viewer: Viewer, round: ManagedRound): boolean {
  return administers(viewer, round.organisationId);
}

/**
 * Who sees a round without managing it: a candidate, while the round is open, and afterwards when
 * they chose in it. `AccessService.seesRoundAsCandidate` looks up whether they chose, only when that
 * decides the answer.
 */
export function seesRoundAsCandidate(
  viewer: Viewer,
  round: { readonly open: boolean },
  choseInRound: boolean,
): boolean {
  return viewer.roles.includes(UserRole.CANDIDATE) && (round.open || choseInRound);
}

/** The organisation whose rounds a list shows: null for admins (every organisation). */
export function roundListOrganisation(viewer: Viewer): string | null {
  return isAdmin(viewer) ? null : viewer.organisationId;
}

/**
 * Who may see a person's gaps against roles (gap analysis, the talent profile): the person, admins
 * and HR of the person's organisation. Anyone else is answered exactly as for a missing person.
 */
export function maySeeGapsOf(viewer: Viewer, person: { id: string; organisationId: string }): boolean {
  return person.id === viewer.id || administers(viewer, person.organisationId);
}

/**
 * Who reads the talent profile of a person of another organisation when the person opened it to
 * partners (consent TALENT_PROFILE_CONSORTIUM, checked by the caller): supervisors and HR.
 */
export function readsPartnerTalentProfiles(viewer: Viewer): boolean {
  return viewer.roles.some((r) => r === UserRole.SUPERVISOR || r === UserRole.HR);
}

/** What a viewer may see of a profile: FULL (with assessment history) or LEVELS (effective levels). */
export type ProfileAccessLevel = 'FULL' | 'LEVELS';

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
export function profileAccess(viewer: Viewer, owner: ProfileOwner): ProfileAccessLevel | null {
  if (viewer.id === owner.userId || administers(viewer, owner.organisationId)) return 'FULL';
  if (owner.visibility === Visibility.CONSORTIUM && findsProfiles(viewer)) return 'LEVELS';
  return null;
}

/** Supervisors and HR look for people by profile; admins too. */
export function findsProfiles(viewer: Viewer): boolean {
  return viewer.roles.some((r) => r === UserRole.SUPERVISOR || r === UserRole.HR || r === UserRole.ADMIN);
}

/** Which profiles a viewer finds: admins all, HR everyone of their organisation, others CONSORTIUM ones. */
export interface FindableProfilesScope {
  viewerId: string;
  all: boolean;
  ownOrganisationId: string | null;
}

export function findableProfiles(viewer: Viewer): FindableProfilesScope {
  return { viewerId: viewer.id, all: isAdmin(viewer), ownOrganisationId: hrOrganisationOf(viewer) };
}

/**
 * Who sets a supervisor's supervision capacity (the cap HR's approvals check): HR of the supervisor's
 * organisation, and admins. Not the supervisor themselves.
 */
export function mayManageSupervisionOf(viewer: Viewer, person: { organisationId: string }): boolean {
  return administers(viewer, person.organisationId);
}

/** Role profiles: admins anywhere (null: consortium-wide); HR for their own organisation only. */
export function mayManageRoleProfilesOf(viewer: Viewer, organisationId: string | null): boolean {
  return isAdmin(viewer) || (organisationId !== null && isHrOf(viewer, organisationId));
}

/**
 * Whose organisation analytics a viewer reads: admins any, HR their own. (Consortium aggregates are
 * open to both; the resolver's roles say who reaches analytics at all.)
 */
export function mayReadAnalyticsOf(viewer: Viewer, organisationId: string): boolean {
  return administers(viewer, organisationId);
}

/**
 * The organisation whose people a user list shows: admins any (null: all); everyone else their own.
 * `undefined`: the viewer asked for another organisation, which looks empty.
 */
export function userListOrganisation(
  viewer: Viewer,
  requested: string | null | undefined,
): string | null | undefined {
  if (isAdmin(viewer)) return requested ?? null;
  if (requested && requested !== viewer.organisationId) return undefined;
  return viewer.organisationId;
}

/**
 * Which opportunities HR may put into their organisation's round: those their organisation hosts,
 * and co-supervised projects led by a supervisor of their organisation.
 */
export function mayPlaceInRound(
  viewer: Viewer,
  opportunity: { hostOrganisationId: string; coSupervised: boolean },
  leadOrganisationId: string | undefined,
): boolean {
  return (
    belongsTo(viewer, opportunity.hostOrganisationId) ||
    (opportunity.coSupervised && belongsTo(viewer, leadOrganisationId))
  );
}

/** Whose reads of personal data are recorded in the audit trail: HR and admins. */
export function readsAreAudited(viewer: Viewer): boolean {
  return viewer.roles.some((r) => r === UserRole.HR || r === UserRole.ADMIN);
}

/** Who may follow an application live: the candidate, host staff, HR of the host organisation, admins. */
export interface ApplicationFollowers {
  candidateId: string;
  /** The lead supervisor and accepted co-supervisors. */
  hostUserIds: readonly string[];
  hostOrganisationId: string;
}

export function mayFollowApplication(viewer: Viewer, audience: ApplicationFollowers): boolean {
  return (
    viewer.id === audience.candidateId ||
    audience.hostUserIds.includes(viewer.id) ||
    administers(viewer, audience.hostOrganisationId)
  );
}

/**
 * The same rule as `mayFollowApplication`, as delivery keys, so that a status change reaches only the
 * sockets of its audience (no filter over every socket): a change is published under each key of its
 * audience, and a viewer listens to the keys they hold. A viewer holding several of an event's keys
 * (a lead supervisor who is HR of the host too) takes it under the first one only: exactly once.
 */
export function applicationFollowerKeys(audience: ApplicationFollowers): string[] {
  return [
    ...new Set([audience.candidateId, ...audience.hostUserIds].map((id) => `user:${id}`)),
    `hr:${audience.hostOrganisationId}`,
    'admin',
  ];
}

/**
 * `applicationFollowerKeys` in SQL, for status events PostgreSQL builds (a round's), in two parts so
 * that the part shared by every application of an opportunity is computed once per opportunity:
 * `applicationHostKeysSql` gives the keys of its host staff, HR of the host and admins (text[];
 * `hostUserIds` a uuid[] expression, `hostOrganisation` a uuid one) and `applicationFollowerKeysJsonSql`
 * adds the candidate's (a uuid expression) unless they are host staff too. The same keys as
 * `applicationFollowerKeys`, in any order.
 */
export function applicationHostKeysSql(hostUserIds: string, hostOrganisation: string): string {
  return `(ARRAY(SELECT DISTINCT 'user:' || u FROM unnest(${hostUserIds}) AS u)
           || ARRAY['hr:' || ${hostOrganisation}, 'admin'])`;
}

/**
 * The keys of `applicationFollowerKeys` as the JSON text of the list (for status events PostgreSQL
 * writes as text): `hostKeysJson` is the JSON text of `applicationHostKeysSql`'s array (`to_json(...)::text`)
 * and `hostKeysJsonTail` the same without its `[` (`substr(..., 2)`), both written once per
 * opportunity; `hostUserIds` the uuid[] they were made of: the candidate's key first unless they
 * are host staff too.
 */
export function applicationFollowerKeysJsonSql(
  candidate: string,
  hostUserIds: string,
  hostKeysJson: string,
  hostKeysJsonTail: string,
): string {
  return `(CASE WHEN ${candidate} = ANY(${hostUserIds}) THEN ${hostKeysJson}
                ELSE '["user:' || ${candidate} || '",' || ${hostKeysJsonTail} END)`;
}

/**
 * The candidate's own part of `applicationFollowerKeys` for a round's grouped status events (the
 * hosts' part, `applicationHostKeysSql`, once per opportunity), as the `memberKey` of their
 * `LiveEventColumns` item: `user:` and the member's `audience.candidateId`, none when that is a shared
 * key already (the candidate is host staff too: keyed once, as a host). The delivering instance makes
 * it per member.
 */
export const APPLICATION_CANDIDATE_MEMBER_KEY: LiveEventMemberKey = {
  prefix: 'user:',
  of: ['audience', 'candidateId'],
};

/** The keys a viewer follows applications under (see `applicationFollowerKeys`). */
export function applicationFollowKeysOf(viewer: Viewer): string[] {
  const keys = [`user:${viewer.id}`];
  if (viewer.roles.includes(UserRole.HR)) keys.push(`hr:${viewer.organisationId}`);
  if (isAdmin(viewer)) keys.push('admin');
  return keys;
}

/** The one key of the audience under which `viewer` takes an event; null: not theirs to follow. */
export function applicationDeliveryKey(viewer: Viewer, audience: ApplicationFollowers): string | null {
  const held = new Set(applicationFollowKeysOf(viewer));
  return applicationFollowerKeys(audience).find((key) => held.has(key)) ?? null;
}

/** Who may follow a round's runs live: who manages the round. */
export function mayFollowRound(viewer: Viewer, round: ManagedRound): boolean {
  return managesRound(viewer, round);
}

/**
 * Of a candidate pool, which people a viewer may rank for an opportunity beyond the findable ones:
 * admins everyone, HR of the host organisation its people.
 */
export interface CandidatePoolScope {
  all: boolean;
  hrOrganisationId: string | null;
}

export function candidatePool(viewer: Viewer, opportunity: StaffedOpportunity): CandidatePoolScope {
  return {
    all: isAdmin(viewer),
    hrOrganisationId: isHrOf(viewer, opportunity.hostOrganisationId) ? viewer.organisationId : null,
  };
}

/** Who answers a contest of a decision: admins, and HR of the organisation concerned. */
export function answersContest(viewer: Viewer, contest: { organisationId: string }): boolean {
  return administers(viewer, contest.organisationId);
}

/** Who may read a contest: the person who filed it, and whoever answers it. */
export function maySeeContest(
  viewer: Viewer,
  contest: { personId: string; organisationId: string },
): boolean {
  return contest.personId === viewer.id || answersContest(viewer, contest);
}

/** The organisation whose contests HR's list shows: null for admins (every organisation). */
export function contestListOrganisation(viewer: Viewer): string | null {
  return isAdmin(viewer) ? null : viewer.organisationId;
}

/**
 * Who corrects a person's data (rectification, with a reason) and reads the corrections made: admins
 * and HR of the person's organisation. The person changes their own data themselves.
 */
export function mayCorrectDataOf(viewer: Viewer, person: { organisationId: string }): boolean {
  return administers(viewer, person.organisationId);
}
