import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { CareerStage } from '../core/domain/enums';
import { CandidateFitFacts, fitWeightsOf, OpportunityFitFacts } from '../core/fit/fit-inputs';
import { FitWeights } from '../core/fit/fit-score';
import { RoundFitFacts } from '../core/rounds/round-fit';
import { OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { PlacementContext } from '../applications/placement-context';
import { Env } from '../config/env.schema';
import { ProfilesService } from '../profiles/profiles.service';
import { RolesService } from '../roles/roles.service';
import {
  AllocationRoundEntity,
  RoundAlgorithm,
  RoundOptimal,
  RoundOverrideKind,
  RoundRunEntity,
  RoundRunScope,
} from './entities/round.entity';
import { PhaseClock } from './phase-clock';
import { pairKey } from '../core/rounds/round-allocation';
import { packRound, PackedRound } from '../core/rounds/round-packing';
import { ALLOCATABLE_STATUSES, RoundApplication } from '../core/rounds/round-decisions';
import { RoundsRepository } from './rounds.repository';

const DEFAULT_SUPERVISION_CAPACITY = 4;
/** Candidates whose development targets are read per call. */
const TARGETS_BATCH = 5_000;

/** What a run needs from the database, read in its transaction. */
export interface LoadedRound {
  /** The data to solve, packed for the solver (thread). */
  round: PackedRound;
  /** HR's pre-assignments in this run (candidate id → opportunity id). */
  preAssigned: ReadonlyMap<string, string>;
  applications: RoundApplication[];
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}

/**
 * Reads a run's data set-based: one statement per table whatever the size of the round (ids travel
 * as one array parameter; lists come aggregated per candidate), plain rows, no entity per row. What
 * the data means (who takes part, free seats, pre-assignments, fit) is decided here from those rows;
 * the instance is assembled from it by `buildRunInput`.
 */
@Injectable()
export class RoundLoader {
  private readonly fitWeights: FitWeights;

  constructor(
    config: ConfigService<Env, true>,
    private readonly repo: RoundsRepository,
    private readonly context: PlacementContext,
    private readonly profiles: ProfilesService,
    private readonly roles: RolesService,
  ) {
    this.fitWeights = fitWeightsOf((key) => config.get(key, { infer: true }));
  }

  /** The round's data for this run's scope, read in the run's transaction. */
  async load(
    round: AllocationRoundEntity,
    run: RoundRunEntity,
    opportunities: OpportunityEntity[],
    em: EntityManager,
    clock?: PhaseClock,
  ): Promise<LoadedRound> {
    const opportunityIds = opportunities.map((o) => o.id);
    const choiceLists = await this.repo.choiceListsOfRound(round.id, em);
    clock?.mark('load.choices');
    const applications = await this.context.liveApplications(opportunityIds, null, em);
    clock?.mark('load.applications');
    // Per candidate, the opportunities of their allocatable applications (no pair key string per
    // application: millions at national scale).
    const allocatable = new Map<string, Set<string>>();
    // Holding an offer or a seat of this round: out of any further run.
    const seated = new Set<string>();
    for (const a of applications) {
      if (!ALLOCATABLE_STATUSES.includes(a.status)) {
        seated.add(a.candidateId);
        continue;
      }
      const of = allocatable.get(a.candidateId);
      if (of) of.add(a.opportunityId);
      else allocatable.set(a.candidateId, new Set([a.opportunityId]));
    }
    const lists = new Map<string, string[]>();
    for (const [candidateId, chosen] of choiceLists) {
      if (seated.has(candidateId)) continue;
      const of = allocatable.get(candidateId);
      const live = of ? chosen.filter((o) => of.has(o)) : [];
      if (live.length) lists.set(candidateId, live);
    }
    allocatable.clear();
    clock?.mark('load.lists');

    const overrides = await this.repo.overridesOf(round.id, em);
    const excluded = new Set(
      overrides
        .filter((o) => o.kind === RoundOverrideKind.EXCLUDE)
        .map((o) => pairKey(o.candidateId, o.opportunityId)),
    );
    const offers = await this.context.openOffers(opportunityIds, em);
    const freeSeats = new Map(
      opportunities.map((o) => [o.id, o.capacity - o.seatsTaken - (offers.get(o.id) ?? 0)]),
    );
    // Pre-assignments still possible (live choice), oldest first, never beyond the free seats.
    const preAssigned = new Map<string, string>();
    const preAssignedReasons = new Map<string, string>();
    if (run.scope === RoundRunScope.INITIAL) {
      const placed = new Map<string, number>();
      for (const o of overrides) {
        if (o.kind !== RoundOverrideKind.PRE_ASSIGN || !lists.get(o.candidateId)?.includes(o.opportunityId))
          continue;
        const count = placed.get(o.opportunityId) ?? 0;
        if (count >= (freeSeats.get(o.opportunityId) ?? 0)) continue;
        placed.set(o.opportunityId, count + 1);
        preAssigned.set(o.candidateId, o.opportunityId);
        preAssignedReasons.set(o.candidateId, o.reason);
      }
    }

    const ranked = await this.context.rankedOpportunities(opportunityIds, em);
    const hostRankings = new Map<string, string[]>();
    for (const id of ranked) hostRankings.set(id, []);
    for (const row of await this.context.rankings([...ranked], em))
      hostRankings.get(row.opportunityId)?.push(row.candidateId);

    clock?.mark('load.rankings');
    const candidateIds = [...lists.keys()];
    const unranked = opportunities.filter((o) => !ranked.has(o.id));
    const fitFacts = await this.fitFacts(unranked, lists, em, clock);

    const leads = [...new Set(opportunities.map((o) => o.leadSupervisorId))];
    const supervisorRoom = new Map<string, number>();
    if (round.algorithm === RoundAlgorithm.SPA) {
      const capacities = new Map(
        (await this.context.profilesOf(leads, em)).map((p) => [p.userId, p.supervisionCapacity]),
      );
      const loads = await this.context.supervisionLoads(leads, em);
      for (const lead of leads) {
        supervisorRoom.set(
          lead,
          (capacities.get(lead) ?? DEFAULT_SUPERVISION_CAPACITY) - (loads.get(lead) ?? 0),
        );
      }
    }

    const candidateOrganisation = await this.context.organisationsOf(candidateIds, em);
    clock?.mark('load.organisations');
    const packed = packRound(
      {
        problem: round.algorithm === RoundAlgorithm.SPA ? 'SPA-S' : 'HR',
        optimal: round.optimal === RoundOptimal.HOST ? 'host' : 'candidate',
        seed: run.seed,
        opportunities: opportunities.map((o) => ({
          id: o.id,
          hostOrganisationId: o.hostOrganisationId,
          leadSupervisorId: o.leadSupervisorId,
          freeSeats: freeSeats.get(o.id) ?? 0,
        })),
        choices: lists,
        hostRankings,
        fit: new Map(),
        excluded,
        preAssigned,
        preAssignedReasons,
        supervisorRoom,
      },
      candidateOrganisation,
      new Map(opportunities.map((o) => [o.id, o.hostOrganisationId])),
      fitFacts,
    );
    clock?.mark('load.pack');
    return { round: packed, preAssigned, applications };
  }

  /**
   * What the fit of each applicant for the opportunities whose host has not ranked (the default
   * order) needs: the facts of both sides, read here; the scores are computed where the round is
   * solved (`scorePackedFit`, in the solver thread).
   */
  private async fitFacts(
    opportunities: OpportunityEntity[],
    lists: ReadonlyMap<string, readonly string[]>,
    em: EntityManager,
    clock?: PhaseClock,
  ): Promise<RoundFitFacts | undefined> {
    if (opportunities.length === 0) return undefined;
    const ids = opportunities.map((o) => o.id);
    const fitOrdered = new Set(ids);
    const applicants = new Set<string>();
    for (const [candidateId, list] of lists)
      if (list.some((o) => fitOrdered.has(o))) applicants.add(candidateId);
    if (applicants.size === 0) return undefined;
    const candidateIds = [...applicants];
    // HR's eligibility overrides: the candidate counts as eligible for that one opportunity (the
    // reason goes into the run's document where it made the difference).
    const overridden = await this.context.eligibilityOverridePairs(ids, candidateIds, em);
    const requirements = await this.context.requirementsOf(ids, em);
    const developed = await this.context.developedOf(ids, em);
    const profiles = await this.context.fitProfilesOf(candidateIds, em);
    clock?.mark('load.profiles');
    const competenceIds = [...new Set(requirements.map((r) => r.competenceId))];
    const levels = await this.profiles.effectiveLevelsOfMany(candidateIds, competenceIds, em);
    clock?.mark('load.levels');
    const developmentTargets = new Map<string, ReadonlyMap<string, number>>();
    for (let i = 0; i < candidateIds.length; i += TARGETS_BATCH) {
      const batch = await this.roles.developmentTargetsOf(candidateIds.slice(i, i + TARGETS_BATCH));
      for (const [id, value] of batch) developmentTargets.set(id, value);
    }
    clock?.mark('load.targets');
    const requirementsOf = groupBy(requirements, (r) => r.opportunityId);
    const developedOf = groupBy(developed, (d) => d.opportunityId);
    // The one mapping (core/fit/fit-inputs.ts) and the configured weights: the fit a candidate is
    // shown (myFit, recommendations) is the fit that orders the host's list here.
    const candidates = new Map<string, CandidateFitFacts>();
    const none = new Map<string, number>();
    for (const candidateId of candidateIds) {
      const profile = profiles.get(candidateId);
      candidates.set(candidateId, {
        careerStage: (profile?.careerStage ?? null) as CareerStage | null,
        levels: levels.get(candidateId) ?? none,
        languages: profile?.languages ?? [],
        availability: profile?.availability ?? [],
        developmentTargets: developmentTargets.get(candidateId) ?? none,
      });
    }
    const facts = new Map<string, OpportunityFitFacts>();
    for (const o of opportunities) {
      facts.set(o.id, {
        eligibleStages: [...o.eligibleStages],
        requirements: (requirementsOf.get(o.id) ?? []).map((r) => ({
          competenceId: r.competenceId,
          minLevel: r.minLevel,
          weight: r.weight,
          essential: r.essential,
        })),
        develops: (developedOf.get(o.id) ?? []).map((d) => d.competenceId),
        language: o.language,
        startsOn: o.startsOn,
        endsOn: o.endsOn,
      });
    }
    return { weights: this.fitWeights, candidates, opportunities: facts, overridden };
  }
}
