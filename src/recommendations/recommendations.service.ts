import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { nextTurn } from '../common/next-turn';
import { Env } from '../config/env.schema';
import { fitCandidateOf, fitOpportunityOf, fitWeightsOf } from '../core/fit/fit-inputs';
import {
  computeFit,
  withEligibilityOverride,
  FitCandidate,
  FitOpportunity,
  FitResult,
  FitWeights,
} from '../core/fit/fit-score';
import {
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from '../opportunities/entities/opportunity.entity';
import { CompetencesService } from '../competences/competences.service';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import { fitFactsOf } from './fit-facts';
import { MarkOpportunityArgs, RecommendedOpportunitiesArgs } from './dto/recommendation.inputs';
import { OpportunityMarkEntity, OpportunityMarkKind } from './entities/opportunity-mark.entity';
import { RecommendationModel } from './models/recommendation.model';
import { PreparedRow } from './fit-ranking';
import { OpenRowsIndex } from './open-rows-index';
import { CHANGE_FEEDS_RELOAD_AFTER_MS } from './recommendations.retention';
import {
  CandidateFactRows,
  FactOverride,
  OpenOpportunityFilter,
  RecommendationsRepository,
  ScoringRow,
} from './recommendations.repository';

const MAX_BOOKMARKS = 200;
/**
 * How long the candidate-independent rows of recommendations are reused (per instance) before a
 * background read brings them up to date (reading only what changed since). A new opportunity or an
 * edit of its requirements shows in recommendations within about half a minute; closing one or its
 * deadline passing shows at once (each request filters the deadline and confirms its winners in SQL).
 */
const OPEN_SNAPSHOT_TTL_MS = 30_000;
/** Older rows are not used while they are brought up to date: the request waits for it. */
const OPEN_SNAPSHOT_MAX_AGE_MS = 300_000;
/**
 * Filter combinations kept at once; the one read longest ago goes first. The unfiltered rows take
 * about 35 MB per 20,000 opportunities (bench); filtered ones are subsets.
 */
const MAX_OPEN_SNAPSHOTS = 8;
/** Rows turned into the core's input between two turns of the event loop when a snapshot is read. */
const PREPARE_SLICE = 2_000;

/** The candidate-independent rows of a filter, indexed, and the names of the competences they require. */
export interface OpenRows {
  index: OpenRowsIndex;
  names: ReadonlyMap<string, string>;
  /** The competences the rows require (whose names `names` holds); may hold some no row requires now. */
  competenceIds: readonly string[];
  /** The database snapshot the rows are as of (pg_snapshot): the next read asks what changed since. */
  snapshot: string;
  /** The earliest application deadline of the rows in force, in ms (Infinity without rows). */
  earliestDeadline: number;
}

interface OpenSnapshot {
  readAt: number;
  index: Promise<OpenRows>;
  refreshing: boolean;
}

/** The signed-in person as recommendations see them: the core's input, what is left out, HR's overrides. */
interface Candidate {
  fit: FitCandidate;
  facts: CandidateFactRows;
  /** HR's eligibility overrides by opportunity id. */
  overrides: Map<string, FactOverride>;
}

/**
 * Explained recommendations of opportunities for a candidate (candidates for an opportunity are
 * MatchingCandidatesService's), scored by the pure core (core/fit/fit-score.ts computeFit,
 * rankByFit) with the configured weights (FIT_WEIGHT_*); effective levels come from the profiles
 * feature (core rule).
 *
 * The DEVELOPMENT part: the candidate's development targets are the merged gap sizes of their target
 * roles (core developmentTargets, as RolesService.developmentTargetsOf); an opportunity scores the
 * share of those gap levels it develops. Without target roles it stays 0.
 *
 * HR's eligibility overrides (grantEligibilityOverride) count as on the apply path: the candidate is
 * eligible for that opportunity (core withEligibilityOverride), and the answer names the override.
 *
 * Stored facts become the core's plain data through core/fit/fit-inputs.ts, the one mapping that
 * rounds use too (end dates inclusive; an unknown career stage is eligible only where every stage is).
 */
@Injectable()
export class RecommendationsService {
  private readonly weights: FitWeights;
  private readonly openSnapshots = new Map<string, OpenSnapshot>();

  constructor(
    private readonly repo: RecommendationsRepository,
    private readonly opportunities: OpportunityReadsService,
    private readonly competences: CompetencesService,
    private readonly tx: TransactionRunner,
    config: ConfigService<Env, true>,
  ) {
    this.weights = fitWeightsOf((key) => config.get(key, { infer: true }));
  }

  /**
   * The signed-in user's top `first` opportunities:
   * 1. The candidate-independent part comes from SQL (OPEN, before the deadline, kind, host and
   *    competence filters; only the scoring columns and the requirements), shared by every request
   *    and indexed once (fit-ranking.ts): see `openOpportunities`.
   * 2. The candidate's part is one statement (`candidateOf`): restriction, profile, effective levels,
   *    development targets, marks, live applications and HR's overrides.
   * 3. In memory (fit-ranking.ts): the stage and the essential requirements rule out (unless
   *    includeIneligible, or HR's override for that opportunity), then the best `first` by the core's
   *    fit score, visiting opportunities in the order of an upper bound that is usually the score
   *    itself, so only about `first` of 50,000 are scored (and explained, with competence names).
   * 4. The winners are checked against the database (still OPEN before the deadline); the resolver
   *    loads the full opportunities of those only.
   */
  async recommendedOpportunities(
    viewer: AuthUser,
    args: RecommendedOpportunitiesArgs,
  ): Promise<RecommendationModel[]> {
    const now = new Date();
    const [me, open] = await Promise.all([
      this.candidateOf(viewer),
      this.openOpportunities(args.filter ?? {}, now),
    ]);
    // A person whose processing is restricted gets no recommendations until it is lifted.
    if (me.facts.restricted) return [];
    const { marks, applied } = me.facts;
    const dropped = new Set<string>();
    for (;;) {
      const top = open.index.top(
        {
          candidate: me.fit,
          stage: me.facts.careerStage,
          weights: this.weights,
          now,
          onlyEligible: !args.includeIneligible,
          first: args.first,
          exempt: new Set(me.overrides.keys()),
        },
        (row) =>
          marks.get(row.id) === OpportunityMarkKind.NOT_INTERESTED ||
          applied.has(row.id) ||
          dropped.has(row.id),
        (row) => {
          const fit = this.explain(me, row.id, row.fit, open.names);
          return fit.eligible || args.includeIneligible ? fit : null;
        },
      );
      // The candidate-independent rows may be a few seconds old: confirm the winners.
      const stillOpen = await this.repo.findStillOpen(
        top.map((t) => t.row.id),
        now,
      );
      const gone = top.filter((t) => !stillOpen.has(t.row.id));
      if (gone.length > 0) {
        gone.forEach((t) => dropped.add(t.row.id));
        continue;
      }
      return top.map(({ row, fit }) => ({
        opportunityId: row.id,
        mark: marks.get(row.id) ?? null,
        ...fit,
        eligibilityOverride: me.overrides.get(row.id) ?? null,
      }));
    }
  }

  /**
   * The candidate-independent rows for a filter, shared by every request (they do not depend on who
   * asks): read once in full, then kept up to date by reading only the opportunities that changed
   * since (`readOpen`). Concurrent requests share one read; once the rows are OPEN_SNAPSHOT_TTL_MS old
   * the next request starts an update in the background and goes on with the old rows meanwhile (up to
   * OPEN_SNAPSHOT_MAX_AGE_MS, after which it waits for the update). Each request still drops what
   * passed its deadline and confirms its winners in SQL.
   */
  private openOpportunities(filter: OpenOpportunityFilter, now: Date): Promise<OpenRows> {
    const key = JSON.stringify([
      filter.kind ?? null,
      filter.hostOrganisationId ?? null,
      filter.competenceId ?? null,
    ]);
    const current = this.openSnapshots.get(key);
    const age = current ? now.getTime() - current.readAt : Infinity;
    if (current && age < OPEN_SNAPSHOT_TTL_MS) return current.index;
    if (current && age < OPEN_SNAPSHOT_MAX_AGE_MS) {
      if (!current.refreshing) {
        current.refreshing = true;
        const index = this.updateOpen(filter, now, current.index);
        index.then(
          () => this.keepSnapshot(key, { readAt: now.getTime(), index, refreshing: false }),
          () => (current.refreshing = false),
        );
      }
      return current.index;
    }
    // Rows read longer ago than the change markers are surely kept are read in full again.
    const index =
      current && age < CHANGE_FEEDS_RELOAD_AFTER_MS
        ? this.updateOpen(filter, now, current.index)
        : this.readOpen(filter, now);
    this.keepSnapshot(key, { readAt: now.getTime(), index, refreshing: false });
    index.catch(() => {
      if (this.openSnapshots.get(key)?.index === index) this.openSnapshots.delete(key);
    });
    return index;
  }

  /** `previous` brought up to date (readOpen); a full read when that fails. */
  private async updateOpen(
    filter: OpenOpportunityFilter,
    now: Date,
    previous: Promise<OpenRows>,
  ): Promise<OpenRows> {
    try {
      return await this.readOpen(filter, now, await previous);
    } catch {
      return this.readOpen(filter, now);
    }
  }

  /**
   * The rows of a filter, indexed, with the names of the competences they require. Without `previous`
   * one full read. With it, only the opportunities that changed since `previous` was read (the
   * database keeps a change marker per opportunity, moved by triggers on opportunities, their
   * requirements and developed competences): each changed row replaces its old one or, when it no
   * longer passes the filter (closed, deleted, past its deadline), drops it; rows whose deadline
   * passed drop too. Only the changed rows are indexed again (OpenRowsIndex), until more than
   * `rebuildAfter` rows changed since the last full index (default: a sixteenth of the rows, at least
   * 1,000), when all are indexed as one again. The rows in force and every ranking are those of a full
   * read at `now`; with nothing changed and nothing expired, `previous`'s index is kept as it is.
   */
  async readOpen(
    filter: OpenOpportunityFilter,
    now: Date,
    previous?: OpenRows,
    rebuildAfter?: number,
  ): Promise<OpenRows> {
    const scope = {
      kind: filter.kind,
      hostOrganisationId: filter.hostOrganisationId,
      competenceId: filter.competenceId,
    };
    if (!previous) {
      const read = await this.repo.findOpenScoringRows(scope, now);
      const rows = await prepareRows(read.rows);
      return this.openRowsOf(await OpenRowsIndex.build(rows, nextTurn), competenceIdsOf(rows), read.snapshot);
    }
    const changes = await this.repo.findOpenScoringChanges(scope, now, previous.snapshot);
    if (
      changes.changed.length === 0 &&
      changes.gone.length === 0 &&
      previous.earliestDeadline > now.getTime()
    ) {
      // Names may have changed (a competence renamed): read them again, as a full read would.
      const names = await this.competenceNames(previous.competenceIds);
      return { ...previous, names, snapshot: changes.snapshot };
    }
    const changed = await prepareRows(changes.changed);
    const limit = rebuildAfter ?? Math.max(1_000, Math.floor(previous.index.size / 16));
    const index = await previous.index.update(changed, changes.gone, now, limit, nextTurn);
    const competenceIds = [...new Set([...previous.competenceIds, ...competenceIdsOf(changed)])];
    return this.openRowsOf(index, competenceIds, changes.snapshot);
  }

  private async openRowsOf(
    index: OpenRowsIndex,
    competenceIds: string[],
    snapshot: string,
  ): Promise<OpenRows> {
    const names = await this.competenceNames(competenceIds);
    return { index, names, competenceIds, snapshot, earliestDeadline: index.earliestDeadline() };
  }

  /** Keeps the MAX_OPEN_SNAPSHOTS filter combinations read most recently. */
  private keepSnapshot(key: string, snapshot: OpenSnapshot): void {
    this.openSnapshots.delete(key);
    this.openSnapshots.set(key, snapshot);
    if (this.openSnapshots.size > MAX_OPEN_SNAPSHOTS) {
      const oldest = this.openSnapshots.keys().next().value;
      if (oldest !== undefined) this.openSnapshots.delete(oldest);
    }
  }

  /**
   * Your fit with one opportunity you may see, in any state (the detail page): the same score,
   * parts, missing requirements and reasons as `recommendedOpportunities` gives, also when you
   * applied or are not eligible.
   */
  async myFit(viewer: AuthUser, opportunityId: string): Promise<RecommendationModel> {
    const opportunity = await this.opportunities.get(viewer, opportunityId);
    const [me, requirements, developed] = await Promise.all([
      this.candidateOf(viewer),
      this.opportunities.requirementsOf([opportunity.id]),
      this.opportunities.developedCompetencesOf([opportunity.id]),
    ]);
    const names = await this.competenceNames(requirements.map((r) => r.competenceId));
    const fit = this.explain(
      me,
      opportunity.id,
      entityFitOpportunity(opportunity, requirements, developed),
      names,
    );
    return {
      opportunityId: opportunity.id,
      mark: me.facts.marks.get(opportunity.id) ?? null,
      ...fit,
      eligibilityOverride: me.overrides.get(opportunity.id) ?? null,
    };
  }

  /**
   * The signed-in person's facts in one statement, as the core reads them: effective levels by the
   * core's rule (effectiveLevelValues), development targets from their target roles (core
   * developmentTargets), through the one mapping (fitCandidateOf).
   */
  private async candidateOf(viewer: AuthUser): Promise<Candidate> {
    const facts = await this.repo.findCandidateFacts(viewer.id);
    const fitFacts = fitFactsOf(facts);
    return {
      fit: fitCandidateOf(fitFacts),
      facts,
      overrides: new Map(facts.overrides.map((o) => [o.opportunityId, o])),
    };
  }

  // ---- marks ---------------------------------------------------------------------------------------

  /** Bookmark or "not interested"; one mark per opportunity, a new one replaces the old. */
  async mark(viewer: AuthUser, args: MarkOpportunityArgs): Promise<OpportunityMarkEntity> {
    await this.opportunities.get(viewer, args.opportunityId);
    return this.tx.run((em) => this.repo.putMark(viewer.id, args.opportunityId, args.mark, em));
  }

  /** Removes the viewer's mark; false when there was none. */
  unmark(viewer: AuthUser, opportunityId: string): Promise<boolean> {
    return this.tx.run((em) => this.repo.deleteMark(viewer.id, opportunityId, em));
  }

  /**
   * The viewer's bookmarks, newest first. A bookmark stays listed after its opportunity closes (its
   * status says so); the opportunity's own field resolvers still guard confidential fields.
   */
  myBookmarks(viewer: AuthUser): Promise<OpportunityMarkEntity[]> {
    return this.repo.findMarksOf(viewer.id, OpportunityMarkKind.BOOKMARK, MAX_BOOKMARKS);
  }

  // ---- scoring -------------------------------------------------------------------------------------

  /**
   * computeFit with the configured weights (an unknown stage is the core's rule); HR's eligibility
   * override for this opportunity makes it eligible (core withEligibilityOverride), as on the apply path.
   */
  private explain(
    me: Candidate,
    opportunityId: string,
    opportunity: FitOpportunity,
    competenceNames: ReadonlyMap<string, string>,
  ): FitResult {
    const fit = computeFit(me.fit, opportunity, { weights: this.weights, competenceNames });
    return me.overrides.has(opportunityId) ? withEligibilityOverride(fit) : fit;
  }

  private async competenceNames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const competences = await this.competences.findByIds(unique);
    return new Map(competences.map((c) => [c.id, c.name]));
  }
}

/**
 * The core's input of scoring rows, sorted by id; 50,000 rows take a few hundred ms, so in slices
 * with a turn of the event loop between them (requests go on meanwhile).
 */
async function prepareRows(found: readonly ScoringRow[]): Promise<PreparedRow[]> {
  const rows: PreparedRow[] = [];
  for (let i = 0; i < found.length; i += PREPARE_SLICE) {
    if (i > 0) await nextTurn();
    for (const row of found.slice(i, i + PREPARE_SLICE)) {
      rows.push({ id: row.id, applicationDeadline: row.applicationDeadline, fit: toFitOpportunity(row) });
    }
  }
  return rows.sort(byId);
}

const byId = (x: { id: string }, y: { id: string }): number => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** The competences the rows require. */
function competenceIdsOf(rows: readonly PreparedRow[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) for (const r of row.fit.requirements) ids.add(r.competenceId);
  return [...ids];
}

// ---- mapping to the core's plain data (core/fit/fit-inputs.ts, the one mapping) ----------------------

function toFitOpportunity(row: ScoringRow): FitOpportunity {
  return fitOpportunityOf({
    eligibleStages: row.eligibleStages,
    requirements: row.requirements.map(([competenceId, minLevel, weight, essential]) => ({
      competenceId,
      minLevel,
      weight,
      essential,
    })),
    develops: row.develops ?? [],
    language: row.language,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
  });
}

/** The fit score's view of an opportunity read as an entity (the same mapping as toFitOpportunity). */
function entityFitOpportunity(
  opportunity: Pick<OpportunityEntity, 'eligibleStages' | 'language' | 'startsOn' | 'endsOn'>,
  requirements: readonly Pick<
    OpportunityRequirementEntity,
    'competenceId' | 'minLevel' | 'weight' | 'essential'
  >[],
  developed: readonly Pick<OpportunityDevelopedCompetenceEntity, 'competenceId'>[],
): FitOpportunity {
  return fitOpportunityOf({
    eligibleStages: opportunity.eligibleStages,
    requirements,
    develops: developed.map((d) => d.competenceId),
    language: opportunity.language,
    startsOn: opportunity.startsOn,
    endsOn: opportunity.endsOn,
  });
}
