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
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { packLiveRound, PackedRound, sortedIndexOf } from '../core/rounds/round-packing';
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
  /** The run's candidates' live applications as read (`unchangedSinceLoad`), column-wise. */
  read: {
    /** Sorted. */
    candidateIds: readonly string[];
    opportunityIndex: ReadonlyMap<string, number>;
    applicationStart: Int32Array;
    applicationCode: Int32Array;
  };
}

/** Live but not allocatable: the candidate holds an offer or a seat of the round. */
const SEATED_STATUSES = LIVE_APPLICATION_STATUSES.filter((s) => !ALLOCATABLE_STATUSES.includes(s));

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
    const opportunityIndex = new Map(opportunityIds.map((id, j) => [id, j]));
    // Each candidate's live choices (an allocatable application for it), column-wise; a candidate
    // holding an offer or a seat of this round is out of any further run.
    const live = await this.repo.liveListsOfRound(
      round.id,
      opportunityIds,
      ALLOCATABLE_STATUSES,
      SEATED_STATUSES,
      LIVE_APPLICATION_STATUSES,
      em,
    );
    const { candidateIds, choiceStart, choiceOpportunity } = live;
    const chose = (candidateId: string, opportunityId: string): boolean => {
      const i = sortedIndexOf(candidateIds, candidateId);
      const j = opportunityIndex.get(opportunityId);
      if (i < 0 || j === undefined) return false;
      for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++) if (choiceOpportunity[p] === j) return true;
      return false;
    };
    clock?.mark('load.lists');

    const overrides = await this.repo.overridesOf(round.id, em);
    const excluded = overrides
      .filter((o) => o.kind === RoundOverrideKind.EXCLUDE)
      .map((o) => ({ candidateId: o.candidateId, opportunityId: o.opportunityId }));
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
        if (o.kind !== RoundOverrideKind.PRE_ASSIGN || !chose(o.candidateId, o.opportunityId)) continue;
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
    const unranked = opportunities.filter((o) => !ranked.has(o.id));
    // The applicants of the fit-ordered opportunities (their host has not ranked).
    const fitOrdered = new Uint8Array(opportunityIds.length);
    for (const o of unranked) fitOrdered[opportunityIndex.get(o.id) as number] = 1;
    const applicants: string[] = [];
    for (let i = 0; i < candidateIds.length; i++) {
      for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++) {
        if (fitOrdered[choiceOpportunity[p]]) {
          applicants.push(candidateIds[i]);
          break;
        }
      }
    }
    const fitFacts = await this.fitFacts(unranked, applicants, em, clock);

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

    const packed = packLiveRound(
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
        candidateIds,
        candidateOrganisation: live.organisationIds,
        choiceStart,
        choiceOpportunity,
        hostRankings,
        excluded,
        preAssigned,
        preAssignedReasons,
        supervisorRoom,
      },
      fitFacts,
    );
    clock?.mark('load.pack');
    return {
      round: packed,
      preAssigned,
      read: {
        candidateIds,
        opportunityIndex,
        applicationStart: live.applicationStart,
        applicationCode: live.applicationCode,
      },
    };
  }

  /**
   * Whether these live applications (of candidates of the run, on the round's opportunities, as read
   * when the run is applied) are exactly those the run read for these candidates, in the same
   * statuses: the placements are decided from the applications as the run read them, and a run that
   * would move anything that changed meanwhile is refused.
   */
  unchangedSinceLoad(
    loaded: LoadedRound,
    candidateIds: Iterable<string>,
    applications: readonly RoundApplication[],
  ): boolean {
    const { read } = loaded;
    const now = new Map<string, number[]>();
    for (const a of applications) {
      const j = read.opportunityIndex.get(a.opportunityId);
      const status = LIVE_APPLICATION_STATUSES.indexOf(a.status);
      if (j === undefined || status < 0) return false;
      const codes = now.get(a.candidateId);
      if (codes) codes.push(j * 4 + status);
      else now.set(a.candidateId, [j * 4 + status]);
    }
    for (const c of candidateIds) {
      const i = sortedIndexOf(read.candidateIds, c);
      const codes = (now.get(c) ?? []).sort((x, y) => x - y);
      now.delete(c);
      const from = i < 0 ? 0 : read.applicationStart[i];
      const to = i < 0 ? 0 : read.applicationStart[i + 1];
      if (codes.length !== to - from) return false;
      for (let k = 0; k < codes.length; k++) if (codes[k] !== read.applicationCode[from + k]) return false;
    }
    return now.size === 0;
  }

  /**
   * What the fit of each applicant for the opportunities whose host has not ranked (the default
   * order) needs: the facts of both sides, read here; the scores are computed where the round is
   * solved (`scorePackedFit`, in the solver thread).
   */
  private async fitFacts(
    opportunities: OpportunityEntity[],
    candidateIds: readonly string[],
    em: EntityManager,
    clock?: PhaseClock,
  ): Promise<RoundFitFacts | undefined> {
    if (opportunities.length === 0 || candidateIds.length === 0) return undefined;
    const ids = opportunities.map((o) => o.id);
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
