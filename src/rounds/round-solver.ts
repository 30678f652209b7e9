import { createHash } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { parseInstance, solve, verify, Verification } from '../core/matching';
import {
  AssembledRunInput,
  assembleRunInput,
  instanceOfAssembled,
  placedAtOf,
  runStatsPacked,
  splitAssembledRunInput,
} from '../core/rounds/round-assembly';
import { canonicalJsonBytesApart } from '../core/rounds/canonical-json-bytes';
import { RoundRunStats } from '../core/rounds/round-allocation';
import { expandFitFacts, scorePackedFit } from '../core/rounds/round-fit';
import { listPathsApart, RunInputParts } from '../core/rounds/round-input-parts';
import { PackedRound } from '../core/rounds/round-packing';

/**
 * What solving a run needs: the loaded data, packed as flat arrays (`packLiveRound`; to the solver
 * thread its buffers are transferred, not copied).
 */
export interface SolveRunRequest {
  round: PackedRound;
}

/**
 * A solved and verified run: only what the main thread needs, as text and flat arrays (it crosses
 * from the solver thread by structured clone, and the big parts are two transferred buffers).
 */
export interface SolvedRun {
  /**
   * The run's input document as canonical JSON (object keys sorted), UTF-8 encoded, as it is stored:
   * with `inputListsApart`, the candidates' lists (`listPathsApart`) written `{}`, since the rows per
   * candidate (`inputParts`) hold them; otherwise the whole text. From the solver thread its buffer
   * is transferred, not copied.
   */
  inputText: Uint8Array;
  /** Whether `inputText` leaves the candidates' lists to the rows (`round_run_inputs.lists_apart`). */
  inputListsApart: boolean;
  /** The sha256 of the whole document's canonical text (with the candidates' lists). */
  inputHash: string;
  /** The document's small rest and its rows per candidate, stored beside its text (`splitRunInput`). */
  inputParts: RunInputParts;
  algorithm: string;
  algorithmVersion: string;
  /**
   * The opportunity index (into the packed round's `opportunityIds`) each candidate (in the packed
   * round's candidate order) is placed on, HR's pre-assignments included; -1 when unmatched.
   */
  placedAt: Int32Array;
  valid: boolean;
  stable: boolean;
  violations: { kind: string; ids: string[]; message: string }[];
  stats: RoundRunStats;
  /** ms per step, in this order: solve.fit, solve.assemble, solve.parse, solve.solve, solve.verify, solve.stats, solve.split, solve.hash. */
  steps: Record<string, number>;
  /** The largest V8 heap (bytes) of the thread that solved, seen between its steps. */
  heapPeakBytes: number;
  /** The V8 heap in use (MB) of the thread that solved at the end of each of its steps. */
  heap: Record<string, number>;
}

/**
 * A solve request as posted to the thread (`round-solver.thread.ts` takes it back with
 * `fromMain`): the read fit facts' opportunities (one object per opportunity, with their
 * requirements: 50,000 at national scale) cross as one JSON text, which the thread parses. Cloned
 * as objects they were 0.33 s of the main thread and 0.33 to 0.8 s of the thread at the handover;
 * as JSON 0.1 s and 0.12 to 0.3 s (wave 17). They are plain data (strings, finite numbers,
 * booleans, null), which JSON gives back as they were.
 */
export interface SolveMessage {
  id: number;
  request?: SolveRunRequest;
  /** `request.round.readFitFacts.opportunities` as JSON (the request holds an empty list then). */
  fitOpportunitiesJson?: string;
}

export function toThread(id: number, request: SolveRunRequest): SolveMessage {
  const read = request.round.readFitFacts;
  if (!read) return { id, request };
  return {
    id,
    request: { ...request, round: { ...request.round, readFitFacts: { ...read, opportunities: [] } } },
    fitOpportunitiesJson: JSON.stringify(read.opportunities),
  };
}

/** The request a `SolveMessage` carries, its fit facts' opportunities parsed back (in the thread). */
export function fromMain(request: SolveRunRequest, fitOpportunitiesJson?: string): SolveRunRequest {
  const read = request.round.readFitFacts;
  if (read && fitOpportunitiesJson !== undefined) {
    read.opportunities = JSON.parse(fitOpportunitiesJson) as typeof read.opportunities;
  }
  return request;
}

/** `SolvedRun.inputParts` when they were handed to `onParts` instead (empty). */
export const HANDED_ON_PARTS: RunInputParts = {
  rest: {} as RunInputParts['rest'],
  candidates: { candidateIds: [], choices: [], own: [], listedBy: [], full: [], preAssigned: [] },
};

/**
 * What a run decided, known before its input's parts and text are made: all a publication needs
 * to apply it (`solveRun`'s `onSolved`). `steps` are the solver's steps up to then.
 */
export type SolvedPlacements = Pick<
  SolvedRun,
  'algorithm' | 'algorithmVersion' | 'placedAt' | 'valid' | 'stable' | 'violations' | 'stats' | 'steps'
>;

/** What `solveRun` hands on as soon as it is made, before it returns. */
export interface SolveRunHooks {
  /** The placements, the verifier's verdict and the statistics, before the input's parts and text. */
  onSolved?: (solved: SolvedPlacements) => void;
  /** The input's parts (then left out of the result: `HANDED_ON_PARTS`). */
  onParts?: (parts: RunInputParts) => void;
}

/**
 * The CPU-bound part of a run, with no I/O: assembles the instance from the loaded data (the
 * document as stored, format version 2), parses, solves, verifies independently and computes the
 * statistics; then splits the input into its stored parts and writes its text and hash. Runs in the
 * solver thread (`RoundSolver`) so the API instance's event loop keeps serving, or inline. The
 * placements come first (`onSolved`): a publication applies them while the thread goes on with the
 * parts and the text, which only the storing beside the publication needs (at 300k x 10 the split
 * and the text take 3 to 4 s; until wave 13 they came before the placements). With `onParts`, the
 * input's parts are given to it as soon as they are made, and the result's `inputParts` is empty.
 */
export function solveRun(request: SolveRunRequest, hooks: SolveRunHooks = {}): SolvedRun {
  const steps: Record<string, number> = {};
  const heap: Record<string, number> = {};
  let heapPeakBytes = 0;
  let last = performance.now();
  const mark = (step: string): void => {
    const now = performance.now();
    steps[step] = now - last;
    const used = getHeapStatistics().used_heap_size;
    heap[step] = Math.round(used / 1048576);
    heapPeakBytes = Math.max(heapPeakBytes, used);
    last = now;
  };
  const packed = request.round;
  if (packed.readFitFacts) {
    scorePackedFit(packed, expandFitFacts(packed.candidateIds.length, packed.readFitFacts));
    // Scored into the pairs: the texts read (tens of MB at 300k x 10) are not kept through the rest.
    packed.readFitFacts = undefined;
    mark('solve.fit');
  } else if (packed.fitFacts) {
    scorePackedFit(packed, packed.fitFacts);
    mark('solve.fit');
  }
  // Straight from the packed arrays (no Maps of the round's lists first).
  const assembled = assembleRunInput(packed);
  const { input } = assembled;
  mark('solve.assemble');
  // In a function of its own, so that the parsed instance and the assignment by id are out of
  // reach once it returns (a local of this function would stay reachable while the parts and the
  // text are made).
  const { algorithm, algorithmVersion, placedAt, verdict, stats } = solveAndVerify(packed, assembled, mark);
  const placements: Omit<SolvedPlacements, 'steps'> = {
    algorithm,
    algorithmVersion,
    placedAt,
    valid: verdict.valid,
    stable: verdict.stable,
    violations: verdict.violations.map((v) => ({ kind: v.kind, ids: [...v.ids], message: v.message })),
    stats,
  };
  hooks.onSolved?.({ ...placements, steps: { ...steps } });
  // From the packed indices: what splitRunInput(input) gives, without reading the document's strings.
  // Handed on at once when the caller takes them (the solver thread posts them to the main thread):
  // not kept through the text, and not cloned beside it at the end.
  let inputParts: RunInputParts | null = splitAssembledRunInput(packed, assembled);
  if (hooks.onParts) {
    hooks.onParts(inputParts);
    inputParts = null;
  }
  mark('solve.split');
  // Written straight to UTF-8 bytes and hashed a megabyte at a time as they are written: no string
  // of the whole text (328 MB at 300k x 10) beside its bytes. Last, once the parsed instance and the
  // verifier's structures are garbage (collected while it is written), not beside them. Then the
  // candidates' lists (two thirds of it at 300k x 10) are cut out in place: the rows per candidate
  // hold them, and the stored text is read back with them (`documentWithLists`).
  const hash = createHash('sha256');
  const { text: inputText, apart: inputListsApart } = canonicalJsonBytesApart(
    input,
    listPathsApart(input.problem),
    (chunk) => hash.update(chunk),
  );
  const inputHash = hash.digest('hex');
  mark('solve.hash');
  return {
    ...placements,
    inputText,
    inputListsApart,
    inputHash,
    inputParts: inputParts ?? HANDED_ON_PARTS,
    steps,
    heapPeakBytes,
    heap,
  };
}

/** Parses, solves and verifies the assembled document; the placements by index and the statistics. */
function solveAndVerify(
  packed: PackedRound,
  assembled: AssembledRunInput,
  mark: (step: string) => void,
): {
  algorithm: string;
  algorithmVersion: string;
  placedAt: Int32Array;
  verdict: Verification;
  stats: RoundRunStats;
} {
  const { input } = assembled;
  // Built from the packed indices the document was assembled from (no Map lookup per listed id), or
  // parsed where the two could differ (`instanceOfAssembled`; its property test holds them equal).
  const instance = instanceOfAssembled(packed, assembled) ?? parseInstance(input);
  mark('solve.parse');
  const solved = solve(instance, { optimal: input.optimal });
  mark('solve.solve');
  const verdict = verify(instance, solved.assignment);
  mark('solve.verify');
  const placedAt = placedAtOf(packed, solved.assignment);
  // From the packed indices: what runStats(input, ...) gives, without Maps of the placements by id.
  const stats = runStatsPacked(packed, assembled, solved.assignment, placedAt);
  mark('solve.stats');
  return { algorithm: solved.algorithm, algorithmVersion: solved.version, placedAt, verdict, stats };
}

/** The assignment as stored (candidate id → opportunity id or null, in candidate order). */
export function assignmentOf(round: PackedRound, placedAt: Int32Array): Record<string, string | null> {
  const assignment: Record<string, string | null> = {};
  round.candidateIds.forEach((c, i) => {
    const o = placedAt[i] >= 0 ? round.opportunityIds[placedAt[i]] : null;
    if (c === '__proto__') {
      Object.defineProperty(assignment, c, {
        value: o,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else assignment[c] = o;
  });
  return assignment;
}
