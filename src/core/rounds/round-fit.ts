/**
 * The fit scores of a round's pairs, computed where the round is solved (the solver thread) from the
 * facts the loader read, packed flat: the event loop reads rows, it does not score 300,000 choice
 * lists. The same mapping (`fitCandidateOf`, `fitOpportunityOf`) and `computeFit` with the configured
 * weights as everywhere else, so the fit that orders a host's list is the fit the candidate is shown.
 */
import { Assessment, effectiveLevelValues } from '../competences/effective-level';
import { AssessmentSource, CareerStage, ProficiencyLevel } from '../domain/enums';
import { CandidateFitFacts, fitCandidateOf, fitOpportunityOf, OpportunityFitFacts } from '../fit/fit-inputs';
import { assertProficiencyLevel } from '../competences/effective-level';
import {
  availabilityCoverage,
  DEFAULT_MIN_LANGUAGE_LEVEL,
  FitCandidate,
  FitOpportunity,
  FitWeights,
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
function candidateFacts(facts: PackedFitFacts, i: number): CandidateFitFacts {
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
 * An opportunity ready to be scored against many candidates (`fitScoreOf`): its requirements checked
 * once, split into essential and optional, and the competences it develops as a set.
 */
export interface ScoringTarget {
  readonly opportunity: FitOpportunity;
  readonly essentials: readonly FitOpportunity['requirements'][number][];
  readonly optionals: readonly FitOpportunity['requirements'][number][];
  readonly develops: ReadonlySet<string>;
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
  };
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
  const n = round.candidateIds.length;
  for (let i = 0; i < n; i++) {
    if (!facts.hasFacts[i]) continue;
    let candidate: FitCandidate | null = null;
    for (let p = round.choiceStart[i]; p < round.choiceStart[i + 1]; p++) {
      const j = round.choiceOpportunity[p];
      const opportunity = opportunities[j];
      if (!opportunity) continue;
      candidate ??= fitCandidateOf(candidateFacts(facts, i));
      const fit = fitScoreOf(candidate, (targets[j] ??= scoringTargetOf(opportunity)), weights);
      const reason = fit.eligible ? undefined : override.get(p);
      round.pairScore[p] = fit.score;
      round.pairFlags[p] |= PAIR_HAS_FIT | (fit.eligible || reason !== undefined ? PAIR_ELIGIBLE : 0);
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
