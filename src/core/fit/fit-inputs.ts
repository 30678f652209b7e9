import { CareerStage, ProficiencyLevel } from '../domain/enums';
import {
  FitCandidate,
  FitOpportunity,
  FitWeights,
  LANGUAGE_LEVELS,
  LanguageLevel,
  LanguageSkill,
  TimeWindow,
} from './fit-score';

/**
 * The one mapping from stored facts to the fit score's plain data, used by everything that scores a
 * fit (recommendations, myFit, matchingCandidates, developmentPath and the default order of a round's
 * host lists), so the fit a candidate is shown and the fit a round uses are the same number.
 *
 * Decisions:
 * - Dates are whole days and an end date is INCLUSIVE: a period from `start` to `end` covers the first
 *   instant of `start` to the last instant of `end` (UTC). The product describes periods in days ("a
 *   short visit, one to five days"; availability "from 1 to 5 March"): a one-day workplace visit has
 *   the same start and end date, and read as exclusive it would last no time at all (and a candidate
 *   available that day would cover none of it). Opportunity periods and availability windows read the
 *   same way.
 * - Unknown career stage (none saved) is `null` here and in the core, never a default stage: such a
 *   candidate is eligible only where the opportunity is open to every stage (the core's rule).
 * - Language skills whose level is not a CEFR level (or NATIVE) are left out; an empty language is
 *   none.
 */

const DAY_MS = 86_400_000;

/** A profile as the fit score reads it. */
export interface CandidateFitFacts {
  readonly careerStage: CareerStage | null;
  /** Effective levels per competence id; unrated competences are absent. */
  readonly levels: ReadonlyMap<string, number>;
  readonly languages: readonly { readonly code: string; readonly level: string }[];
  /** ISO dates (YYYY-MM-DD), both days included. */
  readonly availability: readonly { readonly start: string; readonly end: string }[];
  /** Gap levels per competence id over the target roles; empty without target roles. */
  readonly developmentTargets: ReadonlyMap<string, number>;
}

/** An opportunity as the fit score reads it. */
export interface OpportunityFitFacts {
  readonly eligibleStages: readonly CareerStage[];
  readonly requirements: readonly {
    readonly competenceId: string;
    readonly minLevel: number;
    readonly weight: number;
    readonly essential: boolean;
  }[];
  /** The competences it develops. */
  readonly develops: readonly string[];
  /** ISO 639-1; null or empty: no language requirement. */
  readonly language: string | null;
  /** ISO dates (YYYY-MM-DD), both days included. */
  readonly startsOn: string;
  readonly endsOn: string;
}

function dayStart(isoDate: string, what: string): number {
  const instant = /^\d{4}-\d{2}-\d{2}/.test(isoDate)
    ? Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`)
    : Number.NaN;
  if (!Number.isFinite(instant)) throw new RangeError(`${what}: ${isoDate} is not an ISO date`);
  return instant;
}

/** The instants of whole days `start`..`end`, both included (UTC). */
export function dayPeriod(start: string, end: string): TimeWindow {
  return {
    start: new Date(dayStart(start, 'period start')),
    end: new Date(dayStart(end, 'period end') + DAY_MS),
  };
}

export function fitCandidateOf(facts: CandidateFitFacts): FitCandidate {
  const languages: LanguageSkill[] = facts.languages
    .filter((l) => (LANGUAGE_LEVELS as readonly string[]).includes(l.level))
    .map((l) => ({ code: l.code, level: l.level as LanguageLevel }));
  return {
    careerStage: facts.careerStage,
    levels: facts.levels,
    languages,
    availability: facts.availability.map((w) => dayPeriod(w.start, w.end)),
    developmentTargets: facts.developmentTargets,
  };
}

export function fitOpportunityOf(facts: OpportunityFitFacts): FitOpportunity {
  return {
    eligibleStages: facts.eligibleStages,
    requirements: facts.requirements.map((r) => ({
      competenceId: r.competenceId,
      minLevel: r.minLevel as ProficiencyLevel,
      weight: r.weight,
      essential: r.essential,
    })),
    develops: facts.develops,
    language: facts.language || null,
    ...dayPeriod(facts.startsOn, facts.endsOn),
  };
}

/** The configured weights (FIT_WEIGHT_*), checked: finite, >= 0, at least one positive. */
export function fitWeightsOf(read: (key: `FIT_WEIGHT_${keyof FitWeights}`) => number): FitWeights {
  const weights: FitWeights = {
    ESSENTIAL: read('FIT_WEIGHT_ESSENTIAL'),
    OPTIONAL: read('FIT_WEIGHT_OPTIONAL'),
    DEVELOPMENT: read('FIT_WEIGHT_DEVELOPMENT'),
    AVAILABILITY: read('FIT_WEIGHT_AVAILABILITY'),
    LANGUAGE: read('FIT_WEIGHT_LANGUAGE'),
  };
  if (Object.values(weights).every((w) => w === 0)) {
    throw new Error('Invalid configuration: at least one FIT_WEIGHT_* must be positive');
  }
  return weights;
}
