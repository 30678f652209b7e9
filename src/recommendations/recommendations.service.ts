import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuthUser, hasRole } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { Env } from '../config/env.schema';
import { CareerStage, ProficiencyLevel, UserRole } from '../core/domain/enums';
import {
  computeFit,
  FIT_PART_KEYS,
  FitCandidate,
  FitOpportunity,
  FitRequirement,
  FitResult,
  FitWeights,
  LANGUAGE_LEVELS,
  LanguageLevel,
  LanguageSkill,
  rankByFit,
  speaksLanguage,
  TimeWindow,
  UNKNOWN_AVAILABILITY_VALUE,
} from '../core/fit/fit-score';
import { opportunityNotFound } from '../opportunities/opportunities.errors';
import { OpportunitiesRepository } from '../opportunities/opportunities.repository';
import { OpportunitiesService } from '../opportunities/opportunities.service';
import { AvailabilityWindow, ProfileLanguage } from '../profiles/entities/profile.entity';
import { ProfilesService } from '../profiles/profiles.service';
import {
  MarkOpportunityArgs,
  MatchingCandidatesArgs,
  RecommendedOpportunitiesArgs,
} from './dto/recommendation.inputs';
import { OpportunityMarkEntity, OpportunityMarkKind } from './entities/opportunity-mark.entity';
import { CandidateMatchModel, RecommendationModel } from './models/recommendation.model';
import { FitBoundInputs, RecommendationsRepository, ScoringRow } from './recommendations.repository';

/** Most findable (non-applicant) people scored per matchingCandidates call; applicants always all. */
const FINDABLE_POOL_LIMIT = 500;
const MAX_BOOKMARKS = 200;
const DAY_MS = 86_400_000;

/** A profile as the fit score reads it. */
interface CandidateFacts {
  careerStage: CareerStage | null;
  languages: readonly ProfileLanguage[];
  availability: readonly AvailabilityWindow[];
  levels: ReadonlyMap<string, number>;
}

/**
 * Explained recommendations, both ways: opportunities for a candidate and candidates for an
 * opportunity, scored by the pure core (core/fit/fit-score.ts computeFit, rankByFit) with the
 * configured weights (FIT_WEIGHT_*); effective levels come from the profiles feature (core rule).
 *
 * The DEVELOPMENT part stays 0 for now: it needs the candidate's target roles, a later feature, so
 * every candidate gets an empty developmentTargets map.
 *
 * Unknown career stage (none saved): only opportunities open to every stage are eligible; the core
 * needs a stage, so the stage check is decided here and the core scores without the stage list.
 */
@Injectable()
export class RecommendationsService {
  private readonly weights: FitWeights;

  constructor(
    private readonly repo: RecommendationsRepository,
    private readonly opportunities: OpportunitiesService,
    private readonly opportunityRows: OpportunitiesRepository,
    private readonly profiles: ProfilesService,
    private readonly tx: TransactionRunner,
    config: ConfigService<Env, true>,
  ) {
    this.weights = {
      ESSENTIAL: config.get('FIT_WEIGHT_ESSENTIAL', { infer: true }),
      OPTIONAL: config.get('FIT_WEIGHT_OPTIONAL', { infer: true }),
      DEVELOPMENT: config.get('FIT_WEIGHT_DEVELOPMENT', { infer: true }),
      AVAILABILITY: config.get('FIT_WEIGHT_AVAILABILITY', { infer: true }),
      LANGUAGE: config.get('FIT_WEIGHT_LANGUAGE', { infer: true }),
    };
    if (FIT_PART_KEYS.every((key) => this.weights[key] === 0)) {
      throw new Error('Invalid configuration: at least one FIT_WEIGHT_* must be positive');
    }
  }

  /**
   * The signed-in user's top `first` opportunities, in three steps:
   * 1. SQL filters what the candidate may be recommended (see findBoundedOpportunities) and gives
   *    each an upper bound of the fit score, without reading requirements out.
   * 2. In bound order (ties by id), batches of opportunities are read with their requirements and
   *    scored by the core, until no opportunity left can beat the `first`-th best (its bound is
   *    lower, or equal with a larger id): few of 20,000 are ever scored.
   * 3. Only the best `first` are explained with competence names; the resolver loads their full
   *    opportunities through the opportunities feature's loaders.
   * Should a bound ever be below a score the core computes, pruning stops and every opportunity is
   * scored: the bound only saves work, it never decides the order.
   */
  async recommendedOpportunities(
    viewer: AuthUser,
    args: RecommendedOpportunitiesArgs,
  ): Promise<RecommendationModel[]> {
    const now = new Date();
    const [profile, levelsByPerson] = await Promise.all([
      this.profiles.myProfile(viewer),
      this.profiles.effectiveLevelsOf([viewer.id]),
    ]);
    const facts: CandidateFacts = {
      careerStage: profile.careerStage,
      languages: profile.languages,
      availability: profile.availability,
      levels: levelsByPerson.get(viewer.id) ?? new Map(),
    };
    const candidate = toFitCandidate(facts);
    const bounded = await this.repo.findBoundedOpportunities({
      userId: viewer.id,
      now,
      stage: facts.careerStage,
      levels: facts.levels,
      onlyEligible: !args.includeIneligible,
      kind: args.filter?.kind,
      hostOrganisationId: args.filter?.hostOrganisationId,
      competenceId: args.filter?.competenceId,
      bound: this.boundInputs(candidate),
    });
    // The core rounds scores to one decimal; rounding the bound the same way keeps it an upper bound.
    const order = bounded
      .map((b) => ({ id: b.id, bound: Math.round(b.bound * 10 + 1e-6) / 10 }))
      .sort((x, y) => y.bound - x.bound || compareIds(x.id, y.id));
    const boundOf = new Map(order.map((b) => [b.id, b.bound]));

    const best = new TopN<ScoredRow>(args.first);
    const batchSize = Math.max(2 * args.first, 50);
    let prune = true;
    for (let next = 0; next < order.length;) {
      const threshold = best.last();
      if (prune && threshold && !mayEnter(order[next], threshold)) break;
      const batch = order.slice(next, next + batchSize);
      next += batch.length;
      const rows = await this.repo.findScoringRows(
        viewer.id,
        batch.map((b) => b.id),
      );
      for (const row of rows) {
        const fit = this.fit(candidate, facts.careerStage, toFitOpportunity(row));
        if (fit.score > (boundOf.get(row.id) ?? 0)) prune = false;
        if (!fit.eligible && !args.includeIneligible) continue;
        best.offer({ id: row.id, score: fit.score, row });
      }
    }
    const top = best.ranked();

    const names = await this.competenceNames(top.flatMap((t) => t.row.requirements.map((r) => r[0])));
    return top.map(({ row }) => ({
      opportunityId: row.id,
      mark: row.mark,
      ...this.fit(candidate, facts.careerStage, toFitOpportunity(row), names),
    }));
  }

  /**
   * Candidates for an opportunity, for its host staff (lead supervisor, co-supervisor, HR of the host
   * organisation) and admins; anyone else gets NOT_FOUND, exactly as for a missing opportunity. The
   * pool: live applicants plus findable profiles (see RecommendationsRepository.findCandidatePool).
   * Each match carries only the levels of the competences the opportunity requires.
   */
  async matchingCandidates(viewer: AuthUser, args: MatchingCandidatesArgs): Promise<CandidateMatchModel[]> {
    const opportunity = await this.opportunities.get(viewer, args.opportunityId);
    if (!(await this.opportunities.isHostStaff(viewer, opportunity))) throw opportunityNotFound();

    const requirements = await this.opportunityRows.findRequirementsOfMany([opportunity.id]);
    const requiredIds = requirements.map((r) => r.competenceId);
    const isAdmin = hasRole(viewer, UserRole.ADMIN);
    const pool = await this.repo.findCandidatePool({
      opportunityId: opportunity.id,
      viewerId: viewer.id,
      all: isAdmin,
      hrOrganisationId:
        hasRole(viewer, UserRole.HR) && viewer.organisationId === opportunity.hostOrganisationId
          ? viewer.organisationId
          : null,
      findableLimit: FINDABLE_POOL_LIMIT,
    });
    if (pool.length === 0) return [];
    const [levels, names] = await Promise.all([
      this.profiles.effectiveLevelsOf(
        pool.map((p) => p.userId),
        requiredIds,
      ),
      this.competenceNames(requiredIds),
    ]);
    const fitOpportunity: FitOpportunity = {
      eligibleStages: opportunity.eligibleStages,
      requirements: requirements.map((r) => ({
        competenceId: r.competenceId,
        minLevel: r.minLevel as ProficiencyLevel,
        weight: r.weight,
        essential: r.essential,
      })),
      // DEVELOPMENT stays 0 until target roles exist: the developed competences are not needed yet.
      develops: [],
      language: opportunity.language || null,
      ...periodOf(opportunity.startsOn, opportunity.endsOn),
    };
    const matches = pool.map((person): CandidateMatchModel => {
      const personLevels = levels.get(person.userId) ?? new Map<string, number>();
      const facts: CandidateFacts = { ...person, levels: personLevels };
      return {
        userId: person.userId,
        displayName: person.displayName,
        organisationId: person.organisationId,
        careerStage: person.careerStage,
        applied: person.applied,
        levels: requiredIds
          .filter((id) => personLevels.has(id))
          .map((id) => ({ competenceId: id, level: personLevels.get(id) as number })),
        ...this.fit(toFitCandidate(facts), person.careerStage, fitOpportunity, names),
      };
    });
    return rankByFit(matches.map((match) => ({ id: match.userId, score: match.score, match })))
      .slice(0, args.first)
      .map((ranked) => ranked.match);
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
   * computeFit with the configured weights. An unknown stage is eligible only where the opportunity
   * is open to every stage; the core (which needs a stage) then scores without the stage list.
   */
  private fit(
    candidate: FitCandidate,
    stage: CareerStage | null,
    opportunity: FitOpportunity,
    competenceNames?: ReadonlyMap<string, string>,
  ): FitResult {
    const unknownStage = stage === null && opportunity.eligibleStages.length > 0;
    const result = computeFit(
      candidate,
      unknownStage ? { ...opportunity, eligibleStages: [] } : opportunity,
      { weights: this.weights, competenceNames },
    );
    if (!unknownStage) return result;
    return {
      ...result,
      eligible: false,
      reasons: [
        `career stage unknown: open to ${opportunity.eligibleStages.join(', ')} only`,
        ...result.reasons,
      ],
    };
  }

  /** The parts of the fit bound that do not depend on the requirements, at their highest for `candidate`. */
  private boundInputs(candidate: FitCandidate): FitBoundInputs {
    const codes = [...new Set(candidate.languages.map((l) => l.code.toLowerCase()))];
    return {
      weights: this.weights,
      developmentUpper: candidate.developmentTargets.size === 0 ? 0 : 1,
      availabilityUpper: candidate.availability.length === 0 ? UNKNOWN_AVAILABILITY_VALUE : 1,
      spokenLanguages: codes.filter((code) => speaksLanguage(candidate.languages, code) !== null),
    };
  }

  private async competenceNames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const competences = await this.opportunityRows.findCompetencesByIds(unique);
    return new Map(competences.map((c) => [c.id, c.name]));
  }
}

interface ScoredRow {
  id: string;
  score: number;
  row: ScoringRow;
}

/** Whether an opportunity with this bound could still rank above `threshold` (rankByFit's order). */
function mayEnter(
  candidate: { id: string; bound: number },
  threshold: { id: string; score: number },
): boolean {
  return (
    candidate.bound > threshold.score || (candidate.bound === threshold.score && candidate.id < threshold.id)
  );
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The best `size` items by score desc, then id asc (rankByFit's order), without sorting them all:
 * a small sorted buffer, so scoring 20,000 rows keeps 20.
 */
class TopN<T extends { id: string; score: number }> {
  private readonly items: T[] = [];

  constructor(private readonly size: number) {}

  offer(item: T): void {
    if (this.items.length === this.size && !before(item, this.items[this.items.length - 1])) return;
    let i = this.items.length;
    while (i > 0 && before(item, this.items[i - 1])) i--;
    this.items.splice(i, 0, item);
    if (this.items.length > this.size) this.items.pop();
  }

  /** The `size`-th best so far, once there are `size`; undefined before. */
  last(): T | undefined {
    return this.items.length === this.size ? this.items[this.items.length - 1] : undefined;
  }

  ranked(): T[] {
    return rankByFit(this.items);
  }
}

function before(a: { id: string; score: number }, b: { id: string; score: number }): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}

// ---- mapping to the core's plain data ----------------------------------------------------------------

/** Days as instants: a date-only period covers its first to its last day, inclusive. */
function periodOf(start: string, end: string): { start: Date; end: Date } {
  const from = Date.parse(`${start}T00:00:00Z`);
  const to = Date.parse(`${end}T00:00:00Z`) + DAY_MS;
  return { start: new Date(from), end: new Date(to) };
}

function toFitCandidate(facts: CandidateFacts): FitCandidate {
  const languages: LanguageSkill[] = facts.languages
    .filter((l) => (LANGUAGE_LEVELS as readonly string[]).includes(l.level))
    .map((l) => ({ code: l.code, level: l.level as LanguageLevel }));
  const availability: TimeWindow[] = facts.availability.map((w) => periodOf(w.start, w.end));
  return {
    // Unknown stage: decided in `fit` before the core runs; the value here is never compared.
    careerStage: facts.careerStage ?? CareerStage.BACHELOR_STUDENT,
    levels: facts.levels,
    languages,
    availability,
    // DEVELOPMENT stays 0 until target roles exist (a later feature): no development targets yet.
    developmentTargets: new Map(),
  };
}

function toFitOpportunity(row: ScoringRow): FitOpportunity {
  const requirements: FitRequirement[] = row.requirements.map(
    ([competenceId, minLevel, weight, essential]) => ({
      competenceId,
      minLevel: minLevel as ProficiencyLevel,
      weight,
      essential,
    }),
  );
  return {
    eligibleStages: row.eligibleStages,
    requirements,
    // DEVELOPMENT stays 0 until target roles exist: developed competences are not read yet.
    develops: [],
    language: row.language || null,
    ...periodOf(row.startsOn, row.endsOn),
  };
}
