import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { UserRole } from '../core/domain/enums';
import { managesOpportunity, seesRoundAsCandidate, StaffedOpportunity } from './access.policy';
import { AccessRepository } from './access.repository';

/** An opportunity as the access checks need it. */
export interface OpportunityRef extends StaffedOpportunity {
  readonly id: string;
}

/**
 * The access rules (access.policy.ts) with the facts that take a lookup loaded set-based: a whole
 * page of records is checked in one query (immich `utils/access.ts` shape: ids in, the allowed subset
 * out). Callers turn a missing id into their feature's "not found".
 */
@Injectable()
export class AccessService {
  constructor(private readonly repo: AccessRepository) {}

  /**
   * Of `opportunities`, the ids the viewer manages: lead supervisor, co-supervisor (invited or
   * accepted; with `acceptedOnly` accepted only), HR of the host organisation, admin.
   */
  async managedOpportunities(
    viewer: AuthUser,
    opportunities: readonly OpportunityRef[],
    opts: { acceptedOnly: boolean },
    em?: EntityManager,
  ): Promise<Set<string>> {
    const managed = new Set(opportunities.filter((o) => managesOpportunity(viewer, o)).map((o) => o.id));
    const rest = opportunities.filter((o) => !managed.has(o.id)).map((o) => o.id);
    // Only supervisors co-supervise: nobody else needs the lookup.
    if (rest.length === 0 || !viewer.roles.includes(UserRole.SUPERVISOR)) return managed;
    for (const id of await this.repo.coSupervisedBy(viewer.id, rest, opts, em)) managed.add(id);
    return managed;
  }

  /** `managedOpportunities` for one opportunity. */
  async managesOpportunity(
    viewer: AuthUser,
    opportunity: OpportunityRef,
    opts: { acceptedOnly: boolean },
    em?: EntityManager,
  ): Promise<boolean> {
    return (await this.managedOpportunities(viewer, [opportunity], opts, em)).has(opportunity.id);
  }

  /** Of `opportunityIds`, those the viewer co-supervises (invited or accepted, or accepted only). */
  coSupervisedBy(
    viewer: AuthUser,
    opportunityIds: readonly string[],
    opts: { acceptedOnly: boolean },
  ): Promise<Set<string>> {
    if (!viewer.roles.includes(UserRole.SUPERVISOR)) return Promise.resolve(new Set());
    return this.repo.coSupervisedBy(viewer.id, opportunityIds, opts);
  }

  /**
   * Of `opportunityIds`, those whose confidential details the viewer reads through a relation
   * (co-supervisor, applicant shortlisted or further); host staff without a lookup read them anyway.
   */
  confidentialReadableBy(viewer: AuthUser, opportunityIds: readonly string[]): Promise<Set<string>> {
    return this.repo.confidentialReadableBy(viewer.id, opportunityIds);
  }

  /**
   * `seesRoundAsCandidate`, with whether the viewer chose in the round looked up only when it decides
   * the answer (a candidate, a round no longer open).
   */
  async seesRoundAsCandidate(viewer: AuthUser, round: { id: string; open: boolean }): Promise<boolean> {
    if (!seesRoundAsCandidate(viewer, round, true)) return false;
    if (seesRoundAsCandidate(viewer, round, false)) return true;
    return seesRoundAsCandidate(viewer, round, await this.repo.choseInRound(viewer.id, round.id));
  }
}
