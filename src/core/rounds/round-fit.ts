/**
 * The fit scores of a round's pairs, computed where the round is solved (the solver thread) from the
 * facts the loader read, packed flat: the event loop reads rows, it does not score 300,000 choice
 * lists. The same mapping (`fitCandidateOf`, `fitOpportunityOf`) and `computeFit` with the configured
 * weights as everywhere else, so the fit that orders a host's list is the fit the candidate is shown.
 */
import { Assessment, effectiveLevelValues } from '../competences/effective-level';
import { AssessmentSource, CareerStage, ProficiencyLevel } from '../domain/enums';
import {
  CandidateFitFacts,
  dayPeriod,
  fitCandidateOf,
  fitOpportunityOf,
  OpportunityFitFacts,
} from '../fit/fit-inputs';
import { assertProficiencyLevel, isProficiencyLevel } from '../competences/effective-level';
import {
  availabilityCoverage,
  DEFAULT_MIN_LANGUAGE_LEVEL,
  FIT_PART_KEYS,
  FitCandidate,
  FitOpportunity,
  FitWeights,
  LANGUAGE_LEVELS,
  resolveWeights,
  speaksLanguage,
  UNKNOWN_AVAILABILITY_VALUE,
  weightedFitScore,
} from '../fit/fit-score';
import { PAIR_ELIGIBLE, PAIR_HAS_FIT, PackedRound } from './round-packing';
import { GroupedNumbers, parseGroupedNumbers } from './grouped-numbers';

/** What the loader read for the fit of a round's pairs. */
export interface RoundFitFacts {
  weights: FitWeights;
  /** By candidate id. */
  candidates: ReadonlyMap<string, CandidateFitFacts>;
  /** By opportunity id: the fit-ordered opportunities only (their host has not ranked). */
  opportunities: ReadonlyMap<string, OpportunityFitFacts>;
  /** HR's eligibility overrides: `${candidateId}|${opportunityId}` to HR's reason. */
  overridden: ReadonlyMap<string, string>;
}

/** What the fit of a round's pairs needs, flat, per candidate (in the packed candidate order). */
export interface PackedFitFacts {
  weights: FitWeights;
  /** Per opportunity (packed order): its facts, or null when its host ranked (no fit needed). */
  opportunities: (OpportunityFitFacts | null)[];
  competenceIds: string[];
  stages: string[];
  /** 1 when the loader gave the candidate's facts (no fit without them). */
  hasFacts: Uint8Array;
  /** Index into `stages`, -1: none saved. */
  candidateStage: Int32Array;
  levelStart: Int32Array;
  levelCompetence: Int32Array;
  levelValue: Int32Array;
  targetStart: Int32Array;
  targetCompetence: Int32Array;
  targetValue: Float64Array;
  languageStart: Int32Array;
  languageCodes: string[];
  languageLevels: string[];
  availabilityStart: Int32Array;
  availabilityStarts: string[];
  availabilityEnds: string[];
  /** Pairs (packed pair index) HR let apply although not eligible, and HR's reasons. */
  overridePairs: Int32Array;
  overrideReasons: string[];
}

/** The facts of one candidate back from the flat arrays. */
export function candidateFacts(facts: PackedFitFacts, i: number): CandidateFitFacts {
  const levels = new Map<string, number>();
  for (let k = facts.levelStart[i]; k < facts.levelStart[i + 1]; k++)
    levels.set(facts.competenceIds[facts.levelCompetence[k]], facts.levelValue[k]);
  const developmentTargets = new Map<string, number>();
  for (let k = facts.targetStart[i]; k < facts.targetStart[i + 1]; k++)
    developmentTargets.set(facts.competenceIds[facts.targetCompetence[k]], facts.targetValue[k]);
  const languages: { code: string; level: string }[] = [];
  for (let k = facts.languageStart[i]; k < facts.languageStart[i + 1]; k++)
    languages.push({ code: facts.languageCodes[k], level: facts.languageLevels[k] });
  const availability: { start: string; end: string }[] = [];
  for (let k = facts.availabilityStart[i]; k < facts.availabilityStart[i + 1]; k++)
    availability.push({ start: facts.availabilityStarts[k], end: facts.availabilityEnds[k] });
  const stage = facts.candidateStage[i];
  return {
    careerStage: stage < 0 ? null : (facts.stages[stage] as CareerStage),
    levels,
    languages,
    availability,
    developmentTargets,
  };
}

/**
 * An opportunity ready to be scored against many candidates (`fitScoreOf`): its
 * requirements checked once, split into essential and optional, the competences it develops as a
 * set, its period as numbers and its language lower-cased with its floor's index.
 */
export interface ScoringTarget {
  readonly opportunity: FitOpportunity;
  readonly essentials: readonly FitOpportunity['requirements'][number][];
  readonly optionals: readonly FitOpportunity['requirements'][number][];
  readonly develops: ReadonlySet<string>;
  /** `opportunity.start.getTime()`, `opportunity.end.getTime()`. */
  readonly from: number;
  readonly to: number;
  /** `opportunity.language` lower-cased; null without a language. */
  readonly language: string | null;
  /** The index in LANGUAGE_LEVELS of the level it asks for at least (-1 for an unknown level). */
  readonly languageFloor: number;
}

/** The opportunity as `fitScoreOf` reads it; throws what `computeFit` throws for a broken requirement. */
export function scoringTargetOf(opportunity: FitOpportunity): ScoringTarget {
  for (const { competenceId, minLevel, weight } of opportunity.requirements) {
    assertProficiencyLevel(minLevel, `required level of ${competenceId}`);
    if (!Number.isFinite(weight) || weight < 0)
      throw new RangeError(`requirement ${competenceId}: weight ${weight} must be finite and >= 0`);
  }
  return {
    opportunity,
    essentials: opportunity.requirements.filter((r) => r.essential),
    optionals: opportunity.requirements.filter((r) => !r.essential),
    develops: new Set(opportunity.develops),
    from: opportunity.start.getTime(),
    to: opportunity.end.getTime(),
    language: opportunity.language === null ? null : opportunity.language.toLowerCase(),
    languageFloor: LANGUAGE_LEVELS.indexOf(opportunity.minLanguageLevel ?? DEFAULT_MIN_LANGUAGE_LEVEL),
  };
}

/**
 * A candidate ready to be scored against many opportunities (`FitTable`): what `fitScoreOf`
 * works out again for every pair, once. Only for a plain candidate (`scoringCandidateOf`): every
 * level a proficiency level, every gap a finite number, every window ending at or after its start
 * and every language level known, so that scoring them throws nothing.
 */
export interface ScoringCandidate {
  readonly careerStage: FitCandidate['careerStage'];
  /** The levels' competences (each once) and levels, in the order of `levels`. */
  readonly levelIds: readonly string[];
  readonly levelValues: readonly number[];
  /** The positive gaps, in the order of `developmentTargets`, and their sum in that order. */
  readonly gapIds: readonly string[];
  readonly gaps: readonly number[];
  readonly gapTotal: number;
  /** The availability windows as numbers (ms), in their order. */
  readonly windowStarts: readonly number[];
  readonly windowEnds: readonly number[];
  /** The languages' codes lower-cased and their levels' indices in LANGUAGE_LEVELS. */
  readonly languageCodes: readonly string[];
  readonly languageLevels: readonly number[];
}

/**
 * A `ScoringCandidate` made fact by fact, in the order given: the one place that says what a plain
 * candidate is and how its facts are prepared, for both builders (`scoringCandidateOf` from a
 * `FitCandidate`, `scoringCandidateOfPacked` from the packed facts). Each fact's method answers false
 * when the candidate is not plain (nothing to keep then: the builder gives null).
 */
class ScoringCandidateDraft {
  private readonly levelIds: string[] = [];
  private readonly levelValues: number[] = [];
  private readonly gapIds: string[] = [];
  private readonly gaps: number[] = [];
  private gapTotal = 0;
  private readonly windowStarts: number[] = [];
  private readonly windowEnds: number[] = [];
  private readonly languageCodes: string[] = [];
  private readonly languageLevels: number[] = [];

  /** Whether a level of this competence was given already. */
  hasLevel(competenceId: string): boolean {
    return this.levelIds.includes(competenceId);
  }

  /** A level: a proficiency level. */
  level(competenceId: string, level: number): boolean {
    if (!isProficiencyLevel(level)) return false;
    this.levelIds.push(competenceId);
    this.levelValues.push(level);
    return true;
  }

  /** A development gap: finite; only a positive one counts (summed in the order given). */
  gap(competenceId: string, gap: number): boolean {
    if (!Number.isFinite(gap)) return false;
    if (gap <= 0) return true;
    this.gapTotal += gap;
    this.gapIds.push(competenceId);
    this.gaps.push(gap);
    return true;
  }

  /** An availability window in ms: ending at or after its start. */
  window(start: number, end: number): boolean {
    if (!(end >= start)) return false;
    this.windowStarts.push(start);
    this.windowEnds.push(end);
    return true;
  }

  /** A language: a known level, a code that is text (lower-cased). */
  language(code: unknown, level: string): boolean {
    const index = (LANGUAGE_LEVELS as readonly string[]).indexOf(level);
    if (index < 0 || typeof code !== 'string') return false;
    this.languageCodes.push(code.toLowerCase());
    this.languageLevels.push(index);
    return true;
  }

  done(careerStage: FitCandidate['careerStage']): ScoringCandidate {
    return {
      careerStage,
      levelIds: this.levelIds,
      levelValues: this.levelValues,
      gapIds: this.gapIds,
      gaps: this.gaps,
      gapTotal: this.gapTotal,
      windowStarts: this.windowStarts,
      windowEnds: this.windowEnds,
      languageCodes: this.languageCodes,
      languageLevels: this.languageLevels,
    };
  }
}

/** The candidate ready for `FitTable`, or null when it is not plain (score it by `fitScoreOf`). */
export function scoringCandidateOf(candidate: FitCandidate): ScoringCandidate | null {
  const draft = new ScoringCandidateDraft();
  for (const [competenceId, level] of candidate.levels) if (!draft.level(competenceId, level)) return null;
  for (const [competenceId, gap] of candidate.developmentTargets)
    if (!draft.gap(competenceId, gap)) return null;
  for (const window of candidate.availability)
    if (!draft.window(window.start.getTime(), window.end.getTime())) return null;
  for (const skill of candidate.languages) if (!draft.language(skill.code, skill.level)) return null;
  return draft.done(candidate.careerStage);
}

/**
 * `scoringCandidateOf(fitCandidateOf(candidateFacts(facts, i)))` straight from the packed facts, with
 * no Map, Date or object per fact; null where that way could differ or throw (a competence given
 * twice, a date `dayPeriod` refuses) or the candidate is not plain: the caller then goes the long way
 * (which throws where it throws). The property test compares the two.
 */
export function scoringCandidateOfPacked(facts: PackedFitFacts, i: number): ScoringCandidate | null {
  const draft = new ScoringCandidateDraft();
  // A competence given twice: the long way's Map keeps the last one; left to it.
  for (let k = facts.levelStart[i]; k < facts.levelStart[i + 1]; k++) {
    const id = facts.competenceIds[facts.levelCompetence[k]];
    if (draft.hasLevel(id) || !draft.level(id, facts.levelValue[k])) return null;
  }
  const targetsSeen: string[] = [];
  for (let k = facts.targetStart[i]; k < facts.targetStart[i + 1]; k++) {
    const id = facts.competenceIds[facts.targetCompetence[k]];
    if (targetsSeen.includes(id) || !draft.gap(id, facts.targetValue[k])) return null;
    targetsSeen.push(id);
  }
  for (let k = facts.availabilityStart[i]; k < facts.availabilityStart[i + 1]; k++) {
    let window: { start: Date; end: Date };
    try {
      window = dayPeriod(facts.availabilityStarts[k], facts.availabilityEnds[k]);
    } catch {
      return null;
    }
    if (!draft.window(window.start.getTime(), window.end.getTime())) return null;
  }
  for (let k = facts.languageStart[i]; k < facts.languageStart[i + 1]; k++) {
    // fitCandidateOf leaves out a language whose level is not a CEFR level (or NATIVE).
    if (!(LANGUAGE_LEVELS as readonly string[]).includes(facts.languageLevels[k])) continue;
    if (!draft.language(facts.languageCodes[k], facts.languageLevels[k])) return null;
  }
  const stage = facts.candidateStage[i];
  return draft.done(stage < 0 ? null : (facts.stages[stage] as CareerStage));
}

/** The weights as `FitTable` reads them: in FIT_PART_KEYS order, and their sum in that order. */
export interface ScoringWeights {
  readonly essential: number;
  readonly optional: number;
  readonly development: number;
  readonly availability: number;
  readonly language: number;
  readonly sum: number;
}

/** `weights` (complete and checked: `resolveWeights`) for `FitTable`. */
export function scoringWeightsOf(weights: FitWeights): ScoringWeights {
  let sum = 0;
  for (const key of FIT_PART_KEYS) sum += weights[key];
  return {
    essential: weights.ESSENTIAL,
    optional: weights.OPTIONAL,
    development: weights.DEVELOPMENT,
    availability: weights.AVAILABILITY,
    language: weights.LANGUAGE,
    sum,
  };
}

/** Scratch for the clipped windows of `plainCoverage` (a candidate rarely has more than a few). */
let clippedStarts = new Float64Array(16);
let clippedEnds = new Float64Array(16);

/**
 * `availabilityCoverage(candidate.availability, opportunity.start, opportunity.end)` for a plain
 * candidate, without an array per pair: the union of the clipped windows sorted by start is the
 * same whole number of ms in whatever order windows with the same start come.
 */
function plainCoverage(candidate: ScoringCandidate, from: number, to: number): number | null {
  const starts = candidate.windowStarts;
  const ends = candidate.windowEnds;
  const n = starts.length;
  if (n === 0) return null;
  if (to <= from) {
    for (let k = 0; k < n; k++) if (starts[k] <= from && from <= ends[k]) return 1;
    return 0;
  }
  if (n === 1) {
    const s = Math.max(starts[0], from);
    const e = Math.min(ends[0], to);
    return (e > s ? e - s : 0) / (to - from);
  }
  if (clippedStarts.length < n) {
    clippedStarts = new Float64Array(n);
    clippedEnds = new Float64Array(n);
  }
  let m = 0;
  for (let k = 0; k < n; k++) {
    const s = Math.max(starts[k], from);
    const e = Math.min(ends[k], to);
    if (!(e > s)) continue;
    // Insertion by start.
    let at = m++;
    while (at > 0 && clippedStarts[at - 1] > s) {
      clippedStarts[at] = clippedStarts[at - 1];
      clippedEnds[at] = clippedEnds[at - 1];
      at--;
    }
    clippedStarts[at] = s;
    clippedEnds[at] = e;
  }
  let covered = 0;
  let reach = from;
  for (let k = 0; k < m; k++) {
    const begin = Math.max(clippedStarts[k], reach);
    const e = clippedEnds[k];
    if (e > begin) {
      covered += e - begin;
      reach = e;
    }
  }
  return covered / (to - from);
}

/** Fields of an opportunity's row in `FitTable` (a Float64Array, ROW numbers per opportunity). */
const ROW = 12;
const IN_TABLE = 0;
const FROM = 1;
const TO = 2;
const ANY_STAGE = 3;
const STAGE_MASK = 4;
const LANGUAGE = 5;
const FLOOR = 6;
const ESSENTIAL_START = 7;
const ESSENTIAL_END = 8;
const OPTIONAL_START = 9;
const OPTIONAL_END = 10;
/** Fields of a requirement in `FitTable` (3 numbers each): competence index, level, weight. */
const REQUIREMENT = 3;

/**
 * A round's opportunities as one flat table of numbers, for scoring millions of pairs against them
 * (`scorePackedFit`): per opportunity its period, its stages as a bit mask, its language and floor,
 * its essential and optional requirements (competence index, level, weight, in requirement order);
 * competences, stages and language codes as indices. A pair then reads a few adjacent numbers, not
 * a graph of objects, strings and Maps scattered over the heap. `score` is `fitScoreOf`'s score by
 * the same arithmetic in the same order for a plain candidate (`scoringCandidateOf`), its
 * eligibility then in `eligible`. An opportunity whose requirements `scoringTargetOf` would refuse,
 * whose period is not two numbers or that has more than 30 stages is not in the table (`has`): its
 * pairs go to `fitScoreOf`, which throws as `computeFit`. The property test compares the two.
 */
export class FitTable {
  /** The eligibility of the pair last scored. */
  eligible = false;
  private readonly rows: Float64Array;
  private readonly requirements: Float64Array;
  private readonly develops: (ReadonlySet<number> | null)[];
  private readonly competences = new Map<string, number>();
  private readonly stages = new Map<string | null, number>();
  private readonly languages = new Map<string, number>();
  private readonly weights: ScoringWeights;
  // The candidate scored now (`setCandidate`).
  private candidate: ScoringCandidate | null = null;
  private stage = -1;
  private levelCount = 0;
  private levelCompetence = new Int32Array(8);
  private levelValue = new Float64Array(8);
  private gapCompetence = new Int32Array(8);
  private languageCode = new Int32Array(8);

  constructor(opportunities: readonly (FitOpportunity | null)[], weights: FitWeights) {
    this.weights = scoringWeightsOf(weights);
    const m = opportunities.length;
    this.rows = new Float64Array(m * ROW);
    this.develops = new Array<ReadonlySet<number> | null>(m).fill(null);
    const requirements: number[] = [];
    for (let j = 0; j < m; j++) {
      const o = opportunities[j];
      if (!o || !FitTable.fits(o)) continue;
      let mask = 0;
      let tooMany = false;
      for (const stage of o.eligibleStages) {
        const k = this.indexOf(this.stages, stage);
        if (k > 30) tooMany = true;
        else mask |= 1 << k;
      }
      if (tooMany) continue;
      const row = j * ROW;
      this.rows[row + IN_TABLE] = 1;
      this.rows[row + FROM] = o.start.getTime();
      this.rows[row + TO] = o.end.getTime();
      this.rows[row + ANY_STAGE] = o.eligibleStages.length === 0 ? 1 : 0;
      this.rows[row + STAGE_MASK] = mask;
      this.rows[row + LANGUAGE] =
        o.language === null ? -1 : this.indexOf(this.languages, o.language.toLowerCase());
      this.rows[row + FLOOR] = LANGUAGE_LEVELS.indexOf(o.minLanguageLevel ?? DEFAULT_MIN_LANGUAGE_LEVEL);
      for (const essential of [true, false]) {
        this.rows[row + (essential ? ESSENTIAL_START : OPTIONAL_START)] = requirements.length / REQUIREMENT;
        for (const r of o.requirements)
          if (r.essential === essential)
            requirements.push(this.indexOf(this.competences, r.competenceId), r.minLevel, r.weight);
        this.rows[row + (essential ? ESSENTIAL_END : OPTIONAL_END)] = requirements.length / REQUIREMENT;
      }
      this.develops[j] = new Set(o.develops.map((c) => this.indexOf(this.competences, c)));
    }
    this.requirements = Float64Array.from(requirements);
  }

  /** Whether the table scores opportunity `j` (else `fitScoreOf` does). */
  has(j: number): boolean {
    return this.rows[j * ROW + IN_TABLE] === 1;
  }

  /** The candidate the next `score` calls are for (plain: `scoringCandidateOf`). */
  setCandidate(candidate: ScoringCandidate): void {
    this.candidate = candidate;
    this.stage = candidate.careerStage === null ? -1 : (this.stages.get(candidate.careerStage) ?? -1);
    let n = 0;
    const { levelIds, levelValues } = candidate;
    if (this.levelCompetence.length < levelIds.length) {
      this.levelCompetence = new Int32Array(levelIds.length);
      this.levelValue = new Float64Array(levelIds.length);
    }
    // A competence no opportunity requires cannot be read: left out.
    for (let l = 0; l < levelIds.length; l++) {
      const k = this.competences.get(levelIds[l]);
      if (k === undefined) continue;
      this.levelCompetence[n] = k;
      this.levelValue[n++] = levelValues[l];
    }
    this.levelCount = n;
    if (this.gapCompetence.length < candidate.gapIds.length)
      this.gapCompetence = new Int32Array(candidate.gapIds.length);
    candidate.gapIds.forEach((c, k) => (this.gapCompetence[k] = this.competences.get(c) ?? -1));
    if (this.languageCode.length < candidate.languageCodes.length)
      this.languageCode = new Int32Array(candidate.languageCodes.length);
    candidate.languageCodes.forEach((c, k) => (this.languageCode[k] = this.languages.get(c) ?? -1));
  }

  /** `fitScoreOf(candidate, scoringTargetOf(opportunities[j]), weights).score`; `eligible` set. */
  score(j: number): number {
    const candidate = this.candidate as ScoringCandidate;
    const rows = this.rows;
    const requirements = this.requirements;
    const row = j * ROW;
    let eligible = true;
    if (
      rows[row + ANY_STAGE] === 0 &&
      (this.stage < 0 || ((rows[row + STAGE_MASK] >>> this.stage) & 1) === 0)
    )
      eligible = false;
    let essentialValue = 1;
    let start = rows[row + ESSENTIAL_START];
    let end = rows[row + ESSENTIAL_END];
    if (end > start) {
      let weightSum = 0;
      let weighted = 0;
      let plain = 0;
      for (let r = start * REQUIREMENT; r < end * REQUIREMENT; r += REQUIREMENT) {
        const current = this.levelOf(requirements[r]);
        const credit = current >= 0 && current >= requirements[r + 1] ? 1 : 0;
        if (credit === 0) eligible = false;
        const weight = requirements[r + 2];
        weightSum += weight;
        weighted += weight * credit;
        plain += credit;
      }
      essentialValue = weightSum > 0 ? weighted / weightSum : plain / (end - start);
    }
    let optionalValue = 1;
    start = rows[row + OPTIONAL_START];
    end = rows[row + OPTIONAL_END];
    if (end > start) {
      let weightSum = 0;
      let weighted = 0;
      let plain = 0;
      for (let r = start * REQUIREMENT; r < end * REQUIREMENT; r += REQUIREMENT) {
        const current = this.levelOf(requirements[r]);
        const credit = current < 0 ? 0 : Math.min(current / requirements[r + 1], 1);
        const weight = requirements[r + 2];
        weightSum += weight;
        weighted += weight * credit;
        plain += credit;
      }
      optionalValue = weightSum > 0 ? weighted / weightSum : plain / (end - start);
    }
    let developmentValue = 0;
    const gaps = candidate.gaps;
    if (gaps.length > 0) {
      const develops = this.develops[j] as ReadonlySet<number>;
      let closed = 0;
      for (let k = 0; k < gaps.length; k++) if (develops.has(this.gapCompetence[k])) closed += gaps[k];
      developmentValue = candidate.gapTotal === 0 ? 0 : closed / candidate.gapTotal;
    }
    const availabilityValue =
      plainCoverage(candidate, rows[row + FROM], rows[row + TO]) ?? UNKNOWN_AVAILABILITY_VALUE;
    let languageValue = 1;
    const language = rows[row + LANGUAGE];
    if (language >= 0) {
      let best = -2;
      const levels = candidate.languageLevels;
      for (let k = 0; k < levels.length; k++)
        if (this.languageCode[k] === language && (best === -2 || levels[k] > best)) best = levels[k];
      languageValue = best !== -2 && best >= rows[row + FLOOR] ? 1 : 0;
    }
    const weights = this.weights;
    let weighted = 0;
    weighted += weights.essential * essentialValue;
    weighted += weights.optional * optionalValue;
    weighted += weights.development * developmentValue;
    weighted += weights.availability * availabilityValue;
    weighted += weights.language * languageValue;
    this.eligible = eligible;
    return Math.round((weighted / weights.sum) * 1000) / 10;
  }

  /** The candidate's level of competence `k`, -1 when unrated. */
  private levelOf(k: number): number {
    for (let l = 0; l < this.levelCount; l++) if (this.levelCompetence[l] === k) return this.levelValue[l];
    return -1;
  }

  private indexOf<K>(indices: Map<K, number>, key: K): number {
    let k = indices.get(key);
    if (k === undefined) {
      k = indices.size;
      indices.set(key, k);
    }
    return k;
  }

  /** Whether `scoringTargetOf` takes the opportunity and its period is two numbers. */
  private static fits(o: FitOpportunity): boolean {
    for (const { minLevel, weight } of o.requirements)
      if (!isProficiencyLevel(minLevel) || !Number.isFinite(weight) || weight < 0) return false;
    return Number.isFinite(o.start.getTime()) && Number.isFinite(o.end.getTime());
  }
}

/**
 * `computeFit(candidate, target.opportunity, { weights })`'s score and eligibility only, the same
 * numbers by the same arithmetic in the same order (the property test compares the two), without
 * the parts, reasons and texts a round never reads: a national round scores millions of pairs.
 * `weights` must be complete and checked (`resolveWeights`).
 */
export function fitScoreOf(
  candidate: FitCandidate,
  target: ScoringTarget,
  weights: FitWeights,
): { score: number; eligible: boolean } {
  const { opportunity } = target;
  let eligible = true;
  const stages = opportunity.eligibleStages;
  if (stages.length > 0 && (candidate.careerStage === null || !stages.includes(candidate.careerStage)))
    eligible = false;
  // The weighted means of computeFit: in requirement order, equal weights when all are 0.
  let essentialValue = 1;
  if (target.essentials.length > 0) {
    let weightSum = 0;
    let weighted = 0;
    let plain = 0;
    for (const { competenceId, minLevel, weight } of target.essentials) {
      const current = candidate.levels.get(competenceId) ?? null;
      if (current !== null) assertProficiencyLevel(current, `current level of ${competenceId}`);
      const credit = current !== null && current >= minLevel ? 1 : 0;
      if (credit === 0) eligible = false;
      weightSum += weight;
      weighted += weight * credit;
      plain += credit;
    }
    essentialValue = weightSum > 0 ? weighted / weightSum : plain / target.essentials.length;
  }
  let optionalValue = 1;
  if (target.optionals.length > 0) {
    let weightSum = 0;
    let weighted = 0;
    let plain = 0;
    for (const { competenceId, minLevel, weight } of target.optionals) {
      const current = candidate.levels.get(competenceId) ?? null;
      if (current !== null) assertProficiencyLevel(current, `current level of ${competenceId}`);
      const credit = current === null ? 0 : Math.min(current / minLevel, 1);
      weightSum += weight;
      weighted += weight * credit;
      plain += credit;
    }
    optionalValue = weightSum > 0 ? weighted / weightSum : plain / target.optionals.length;
  }
  // developmentValue of gap-analysis: the share of the gap levels the opportunity develops.
  let total = 0;
  let closed = 0;
  for (const [competenceId, gap] of candidate.developmentTargets) {
    if (!Number.isFinite(gap))
      throw new RangeError(`gap of ${competenceId}: ${gap} is not a number of levels`);
    if (gap <= 0) continue;
    total += gap;
    if (target.develops.has(competenceId)) closed += gap;
  }
  const developmentValue = total === 0 ? 0 : closed / total;
  const coverage = availabilityCoverage(candidate.availability, opportunity.start, opportunity.end);
  const availabilityValue = coverage ?? UNKNOWN_AVAILABILITY_VALUE;
  const languageValue =
    opportunity.language === null ||
    speaksLanguage(
      candidate.languages,
      opportunity.language,
      opportunity.minLanguageLevel ?? DEFAULT_MIN_LANGUAGE_LEVEL,
    ) !== null
      ? 1
      : 0;
  const score = weightedFitScore(weights, {
    ESSENTIAL: essentialValue,
    OPTIONAL: optionalValue,
    DEVELOPMENT: developmentValue,
    AVAILABILITY: availabilityValue,
    LANGUAGE: languageValue,
  });
  return { score, eligible };
}

/**
 * Scores every pair whose opportunity is fit-ordered into the packed round (score, PAIR_HAS_FIT,
 * PAIR_ELIGIBLE; a pair eligible only through HR's override is eligible and listed with HR's reason
 * in the round's `overridePairs`). The score and eligibility are `computeFit`'s (`fitScoreOf`).
 */
export function scorePackedFit(round: PackedRound, facts: PackedFitFacts): void {
  const weights = resolveWeights(facts.weights);
  const opportunities: (FitOpportunity | null)[] = facts.opportunities.map((o) =>
    o ? fitOpportunityOf(o) : null,
  );
  // Checked when first scored, as computeFit checks them (an opportunity nobody is scored for never).
  const targets: (ScoringTarget | undefined)[] = new Array<ScoringTarget | undefined>(opportunities.length);
  const override = new Map<number, string>();
  facts.overridePairs.forEach((p, k) => override.set(p, facts.overrideReasons[k]));
  const overridePairs: number[] = Array.from(round.overridePairs);
  const overrideReasons: string[] = [...round.overrideReasons];
  const table = new FitTable(opportunities, weights);
  const n = round.candidateIds.length;
  for (let i = 0; i < n; i++) {
    if (!facts.hasFacts[i]) continue;
    let candidate: FitCandidate | null = null;
    // A plain candidate is scored by the table, any other by fitScoreOf (which throws as computeFit).
    let prepared: ScoringCandidate | null = null;
    let started = false;
    for (let p = round.choiceStart[i]; p < round.choiceStart[i + 1]; p++) {
      const j = round.choiceOpportunity[p];
      const opportunity = opportunities[j];
      if (!opportunity) continue;
      if (!started) {
        started = true;
        // Straight from the packed facts; else the long way, which throws where computeFit would.
        prepared = scoringCandidateOfPacked(facts, i);
        if (prepared === null) {
          candidate = fitCandidateOf(candidateFacts(facts, i));
          prepared = scoringCandidateOf(candidate);
        }
        if (prepared !== null) table.setCandidate(prepared);
      }
      let score: number;
      let eligible: boolean;
      if (prepared !== null && table.has(j)) {
        score = table.score(j);
        eligible = table.eligible;
      } else {
        candidate ??= fitCandidateOf(candidateFacts(facts, i));
        ({ score, eligible } = fitScoreOf(candidate, (targets[j] ??= scoringTargetOf(opportunity)), weights));
      }
      const reason = eligible ? undefined : override.get(p);
      round.pairScore[p] = score;
      round.pairFlags[p] |= PAIR_HAS_FIT | (eligible || reason !== undefined ? PAIR_ELIGIBLE : 0);
      if (reason !== undefined) {
        overridePairs.push(p);
        overrideReasons.push(reason);
      }
    }
  }
  round.overridePairs = Int32Array.from(overridePairs);
  round.overrideReasons = overrideReasons;
}

/**
 * The fit facts as the loader read them, for the solver thread to expand (`expandFitFacts`): the
 * profiles as one JSON text and the assessments as one text of numbers (the effective levels are
 * worked out in the thread, by the same rule as everywhere: `effectiveLevelValues`), so that the
 * event loop holds no object per candidate.
 */
export interface ReadFitFacts {
  weights: FitWeights;
  /** Per opportunity (packed order): its facts, or null when its host ranked (no fit needed). */
  opportunities: (OpportunityFitFacts | null)[];
  /** The packed candidate indices whose facts were read, ascending: the order of the texts. */
  candidates: Int32Array;
  /** Per read candidate `[career stage, languages, availability]`, or null without a profile. */
  profilesJson: string;
  /** Competences of the assessments and development targets. */
  competenceIds: string[];
  /** The assessment sources, in the indices the assessments text uses. */
  sources: string[];
  /**
   * Per read candidate, groups separated by ';' of numbers separated by ',': per assessment its
   * competence index, level, source index and assessed-at time (epoch ms).
   */
  assessments: string;
  /** Per read candidate, their development targets (competence index, gap). */
  targetStart: Int32Array;
  targetCompetence: Int32Array;
  targetValue: Float64Array;
  /** Pairs (packed pair index) HR let apply although not eligible, and HR's reasons. */
  overridePairs: Int32Array;
  overrideReasons: string[];
}

/**
 * Whether read candidate `k` has at most one assessment per competence, each naming a competence
 * that is there (an index into `competences` ids).
 */
function assessedOnce(assessments: GroupedNumbers<Float64Array>, k: number, competences: number): boolean {
  const { start, values } = assessments;
  for (let a = start[k]; a < start[k + 1]; a += 4) {
    const c = values[a];
    if (!(Number.isInteger(c) && c >= 0 && c < competences)) return false;
    for (let b = start[k]; b < a; b += 4) if (values[b] === c) return false;
  }
  return true;
}

/** Read candidate `k`'s effective levels by `effectiveLevelValues`, appended to the two lists. */
function expandAssessments(
  read: ReadFitFacts,
  assessments: GroupedNumbers<Float64Array>,
  k: number,
  competenceIndex: ReadonlyMap<string, number>,
  levelCompetence: number[],
  levelValue: number[],
): void {
  const list: Assessment[] = [];
  for (let a = assessments.start[k]; a < assessments.start[k + 1]; a += 4) {
    const source = read.sources[assessments.values[a + 2]];
    if (source === undefined) throw new Error('expandFitFacts: an assessment of an unknown source');
    list.push({
      competenceId: read.competenceIds[assessments.values[a]],
      level: assessments.values[a + 1] as ProficiencyLevel,
      source: source as AssessmentSource,
      assessedAt: new Date(assessments.values[a + 3]),
    });
  }
  for (const [competenceId, level] of effectiveLevelValues(list)) {
    levelCompetence.push(competenceIndex.get(competenceId) as number);
    levelValue.push(level);
  }
}

/** The flat facts `scorePackedFit` reads, from the facts as read (in the solver thread). */
export function expandFitFacts(n: number, read: ReadFitFacts): PackedFitFacts {
  const r = read.candidates.length;
  const profiles = JSON.parse(read.profilesJson) as ([unknown, unknown, unknown] | null)[];
  if (profiles.length !== r)
    throw new Error(`expandFitFacts: ${profiles.length} profiles for ${r} candidates`);
  const assessments = parseGroupedNumbers(read.assessments, r);
  const competenceIndex = new Map(read.competenceIds.map((id, k) => [id, k]));
  // Each competence id once: an assessment's competence index is then its competence.
  const distinctCompetences = competenceIndex.size === read.competenceIds.length;
  const stages: string[] = [];
  const stageIndex = new Map<string, number>();
  const hasFacts = new Uint8Array(n);
  const candidateStage = new Int32Array(n).fill(-1);
  const levelStart = new Int32Array(n + 1);
  const targetStart = new Int32Array(n + 1);
  const languageStart = new Int32Array(n + 1);
  const availabilityStart = new Int32Array(n + 1);
  const levelCompetence: number[] = [];
  const levelValue: number[] = [];
  const targetCompetence: number[] = [];
  const targetValue: number[] = [];
  const languageCodes: string[] = [];
  const languageLevels: string[] = [];
  const availabilityStarts: string[] = [];
  const availabilityEnds: string[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    levelStart[i] = levelCompetence.length;
    targetStart[i] = targetCompetence.length;
    languageStart[i] = languageCodes.length;
    availabilityStart[i] = availabilityStarts.length;
    if (k >= r || read.candidates[k] !== i) continue;
    hasFacts[i] = 1;
    const profile = profiles[k];
    const stage = (profile?.[0] ?? null) as string | null;
    if (stage !== null) {
      let s = stageIndex.get(stage);
      if (s === undefined) {
        s = stages.length;
        stages.push(stage);
        stageIndex.set(stage, s);
      }
      candidateStage[i] = s;
    }
    if (distinctCompetences && assessedOnce(assessments, k, read.competenceIds.length)) {
      // One assessment per competence: each is the effective one (effectiveLevelValues' rule has
      // nothing to decide), in the order given, without an object and a Date per assessment.
      // The same checks in the same order: every source first, then every level.
      for (let a = assessments.start[k]; a < assessments.start[k + 1]; a += 4) {
        if (read.sources[assessments.values[a + 2]] === undefined)
          throw new Error('expandFitFacts: an assessment of an unknown source');
      }
      for (let a = assessments.start[k]; a < assessments.start[k + 1]; a += 4) {
        const level = assessments.values[a + 1];
        assertProficiencyLevel(level, `assessment of ${read.competenceIds[assessments.values[a]]}`);
        levelCompetence.push(assessments.values[a]);
        levelValue.push(level);
      }
    } else {
      expandAssessments(read, assessments, k, competenceIndex, levelCompetence, levelValue);
    }
    for (let t = read.targetStart[k]; t < read.targetStart[k + 1]; t++) {
      targetCompetence.push(read.targetCompetence[t]);
      targetValue.push(read.targetValue[t]);
    }
    for (const l of (profile?.[1] ?? []) as { code: string; level: string }[]) {
      languageCodes.push(l.code);
      languageLevels.push(l.level);
    }
    for (const w of (profile?.[2] ?? []) as { start: string; end: string }[]) {
      availabilityStarts.push(w.start);
      availabilityEnds.push(w.end);
    }
    k++;
  }
  if (k !== r) throw new Error('expandFitFacts: read candidates not ascending');
  levelStart[n] = levelCompetence.length;
  targetStart[n] = targetCompetence.length;
  languageStart[n] = languageCodes.length;
  availabilityStart[n] = availabilityStarts.length;
  return {
    weights: read.weights,
    opportunities: read.opportunities,
    competenceIds: read.competenceIds,
    stages,
    hasFacts,
    candidateStage,
    levelStart,
    levelCompetence: Int32Array.from(levelCompetence),
    levelValue: Int32Array.from(levelValue),
    targetStart,
    targetCompetence: Int32Array.from(targetCompetence),
    targetValue: Float64Array.from(targetValue),
    languageStart,
    languageCodes,
    languageLevels,
    availabilityStart,
    availabilityStarts,
    availabilityEnds,
    overridePairs: read.overridePairs,
    overrideReasons: read.overrideReasons,
  };
}
