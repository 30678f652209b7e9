import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { ApplicationStatus, AssessmentSource } from '../core/domain/enums';
import { fitWeightsOf, OpportunityFitFacts } from '../core/fit/fit-inputs';
import { FitWeights } from '../core/fit/fit-score';
import { ReadFitFacts } from '../core/rounds/round-fit';
import { pairKey } from '../core/rounds/round-allocation';
import { DecidedApplications } from '../applications/application-transitions';
import { PlacementContext, RequirementFactRow, RoundOpportunityRow } from '../applications/placement-context';
import { Env } from '../config/env.schema';
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
import { ALLOCATABLE_STATUSES } from '../core/rounds/round-decisions';
import { RoundsRepository } from './rounds.repository';
import { inSharedSnapshot } from '../common/database/shared-snapshot';
import { UUID_TEXT_LENGTH } from '../common/database/uuid-bytes';

/** Where an OFFERED application is counted in `LiveLists.statusCounts` (its index among the live statuses). */
const OFFERED_INDEX = LIVE_APPLICATION_STATUSES.indexOf(ApplicationStatus.OFFERED);
if (OFFERED_INDEX < 0) throw new Error('round loader: OFFERED is not a live status');

/** The fit facts of a round's possible applicants as read (`PlacementContext.fitFactsRowsOfChoosers`). */
type FitFactRows = { n: number; ids: string; profiles: string; assessments: string };

const DEFAULT_SUPERVISION_CAPACITY = 4;
/** Candidates whose development targets are read per call. */
const TARGETS_BATCH = 5_000;

/** What a run needs from the database, read in its transaction. */
export interface LoadedRound {
  /** The data to solve, packed for the solver (thread). */
  round: PackedRound;
  /** HR's pre-assignments in this run (candidate id → opportunity id). */
  preAssigned: ReadonlyMap<string, string>;
  /**
   * The run's candidates' live applications on the round's opportunities as read (in the load's
   * snapshot, after the round's opportunities were locked), column-wise (`LiveLists`): the
   * candidates sorted, each candidate's applications by opportunity (their order in the round).
   * A publication decides from them (`decidePlacements`) without reading them again. Nothing that
   * moved since is published: every one of a placed candidate's live applications is decided (an
   * offer or a rejection: a candidate holding an offer or a seat is not in the lists), and
   * `recordDecided` moves a row only from the status it was read in and the caller refuses unless
   * all moved; an application made since would wait on the opportunity's lock (its foreign key)
   * until the run commits.
   */
  read: DecidedApplications;
}

/**
 * Where each of the `n` rows of `text` starts, rows separated by `separator` (its last character found
 * in no row), and at `n` where a row after the last would start: row r is
 * `text.slice(at[r], at[r + 1] - separator.length)`, rows r to q `text.slice(at[r], at[q + 1] - separator.length)`.
 */
function rowOffsets(text: string, n: number, separator: string): Int32Array {
  const at = new Int32Array(n + 1);
  if (n === 0) return at;
  const last = separator[separator.length - 1];
  let from = 0;
  for (let r = 1; r < n; r++) {
    const end = text.indexOf(last, from);
    if (end < 0 || !text.startsWith(separator, end + 1 - separator.length))
      throw new Error('fitFactsRowsOfChoosers: malformed rows');
    from = end + 1;
    at[r] = from;
  }
  if (text.indexOf(last, from) >= 0) throw new Error('fitFactsRowsOfChoosers: malformed rows');
  at[n] = text.length + separator.length;
  return at;
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
 * as one array parameter). What is per candidate comes column-wise, aggregated by PostgreSQL into a
 * few texts parsed into typed arrays (the live lists, the candidates' live applications and
 * organisations: `liveListsOfRound`; the fit facts: `fitFactsColumnsOf`), so that no object per
 * choice, application or candidate is made on the event loop. What the data means (who takes part,
 * free seats, pre-assignments) is decided here; the fit scores and the instance are worked out in
 * the solver thread from the packed round (`expandFitFacts`, `scorePackedFit`, `buildRunInputPacked`).
 */
@Injectable()
export class RoundLoader {
  private readonly fitWeights: FitWeights;

  constructor(
    config: ConfigService<Env, true>,
    private readonly repo: RoundsRepository,
    private readonly context: PlacementContext,
    private readonly roles: RolesService,
  ) {
    this.fitWeights = fitWeightsOf((key) => config.get(key, { infer: true }));
  }

  /** The round's data for this run's scope, read in the run's transaction. */
  async load(
    round: AllocationRoundEntity,
    run: RoundRunEntity,
    opportunities: readonly RoundOpportunityRow[],
    em: EntityManager,
    clock?: PhaseClock,
  ): Promise<LoadedRound> {
    const opportunityIds = opportunities.map((o) => o.id);
    const opportunityIndex = new Map(opportunityIds.map((id, j) => [id, j]));
    // The hosts that ranked (the others' applicants are ordered by fit) and what the fit reads of the
    // opportunities, first: the two whole-round reads below need them.
    const ranked = await this.context.rankedOpportunities(opportunityIds, em);
    const unranked = opportunities.filter((o) => !ranked.has(o.id));
    const unrankedIds = unranked.map((o) => o.id);
    const requirements = unranked.length > 0 ? await this.context.requirementsOf(unrankedIds, em) : [];
    const competenceIds = [...new Set(requirements.map((r) => r.competenceId))];
    const sources: string[] = Object.values(AssessmentSource);
    // Each candidate's live choices (an allocatable application for it), column-wise; a candidate
    // holding an offer or a seat of this round is out of any further run: the round's choices and its
    // live applications, streamed at once on two connections in one snapshot. Beside them, on a third,
    // the fit facts of everyone who chose a fit-ordered opportunity in the round (a superset of the
    // applicants, who are known only from the lists).
    const reads = this.repo.liveListsOfRound(
      round.id,
      opportunityIds,
      ALLOCATABLE_STATUSES,
      LIVE_APPLICATION_STATUSES,
    );
    // Meanwhile, on the run's own connection (idle while the reads stream): what needs no lists,
    // one statement after another (a connection runs one at a time; pg 9 will not queue them). The
    // open offers, which hold seats, come with the live applications (`statusCounts`): counted over
    // the whole table apart, they were 1.3 s of PostgreSQL's work beside the national reads (wave 17).
    const readMeanwhile = async () => {
      const overrides = await this.repo.overridesOf(round.id, em);
      const rankings = await this.context.rankingsByOpportunity([...ranked], em);
      return [overrides, rankings] as const;
    };
    let meanwhile: ReturnType<typeof readMeanwhile> | null = null;
    const startMeanwhile = (): void => {
      meanwhile = readMeanwhile();
      meanwhile.catch(() => undefined); // awaited below; a failure is thrown there
    };
    const [, , factRows] = await inSharedSnapshot(
      em,
      [
        reads.choices,
        reads.applications,
        (side: EntityManager) =>
          this.context.fitFactsRowsOfChoosers(round.id, unrankedIds, competenceIds, sources, side),
      ],
      { onExported: startMeanwhile },
    );
    const live = await reads.lists();
    const { candidateIds, choiceStart, choiceOpportunity } = live;
    const chose = (candidateId: string, opportunityId: string): boolean => {
      const i = sortedIndexOf(candidateIds, candidateId);
      const j = opportunityIndex.get(opportunityId);
      if (i < 0 || j === undefined) return false;
      for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++) if (choiceOpportunity[p] === j) return true;
      return false;
    };
    clock?.mark('load.lists');

    const [overrides, rankings] = await (meanwhile ?? readMeanwhile());
    const excluded = overrides
      .filter((o) => o.kind === RoundOverrideKind.EXCLUDE)
      .map((o) => ({ candidateId: o.candidateId, opportunityId: o.opportunityId }));
    // Free seats: neither taken nor held by an open offer (an offer is never closed, so every one on
    // the round's opportunities is among the live applications read).
    const freeSeats = new Map(
      opportunities.map((o, j) => [
        o.id,
        o.capacity - o.seatsTaken - (live.statusCounts[4 * j + OFFERED_INDEX] ?? 0),
      ]),
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

    const hostRankings = new Map<string, string[]>();
    for (const id of ranked) hostRankings.set(id, rankings.get(id) ?? []);

    clock?.mark('load.rankings');
    // The applicants of the fit-ordered opportunities (their host has not ranked).
    const fitOrdered = new Uint8Array(opportunityIds.length);
    for (const o of unranked) fitOrdered[opportunityIndex.get(o.id) as number] = 1;
    const applicants: number[] = [];
    for (let i = 0; i < candidateIds.length; i++) {
      for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++) {
        if (fitOrdered[choiceOpportunity[p]]) {
          applicants.push(i);
          break;
        }
      }
    }
    const readFitFacts = await this.fitFacts(
      unranked,
      { requirements, competenceIds, sources, rows: factRows },
      opportunityIds,
      candidateIds,
      Int32Array.from(applicants),
      choiceStart,
      choiceOpportunity,
      em,
      clock,
    );

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

    const packed = packLiveRound({
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
    });
    if (readFitFacts) packed.readFitFacts = readFitFacts;
    clock?.mark('load.pack');
    return {
      round: packed,
      preAssigned,
      read: {
        candidateIds,
        opportunityIds,
        start: live.applicationStart,
        code: live.applicationCode,
        statuses: LIVE_APPLICATION_STATUSES,
        ids: live.applicationIds,
      },
    };
  }

  /**
   * The applicants' rows (ascending ids, as the rows) picked from the fit facts read for a superset
   * of them (`fitFactsRowsOfChoosers`), as `fitFactsColumnsOf` gives them: one JSON array of the
   * profiles, the assessments' groups in the applicants' order. An applicant missing from the rows
   * (they were read in another snapshot: a pool too small for a second connection) is read here.
   */
  private async factsOfApplicants(
    rows: FitFactRows,
    applicantIds: readonly string[],
    competenceIds: readonly string[],
    sources: readonly string[],
    em: EntityManager,
  ): Promise<{ profilesJson: string; assessments: string }> {
    if (rows.ids.length !== rows.n * UUID_TEXT_LENGTH)
      throw new Error('fitFactsRowsOfChoosers: malformed rows');
    // Where each row starts in the two texts (no string per row): the applicants' rows are then cut out
    // as runs of consecutive rows, one slice per run (usually a few: the superset is about the
    // applicants). The profiles are separated by ',\n', so that a run of them is part of a JSON array.
    const profileAt = rowOffsets(rows.profiles, rows.n, ',\n');
    const groupAt = rowOffsets(rows.assessments, rows.n, ';');
    const profileParts: string[] = [];
    const groupParts: string[] = [];
    const missing: number[] = [];
    let runFrom = -1;
    let runTo = -1;
    const flush = (): void => {
      if (runFrom < 0) return;
      profileParts.push(rows.profiles.slice(profileAt[runFrom], profileAt[runTo + 1] - 2));
      groupParts.push(rows.assessments.slice(groupAt[runFrom], groupAt[runTo + 1] - 1));
      runFrom = -1;
    };
    let r = 0;
    for (let k = 0; k < applicantIds.length; k++) {
      const id = applicantIds[k];
      while (r < rows.n && rows.ids.slice(r * UUID_TEXT_LENGTH, (r + 1) * UUID_TEXT_LENGTH) < id) r++;
      if (r < rows.n && rows.ids.startsWith(id, r * UUID_TEXT_LENGTH)) {
        if (runFrom >= 0 && r === runTo + 1) runTo = r;
        else {
          flush();
          runFrom = r;
          runTo = r;
        }
      } else {
        flush();
        missing.push(k);
        // A placeholder for the applicant read below, in its place.
        profileParts.push('');
        groupParts.push('');
      }
    }
    flush();
    if (missing.length > 0) {
      const more = await this.context.fitFactsColumnsOf(
        missing.map((k) => applicantIds[k]),
        competenceIds,
        sources,
        em,
      );
      const moreProfiles = JSON.parse(more.profilesJson) as unknown[];
      const moreGroups = more.assessments.split(';');
      // The placeholders are the parts that are empty strings, in the order of `missing` (a run's
      // slice is never empty: it holds at least 'null').
      let m = 0;
      for (let q = 0; q < profileParts.length; q++) {
        if (profileParts[q] !== '') continue;
        profileParts[q] = JSON.stringify(moreProfiles[m]);
        groupParts[q] = moreGroups[m] ?? '';
        m++;
      }
    }
    return { profilesJson: `[${profileParts.join(',')}]`, assessments: groupParts.join(';') };
  }

  /**
   * What the fit of each applicant for the opportunities whose host has not ranked (the default
   * order) needs: the facts of both sides, read here column-wise (profiles as one JSON text,
   * assessments as one text of numbers); the effective levels and the scores are worked out where
   * the round is solved (`expandFitFacts`, `scorePackedFit`, in the solver thread).
   */
  private async fitFacts(
    opportunities: readonly RoundOpportunityRow[],
    read: {
      requirements: RequirementFactRow[];
      competenceIds: string[];
      sources: string[];
      rows: FitFactRows;
    },
    opportunityIds: readonly string[],
    candidateIds: readonly string[],
    applicants: Int32Array,
    choiceStart: Int32Array,
    choiceOpportunity: Int32Array,
    em: EntityManager,
    clock?: PhaseClock,
  ): Promise<ReadFitFacts | undefined> {
    if (opportunities.length === 0 || applicants.length === 0) return undefined;
    const ids = opportunities.map((o) => o.id);
    const applicantIds = Array.from(applicants, (i) => candidateIds[i]);
    // Who holds a target role at all (one statement on a connection of the roles feature's own,
    // outside the run's transaction), asked at once: it runs while the run's connection reads the
    // overrides and the developed competences below.
    const withTargetsRead = this.roles.peopleWithTargetRoles(applicantIds);
    withTargetsRead.catch(() => undefined); // awaited below; a failure is thrown there
    // HR's eligibility overrides: the candidate counts as eligible for that one opportunity (the
    // reason goes into the run's document where it made the difference).
    // Every candidate's (a few rows; only the applicants' choices are looked up below).
    const overridden = await this.context.eligibilityOverridePairs(ids, null, em);
    const overridePairs: number[] = [];
    const overrideReasons: string[] = [];
    if (overridden.size > 0) {
      for (const i of applicants) {
        for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++) {
          const reason = overridden.get(pairKey(candidateIds[i], opportunityIds[choiceOpportunity[p]]));
          if (reason !== undefined) {
            overridePairs.push(p);
            overrideReasons.push(reason);
          }
        }
      }
    }
    const { requirements, sources } = read;
    const competenceIds = [...read.competenceIds];
    const developed = await this.context.developedOf(ids, em);
    const { profilesJson, assessments } = await this.factsOfApplicants(
      read.rows,
      applicantIds,
      competenceIds,
      sources,
      em,
    );
    clock?.mark('load.profiles');
    // Development targets (few people have a target role): competences beyond the requirements'
    // join the list.
    const competenceIndex = new Map(competenceIds.map((id, k) => [id, k]));
    // Only the targets of those who hold a target role are read (in batches).
    const withTargets = await withTargetsRead;
    const targets = new Map<string, Map<string, number>>();
    for (let r = 0; r < withTargets.length; r += TARGETS_BATCH) {
      const batch = await this.roles.developmentTargetsOf(withTargets.slice(r, r + TARGETS_BATCH));
      for (const [personId, gaps] of batch) if (gaps.size > 0) targets.set(personId, gaps);
    }
    const targetStart = new Int32Array(applicantIds.length + 1);
    const targetCompetence: number[] = [];
    const targetValue: number[] = [];
    for (let k = 0; k < applicantIds.length; k++) {
      targetStart[k] = targetCompetence.length;
      for (const [competenceId, gap] of targets.get(applicantIds[k]) ?? []) {
        let c = competenceIndex.get(competenceId);
        if (c === undefined) {
          c = competenceIds.length;
          competenceIds.push(competenceId);
          competenceIndex.set(competenceId, c);
        }
        targetCompetence.push(c);
        targetValue.push(gap);
      }
    }
    targetStart[applicantIds.length] = targetCompetence.length;
    clock?.mark('load.targets');
    const requirementsOf = groupBy(requirements, (r) => r.opportunityId);
    const developedOf = groupBy(developed, (d) => d.opportunityId);
    // The one mapping (core/fit/fit-inputs.ts) and the configured weights: the fit a candidate is
    // shown (myFit, recommendations) is the fit that orders the host's list here.
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
    return {
      weights: { ...this.fitWeights },
      opportunities: opportunityIds.map((id) => facts.get(id) ?? null),
      candidates: applicants,
      profilesJson,
      competenceIds,
      sources,
      assessments,
      targetStart,
      targetCompetence: Int32Array.from(targetCompetence),
      targetValue: Float64Array.from(targetValue),
      overridePairs: Int32Array.from(overridePairs),
      overrideReasons,
    };
  }
}
