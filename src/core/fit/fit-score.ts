import { assertProficiencyLevel, describeLevel } from '../competences/effective-level';
import { CareerStage, ProficiencyLevel } from '../domain/enums';
import { developmentValue } from '../gaps/gap-analysis';

/**
 * Fit of a candidate for an opportunity, explained by its parts.
 *
 * Parts, each a value in 0..1:
 * - ESSENTIAL: weighted share of the essential requirements met (level >= minimum). No essential
 *   requirements: 1. Any essential requirement unmet makes the candidate ineligible (HR may override
 *   in the application layer); the score is still computed.
 * - OPTIONAL: proficiency-aware coverage of the optional requirements: each earns
 *   min(level / required, 1), so Intermediate (2) for an Advanced (3) requirement earns 2/3; an
 *   unrated competence earns 0 and is reported with currentLevel null. No optional requirements: 1.
 * - DEVELOPMENT: the share of the candidate's gap levels (development targets from target roles) that
 *   the opportunity develops: `developmentValue` of gap-analysis. No targets: 0.
 * - AVAILABILITY: the share of the opportunity period covered by the candidate's availability
 *   windows. A candidate who stated no windows is unknown, scored 0.5: neither available nor not.
 *   An opportunity whose end is not after its start is a moment: 1 if a window contains it, else 0.
 * - LANGUAGE: 1 if the candidate speaks the opportunity language at its minimum level or better
 *   (default B2, the usual bar for English-taught programmes), else 0; 1 without a language.
 *
 * score = Σ weight·value / Σ weight × 100, rounded to one decimal. Weights default to
 * DEFAULT_FIT_WEIGHTS; the options may override any of them.
 *
 * Languages: ISO 639-1 codes compared case-insensitively ('en', 'nl'), levels CEFR A1..C2 or NATIVE.
 * Eligible career stages: an empty list means the opportunity is open to every stage. A candidate
 * whose stage is unknown (null) is eligible only there. Stored facts become this plain data through
 * fit-inputs.ts, the one mapping (end dates inclusive).
 */

export const LANGUAGE_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'NATIVE'] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

export const DEFAULT_MIN_LANGUAGE_LEVEL: LanguageLevel = 'B2';
export const UNKNOWN_AVAILABILITY_VALUE = 0.5;

export interface LanguageSkill {
  /** ISO 639-1, e.g. 'en'. */
  readonly code: string;
  readonly level: LanguageLevel;
}

export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

export interface FitCandidate {
  /** null: unknown (none saved); eligible only where the opportunity is open to every stage. */
  readonly careerStage: CareerStage | null;
  /** Effective levels per competence id; unrated competences are absent. */
  readonly levels: ReadonlyMap<string, number>;
  readonly languages: readonly LanguageSkill[];
  readonly availability: readonly TimeWindow[];
  /** Gap levels per competence id from the candidate's target roles; empty when none. */
  readonly developmentTargets: ReadonlyMap<string, number>;
}

export interface FitRequirement {
  readonly competenceId: string;
  readonly minLevel: ProficiencyLevel;
  /** Relative weight within its group (essential or optional), finite and >= 0. */
  readonly weight: number;
  readonly essential: boolean;
}

export interface FitOpportunity {
  readonly eligibleStages: readonly CareerStage[];
  readonly requirements: readonly FitRequirement[];
  readonly develops: readonly string[];
  readonly language: string | null;
  readonly minLanguageLevel?: LanguageLevel;
  readonly start: Date;
  readonly end: Date;
}

export const FIT_PART_KEYS = ['ESSENTIAL', 'OPTIONAL', 'DEVELOPMENT', 'AVAILABILITY', 'LANGUAGE'] as const;
export type FitPartKey = (typeof FIT_PART_KEYS)[number];
export type FitWeights = Readonly<Record<FitPartKey, number>>;

export const DEFAULT_FIT_WEIGHTS: FitWeights = {
  ESSENTIAL: 40,
  OPTIONAL: 25,
  DEVELOPMENT: 15,
  AVAILABILITY: 10,
  LANGUAGE: 10,
};

export interface FitOptions {
  readonly weights?: Partial<FitWeights>;
  /** Display names for reasons; the competence id is used when a name is missing. */
  readonly competenceNames?: ReadonlyMap<string, string>;
}

/**
 * Why a part has its value, as a code with facts (FitPartFacts) so that a client writes it in its own
 * language; `detail` says the same in English.
 */
export const FIT_DETAIL_CODES = [
  'NO_ESSENTIALS',
  'ESSENTIALS_MET',
  'NO_OPTIONALS',
  'OPTIONALS_COVERED',
  'NO_DEVELOPMENT_TARGETS',
  'DEVELOPS_GAPS',
  'AVAILABILITY_UNKNOWN',
  'AVAILABLE_SHARE',
  'NO_LANGUAGE_REQUIREMENT',
  'SPEAKS_LANGUAGE',
  'LANGUAGE_NOT_SPOKEN',
] as const;
export type FitDetailCode = (typeof FIT_DETAIL_CODES)[number];

/** The facts a detail code is written with; each code uses some of them, the rest are absent. */
export interface FitPartFacts {
  /** ESSENTIALS_MET: essential requirements met, of `total`. */
  readonly met?: number;
  readonly total?: number;
  /** OPTIONALS_COVERED, DEVELOPS_GAPS, AVAILABLE_SHARE: 0..1. */
  readonly share?: number;
  /** DEVELOPS_GAPS: gap competences developed, of `targets`, closing `levels` gap levels. */
  readonly competences?: number;
  readonly targets?: number;
  readonly levels?: number;
  /** SPEAKS_LANGUAGE, LANGUAGE_NOT_SPOKEN: ISO 639-1 code, the candidate's level, the level needed. */
  readonly language?: string;
  readonly spokenLevel?: string;
  readonly neededLevel?: string;
}

export interface FitPart {
  readonly key: FitPartKey;
  readonly weight: number;
  readonly value: number;
  /** Why, in English. */
  readonly detail: string;
  readonly code: FitDetailCode;
  readonly facts: FitPartFacts;
}

/** Why a candidate is not eligible, as a code with its facts; `reasons` says the same in English. */
export const INELIGIBILITY_CODES = [
  'CAREER_STAGE_UNKNOWN',
  'CAREER_STAGE_NOT_ELIGIBLE',
  'ESSENTIAL_NOT_MET',
] as const;
export type IneligibilityCode = (typeof INELIGIBILITY_CODES)[number];

export interface Ineligibility {
  readonly code: IneligibilityCode;
  /** CAREER_STAGE_*: the stages the opportunity is open to; CAREER_STAGE_NOT_ELIGIBLE: the candidate's. */
  readonly eligibleStages?: readonly CareerStage[];
  readonly careerStage?: CareerStage;
  /** ESSENTIAL_NOT_MET: the competence, its required level and the candidate's (null: unrated). */
  readonly competenceId?: string;
  readonly requiredLevel?: ProficiencyLevel;
  readonly currentLevel?: number | null;
}

export interface MissingRequirement {
  readonly competenceId: string;
  readonly requiredLevel: ProficiencyLevel;
  /** null: unrated (unknown), never 0. */
  readonly currentLevel: number | null;
  readonly essential: boolean;
}

export interface FitResult {
  readonly eligible: boolean;
  /** Why the candidate is not eligible, in English; empty when eligible. */
  readonly reasons: string[];
  /** The same reasons as codes with their facts, in the same order. */
  readonly ineligibility: Ineligibility[];
  /** 0..100, one decimal. */
  readonly score: number;
  readonly parts: FitPart[];
  readonly missing: MissingRequirement[];
}

/** The weights with the defaults filled in, checked: finite, >= 0, at least one positive. */
export function resolveWeights(overrides: Partial<FitWeights> | undefined): FitWeights {
  const weights = { ...DEFAULT_FIT_WEIGHTS, ...overrides };
  let sum = 0;
  for (const key of FIT_PART_KEYS) {
    const weight = weights[key];
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`fit weight ${key}: ${weight} must be finite and >= 0`);
    }
    sum += weight;
  }
  if (sum === 0) throw new RangeError('fit weights: at least one must be positive');
  return weights;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Weighted mean of credits; equal weights when all weights are 0; `empty` when there are none. */
function weightedMean(entries: readonly { weight: number; credit: number }[], empty: number): number {
  if (entries.length === 0) return empty;
  let weightSum = 0;
  let weighted = 0;
  let plain = 0;
  for (const { weight, credit } of entries) {
    weightSum += weight;
    weighted += weight * credit;
    plain += credit;
  }
  return weightSum > 0 ? weighted / weightSum : plain / entries.length;
}

/**
 * Share of [start, end] covered by the union of the windows; null when there are no windows
 * (unknown). A period whose end is not after its start is a moment: 1 if a window contains it.
 */
export function availabilityCoverage(windows: readonly TimeWindow[], start: Date, end: Date): number | null {
  if (windows.length === 0) return null;
  const from = start.getTime();
  const to = end.getTime();
  const spans = windows.map((window) => {
    const s = window.start.getTime();
    const e = window.end.getTime();
    if (!(e >= s)) {
      throw new RangeError(
        `availability window ${window.start.toISOString()}..${window.end.toISOString()} ends before it starts`,
      );
    }
    return [s, e] as const;
  });
  if (to <= from) return spans.some(([s, e]) => s <= from && from <= e) ? 1 : 0;

  const clipped = spans
    .map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as const)
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let reach = from;
  for (const [s, e] of clipped) {
    const begin = Math.max(s, reach);
    if (e > begin) {
      covered += e - begin;
      reach = e;
    }
  }
  return covered / (to - from);
}

/** The candidate's level in `code` if it meets `minLevel`, else null. */
export function speaksLanguage(
  languages: readonly LanguageSkill[],
  code: string,
  minLevel: LanguageLevel = DEFAULT_MIN_LANGUAGE_LEVEL,
): LanguageLevel | null {
  const wanted = code.toLowerCase();
  const floor = LANGUAGE_LEVELS.indexOf(minLevel);
  let best: LanguageLevel | null = null;
  for (const skill of languages) {
    if (skill.code.toLowerCase() !== wanted) continue;
    if (best === null || LANGUAGE_LEVELS.indexOf(skill.level) > LANGUAGE_LEVELS.indexOf(best)) {
      best = skill.level;
    }
  }
  return best !== null && LANGUAGE_LEVELS.indexOf(best) >= floor ? best : null;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The essential requirements a candidate with these effective levels does not meet (level below the
 * minimum or unrated): the eligibility rule of computeFit, for callers that need only it.
 */
export function unmetEssentials<R extends { readonly competenceId: string; readonly minLevel: number }>(
  levels: ReadonlyMap<string, number>,
  essentials: readonly R[],
): R[] {
  return essentials.filter((r) => !meets(levels.get(r.competenceId) ?? null, r.minLevel));
}

function meets(current: number | null, minLevel: number): boolean {
  return current !== null && current >= minLevel;
}

/**
 * The score (0 to 100, one decimal) of the parts' values under the weights, summed in
 * FIT_PART_KEYS order: computeFit's and the round's fitScoreOf's one formula.
 */
export function weightedFitScore(weights: FitWeights, values: Readonly<Record<FitPartKey, number>>): number {
  let weightSum = 0;
  let weighted = 0;
  for (const key of FIT_PART_KEYS) {
    weightSum += weights[key];
    weighted += weights[key] * values[key];
  }
  return Math.round((weighted / weightSum) * 1000) / 10;
}

export function computeFit(
  candidate: FitCandidate,
  opportunity: FitOpportunity,
  options: FitOptions = {},
): FitResult {
  const weights = resolveWeights(options.weights);
  const nameOf = (id: string): string => options.competenceNames?.get(id) ?? id;
  const part = (
    key: FitPartKey,
    value: number,
    code: FitDetailCode,
    facts: FitPartFacts,
    detail: string,
  ): FitPart => ({ key, weight: weights[key], value, detail, code, facts });
  const reasons: string[] = [];
  const ineligibility: Ineligibility[] = [];
  const missing: MissingRequirement[] = [];

  if (opportunity.eligibleStages.length > 0) {
    const eligibleStages = [...opportunity.eligibleStages];
    if (candidate.careerStage === null) {
      reasons.push(`career stage unknown: open to ${opportunity.eligibleStages.join(', ')} only`);
      ineligibility.push({ code: 'CAREER_STAGE_UNKNOWN', eligibleStages });
    } else if (!opportunity.eligibleStages.includes(candidate.careerStage)) {
      reasons.push(`career stage ${candidate.careerStage} is not eligible`);
      ineligibility.push({
        code: 'CAREER_STAGE_NOT_ELIGIBLE',
        careerStage: candidate.careerStage,
        eligibleStages,
      });
    }
  }

  const essentials: { weight: number; credit: number }[] = [];
  const optionals: { weight: number; credit: number }[] = [];
  let essentialsMet = 0;
  for (const requirement of opportunity.requirements) {
    const { competenceId, minLevel, weight, essential } = requirement;
    assertProficiencyLevel(minLevel, `required level of ${competenceId}`);
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`requirement ${competenceId}: weight ${weight} must be finite and >= 0`);
    }
    const current = candidate.levels.get(competenceId) ?? null;
    if (current !== null) assertProficiencyLevel(current, `current level of ${competenceId}`);
    const met = meets(current, minLevel);
    if (!met) {
      missing.push({ competenceId, requiredLevel: minLevel, currentLevel: current, essential });
    }
    if (essential) {
      essentials.push({ weight, credit: met ? 1 : 0 });
      if (met) essentialsMet += 1;
    } else {
      optionals.push({ weight, credit: current === null ? 0 : Math.min(current / minLevel, 1) });
    }
  }
  missing.sort(
    (x, y) => Number(y.essential) - Number(x.essential) || compareIds(x.competenceId, y.competenceId),
  );
  for (const gap of missing) {
    if (!gap.essential) continue;
    reasons.push(
      `essential requirement ${nameOf(gap.competenceId)} needs ${describeLevel(gap.requiredLevel)}, you have ${describeLevel(gap.currentLevel)}`,
    );
    ineligibility.push({
      code: 'ESSENTIAL_NOT_MET',
      competenceId: gap.competenceId,
      requiredLevel: gap.requiredLevel,
      currentLevel: gap.currentLevel,
    });
  }

  const essentialValue = weightedMean(essentials, 1);
  const optionalValue = weightedMean(optionals, 1);

  const development = developmentValue(candidate.developmentTargets, opportunity.develops);
  const targetCount = [...candidate.developmentTargets.values()].filter((gap) => gap > 0).length;

  const coverage = availabilityCoverage(candidate.availability, opportunity.start, opportunity.end);
  const availabilityValue = coverage ?? UNKNOWN_AVAILABILITY_VALUE;

  const minLanguage = opportunity.minLanguageLevel ?? DEFAULT_MIN_LANGUAGE_LEVEL;
  const spoken =
    opportunity.language === null
      ? null
      : speaksLanguage(candidate.languages, opportunity.language, minLanguage);
  const languageValue = opportunity.language === null || spoken !== null ? 1 : 0;

  const parts: FitPart[] = [
    essentials.length === 0
      ? part('ESSENTIAL', essentialValue, 'NO_ESSENTIALS', {}, 'no essential requirements')
      : part(
          'ESSENTIAL',
          essentialValue,
          'ESSENTIALS_MET',
          { met: essentialsMet, total: essentials.length },
          `${essentialsMet} of ${essentials.length} essential requirements met`,
        ),
    optionals.length === 0
      ? part('OPTIONAL', optionalValue, 'NO_OPTIONALS', {}, 'no optional requirements')
      : part(
          'OPTIONAL',
          optionalValue,
          'OPTIONALS_COVERED',
          { share: optionalValue },
          `optional requirements covered ${percent(optionalValue)} (partial credit below the required level)`,
        ),
    targetCount === 0
      ? part('DEVELOPMENT', development.share, 'NO_DEVELOPMENT_TARGETS', {}, 'no development targets')
      : part(
          'DEVELOPMENT',
          development.share,
          'DEVELOPS_GAPS',
          {
            competences: development.competences.length,
            targets: targetCount,
            levels: development.closedLevels,
            share: development.share,
          },
          `develops ${development.competences.length} of your ${targetCount} gap competences (${development.closedLevels} gap levels, ${percent(development.share)})`,
        ),
    coverage === null
      ? part('AVAILABILITY', availabilityValue, 'AVAILABILITY_UNKNOWN', {}, 'availability not stated')
      : part(
          'AVAILABILITY',
          availabilityValue,
          'AVAILABLE_SHARE',
          { share: coverage },
          `available for ${percent(coverage)} of the period`,
        ),
    opportunity.language === null
      ? part('LANGUAGE', languageValue, 'NO_LANGUAGE_REQUIREMENT', {}, 'no language requirement')
      : spoken !== null
        ? part(
            'LANGUAGE',
            languageValue,
            'SPEAKS_LANGUAGE',
            { language: opportunity.language, spokenLevel: spoken, neededLevel: minLanguage },
            `speaks ${opportunity.language} at ${spoken} (needs ${minLanguage})`,
          )
        : part(
            'LANGUAGE',
            languageValue,
            'LANGUAGE_NOT_SPOKEN',
            { language: opportunity.language, neededLevel: minLanguage },
            `does not speak ${opportunity.language} at ${minLanguage} or better`,
          ),
  ];

  const score = weightedFitScore(weights, {
    ESSENTIAL: essentialValue,
    OPTIONAL: optionalValue,
    DEVELOPMENT: development.share,
    AVAILABILITY: availabilityValue,
    LANGUAGE: languageValue,
  });

  return { eligible: reasons.length === 0, reasons, ineligibility, score, parts, missing };
}

/**
 * Sorts by score, highest first; equal scores by id (code-unit order, locale-independent), so the
 * order is the same whatever the input order. Returns a new array.
 */
export function rankByFit<T extends { readonly id: string; readonly score: number }>(
  items: readonly T[],
): T[] {
  return [...items].sort((x, y) => y.score - x.score || compareIds(x.id, y.id));
}

/**
 * The fit as seen under HR's eligibility override for this candidate and opportunity: eligible, with
 * no reasons against; the score, its parts and the unmet requirements stay as they are.
 */
export function withEligibilityOverride(fit: FitResult): FitResult {
  return { ...fit, eligible: true, reasons: [], ineligibility: [] };
}
