import { createHash } from 'node:crypto';
import { parseInstance, solve, verify } from '../core/matching';
import {
  AllocationData,
  buildRunInput,
  canonicalJson,
  RoundRunInput,
  RoundRunStats,
  runStats,
} from '../core/rounds/round-allocation';

/** What solving a run needs: the loaded data and, for the statistics, who belongs where. */
export interface SolveRunRequest {
  data: AllocationData;
  candidateOrganisation: ReadonlyMap<string, string>;
  hostOrganisation: ReadonlyMap<string, string>;
}

/** A solved and verified run: plain data (it crosses from the solver thread by structured clone). */
export interface SolvedRun {
  input: RoundRunInput;
  inputHash: string;
  algorithm: string;
  algorithmVersion: string;
  assignment: Record<string, string | null>;
  valid: boolean;
  stable: boolean;
  violations: { kind: string; ids: string[]; message: string }[];
  stats: RoundRunStats;
  /** ms per step (solve.assemble, solve.parse, solve.solve, solve.verify, solve.stats, solve.hash). */
  steps: Record<string, number>;
}

/**
 * The CPU-bound part of a run, with no I/O: assembles the instance from the loaded data (the
 * document as stored, format version 2), parses, solves, verifies independently, computes the
 * statistics and the input's hash. Runs in the solver thread (`RoundSolver`) so the API instance's
 * event loop keeps serving, or inline.
 */
export function solveRun(request: SolveRunRequest): SolvedRun {
  const steps: Record<string, number> = {};
  let last = performance.now();
  const mark = (step: string): void => {
    const now = performance.now();
    steps[step] = now - last;
    last = now;
  };
  const input = buildRunInput(request.data);
  mark('solve.assemble');
  const instance = parseInstance(input);
  mark('solve.parse');
  const solved = solve(instance, { optimal: input.optimal });
  mark('solve.solve');
  const verdict = verify(instance, solved.assignment);
  mark('solve.verify');
  const stats = runStats(input, solved.assignment, request.candidateOrganisation, request.hostOrganisation);
  mark('solve.stats');
  const inputHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
  mark('solve.hash');
  return {
    input,
    inputHash,
    algorithm: solved.algorithm,
    algorithmVersion: solved.version,
    assignment: { ...solved.assignment },
    valid: verdict.valid,
    stable: verdict.stable,
    violations: verdict.violations.map((v) => ({ kind: v.kind, ids: [...v.ids], message: v.message })),
    stats,
    steps,
  };
}
