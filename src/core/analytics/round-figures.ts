import { addRankCounts } from './figures';

/**
 * The figures of one allocation round from the statistics its APPLIED runs stored (the PUBLISH run
 * and any FOLLOW_UP runs that finished DONE: a run the verifier refused is FAILED and applied
 * nothing; dry runs apply nothing). Runs in the order they ran.
 *
 * - seatsFilled: seats the applied runs filled (offers made, pre-assignments included). A seat freed
 *   by a declined offer and filled again by a follow-up counts again: it was offered again.
 * - seatsUnfilled: the seats still free after the last applied run (its seatsOffered - seatsFilled).
 * - seatsOffered = seatsFilled + seatsUnfilled: the initial seats plus the ones offered again.
 * - candidatesMatched: placements of candidates by the applied runs (the same as seatsFilled: a run
 *   places one candidate per seat); candidatesUnmatched: those the last run left without a seat.
 *   candidates = matched + unmatched.
 * - choiceRankCounts[i]: placements on the candidate's (i+1)-th choice, over the applied runs.
 *
 * So every figure is a partition of its total, which the secondary suppression needs.
 */

export interface AppliedRunStats {
  readonly seatsOffered: number;
  readonly seatsFilled: number;
  readonly candidates: number;
  readonly candidatesMatched: number;
  readonly choiceRankCounts: readonly number[];
}

export interface RoundFigures {
  readonly seatsFilled: number;
  readonly seatsUnfilled: number;
  readonly candidatesMatched: number;
  readonly candidatesUnmatched: number;
  readonly choiceRankCounts: number[];
}

export function roundFigures(runs: readonly AppliedRunStats[]): RoundFigures {
  if (runs.length === 0) {
    return {
      seatsFilled: 0,
      seatsUnfilled: 0,
      candidatesMatched: 0,
      candidatesUnmatched: 0,
      choiceRankCounts: [],
    };
  }
  const last = runs[runs.length - 1];
  return {
    seatsFilled: runs.reduce((sum, r) => sum + r.seatsFilled, 0),
    seatsUnfilled: Math.max(last.seatsOffered - last.seatsFilled, 0),
    candidatesMatched: runs.reduce((sum, r) => sum + r.candidatesMatched, 0),
    candidatesUnmatched: Math.max(last.candidates - last.candidatesMatched, 0),
    choiceRankCounts: addRankCounts(runs.map((r) => r.choiceRankCounts)),
  };
}
