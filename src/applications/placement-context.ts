import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RoundApplication } from '../core/rounds/round-decisions';
import { OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { ProfileEntity } from '../profiles/entities/profile.entity';
import {
  ApplicationContextRepository,
  DevelopedRow,
  FitProfileRow,
  RankingRow,
  RequirementFactRow,
  RoundOpportunityRow,
} from './application-context.repository';
import { EligibilityOverridesRepository } from './eligibility-overrides.repository';
import { EligibilityOverrideEntity } from './entities/eligibility-override.entity';

export type {
  DevelopedRow,
  FitProfileRow,
  RankingRow,
  RequirementFactRow,
  RoundOpportunityRow,
} from './application-context.repository';

/**
 * The applications feature's read service for the features that place candidates (allocation
 * rounds): its applications, rankings and offers, and the context around a placement it reads
 * anyway (opportunities, co-supervisors, profiles, organisations), set-based and in the caller's
 * transaction. Its repository stays inside the feature; this is the one way across.
 */
@Injectable()
export class PlacementContext {
  constructor(
    private readonly context: ApplicationContextRepository,
    private readonly overrides: EligibilityOverridesRepository,
  ) {}

  /**
   * HR's eligibility overrides of these candidates for these opportunities (docs/lifecycle.md): the
   * candidate counts as eligible there (applying, the fit shown, being chosen in a round).
   */
  eligibilityOverrides(
    candidateIds: readonly string[],
    opportunityIds: readonly string[],
    em?: EntityManager,
  ): Promise<EligibilityOverrideEntity[]> {
    return this.overrides.findOf(candidateIds, opportunityIds, em);
  }

  findOpportunities(ids: readonly string[], em?: EntityManager): Promise<OpportunityEntity[]> {
    return this.context.findOpportunities(ids, em);
  }

  /** Locked FOR UPDATE in id order (no deadlocks with other lockers): seats cannot move until commit. */
  lockOpportunities(ids: readonly string[], em: EntityManager): Promise<OpportunityEntity[]> {
    return this.context.lockOpportunities(ids, em);
  }

  /**
   * What an allocation run reads of its opportunities, in id order, as plain rows; `lock`: locked
   * FOR UPDATE in id order, as `lockOpportunities`.
   */
  roundOpportunities(
    ids: readonly string[],
    lock: boolean,
    em: EntityManager,
  ): Promise<RoundOpportunityRow[]> {
    return this.context.roundOpportunities(ids, lock, em);
  }

  /** `lockOpportunities` without reading the rows back. */
  lockOpportunityIds(ids: readonly string[], em: EntityManager): Promise<void> {
    return this.context.lockOpportunityIds(ids, em);
  }

  /** Co-supervisors who accepted, per opportunity id (every id present). */
  acceptedCoSupervisors(
    opportunityIds: readonly string[],
    em?: EntityManager,
  ): Promise<Map<string, string[]>> {
    return this.context.acceptedCoSupervisors(opportunityIds, em);
  }

  /** User id → organisation id. */
  organisationsOf(userIds: readonly string[], em?: EntityManager): Promise<Map<string, string>> {
    return this.context.organisationsOf(userIds, em);
  }

  /** Live applications of these candidates (all candidates when null) for these opportunities. */
  liveApplications(
    opportunityIds: readonly string[],
    candidateIds: readonly string[] | null,
    em?: EntityManager,
  ): Promise<RoundApplication[]> {
    return this.context.liveApplications(opportunityIds, candidateIds, em);
  }

  /** The hosts' rankings of these opportunities, rank 1 first (live applications only). */
  rankings(opportunityIds: readonly string[], em: EntityManager): Promise<RankingRow[]> {
    return this.context.rankings(opportunityIds, em);
  }

  /** The same per opportunity id, candidate ids rank 1 first (column-wise: no row object per entry). */
  rankingsByOpportunity(
    opportunityIds: readonly string[],
    em: EntityManager,
  ): Promise<Map<string, string[]>> {
    return this.context.rankingsByOpportunity(opportunityIds, em);
  }

  /** Opportunities that have a ranking row at all. */
  rankedOpportunities(opportunityIds: readonly string[], em: EntityManager): Promise<Set<string>> {
    return this.context.rankedOpportunities(opportunityIds, em);
  }

  /** Supervisor id → students they supervise now (OFFERED or ACCEPTED on co-supervised projects they lead). */
  supervisionLoads(supervisorIds: readonly string[], em: EntityManager): Promise<Map<string, number>> {
    return this.context.supervisionLoads(supervisorIds, em);
  }

  profilesOf(userIds: readonly string[], em: EntityManager): Promise<ProfileEntity[]> {
    return this.context.profilesOf(userIds, em);
  }

  /** What the fit score needs of these people's profiles, by user id. */
  fitProfilesOf(userIds: readonly string[], em: EntityManager): Promise<Map<string, FitProfileRow>> {
    return this.context.fitProfilesOf(userIds, em);
  }

  /** The fit facts of these people column-wise, in their order (profiles as JSON, assessments as numbers). */
  fitFactsColumnsOf(
    userIds: readonly string[],
    competenceIds: readonly string[],
    sources: readonly string[],
    em: EntityManager,
  ): Promise<{ profilesJson: string; assessments: string }> {
    return this.context.fitFactsColumnsOf(userIds, competenceIds, sources, em);
  }

  /** `ApplicationContextRepository.fitFactsRowsOfChoosers`. */
  fitFactsRowsOfChoosers(
    roundId: string,
    opportunityIds: readonly string[],
    competenceIds: readonly string[],
    sources: readonly string[],
    em: EntityManager,
  ): Promise<{ n: number; ids: string; profiles: string; assessments: string }> {
    return this.context.fitFactsRowsOfChoosers(roundId, opportunityIds, competenceIds, sources, em);
  }

  /** What the fit score reads of these opportunities' requirements, in competence order. */
  requirementsOf(opportunityIds: readonly string[], em: EntityManager): Promise<RequirementFactRow[]> {
    return this.context.requirementRowsOf(opportunityIds, em);
  }

  /** The competences these opportunities develop, in competence order. */
  developedOf(opportunityIds: readonly string[], em: EntityManager): Promise<DevelopedRow[]> {
    return this.context.developedRowsOf(opportunityIds, em);
  }

  /**
   * The (candidate, opportunity) pairs HR let apply although not eligible, as
   * `${candidateId}|${opportunityId}`, to HR's reason: a round counts them eligible for that
   * opportunity and records the reason in its run's document.
   */
  eligibilityOverridePairs(
    opportunityIds: readonly string[],
    candidateIds: readonly string[] | null,
    em: EntityManager,
  ): Promise<Map<string, string>> {
    return this.context.eligibilityOverridePairs(opportunityIds, candidateIds, em);
  }
}
