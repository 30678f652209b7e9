/**
 * The fit scores of a round's pairs, computed where the round is solved (the solver thread) from the
 * facts the loader read, packed flat: the event loop reads rows, it does not score 300,000 choice
 * lists. The same mapping (`fitCandidateOf`, `fitOpportunityOf`) and `computeFit` with the configured
 * weights as everywhere else, so the fit that orders a host's list is the fit the candidate is shown.
 */
import { CareerStage } from '../domain/enums';
import { CandidateFitFacts, fitCandidateOf, fitOpportunityOf, OpportunityFitFacts } from '../fit/fit-inputs';
import { computeFit, FitCandidate, FitOpportunity, FitWeights } from '../fit/fit-score';
import { PAIR_ELIGIBLE, PAIR_HAS_FIT, PackedRound } from './round-packing';

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
 * Scores every pair whose opportunity is fit-ordered into the packed round (score, PAIR_HAS_FIT,
 * PAIR_ELIGIBLE; a pair eligible only through HR's override is eligible and listed with HR's reason
 * in the round's `overridePairs`).
 */
export function scorePackedFit(round: PackedRound, facts: PackedFitFacts): void {
  const opportunities: (FitOpportunity | null)[] = facts.opportunities.map((o) =>
    o ? fitOpportunityOf(o) : null,
  );
  const override = new Map<number, string>();
  facts.overridePairs.forEach((p, k) => override.set(p, facts.overrideReasons[k]));
  const overridePairs: number[] = Array.from(round.overridePairs);
  const overrideReasons: string[] = [...round.overrideReasons];
  const options = { weights: facts.weights };
  const n = round.candidateIds.length;
  for (let i = 0; i < n; i++) {
    if (!facts.hasFacts[i]) continue;
    let candidate: FitCandidate | null = null;
    for (let p = round.choiceStart[i]; p < round.choiceStart[i + 1]; p++) {
      const target = opportunities[round.choiceOpportunity[p]];
      if (!target) continue;
      candidate ??= fitCandidateOf(candidateFacts(facts, i));
      const fit = computeFit(candidate, target, options);
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
