/**
 * A round's loaded data as flat arrays, for the hand-over to the solver thread: typed arrays cross
 * by transfer (their buffers move, nothing is copied or serialised), and ids go as a few string
 * lists instead of Maps of Maps. The loader packs with `packLiveRound`; the tests keep the reference
 * forms (test/utils/round-packing-reference.ts: `packRound` from the Maps of `AllocationData` and
 * `unpackRound` back, exact inverses on what `buildRunInput` and `runStats` read) and check that a
 * run solved from the packed form gives the document, hash, assignment and statistics the Maps give.
 *
 * Layout: candidates in sorted id order (the order of the document's lists and of the assignment);
 * opportunities in the order given; a candidate's live choices are `choiceOpportunity[choiceStart[i]
 * .. choiceStart[i + 1])` (opportunity indices, rank 1 first), and every per-pair array (fit score,
 * flags) is in that same pair order.
 */
import { AllocationOpportunity } from './round-allocation';
import type { PackedFitFacts, ReadFitFacts } from './round-fit';

/** Per-pair flags. */
export const PAIR_EXCLUDED = 1;
/** The pair has a fit entry (its opportunity is fit-ordered). */
export const PAIR_HAS_FIT = 2;
export const PAIR_ELIGIBLE = 4;

export interface PackedRound {
  problem: 'HR' | 'SPA-S';
  optimal: 'candidate' | 'host';
  seed: number;
  /** Sorted. */
  candidateIds: string[];
  opportunityIds: string[];
  /** Distinct organisation ids (candidates' and hosts'); the arrays below index into it. */
  organisationIds: string[];
  /** Distinct lead supervisor ids. */
  leadIds: string[];
  opportunityHost: Int32Array;
  opportunityLead: Int32Array;
  /** Float: a broken value must reach the instance's validation as it is. */
  freeSeats: Float64Array;
  /** Organisation index per candidate, -1 when unknown. */
  candidateOrganisation: Int32Array;
  choiceStart: Int32Array;
  choiceOpportunity: Int32Array;
  pairFlags: Uint8Array;
  pairScore: Float64Array;
  /** Pairs eligible only through HR's override, with HR's reason. */
  overridePairs: Int32Array;
  overrideReasons: string[];
  /** Per opportunity: 1 when its host ranked (the ranking may be empty). */
  ranked: Uint8Array;
  rankingStart: Int32Array;
  rankingCandidate: Int32Array;
  /** Opportunity index HR pre-assigned per candidate, -1 for none. */
  preAssigned: Int32Array;
  /** Candidates with a pre-assignment reason, and the reasons. */
  preAssignedReasonOf: Int32Array;
  preAssignedReasons: string[];
  /** SPA: remaining load per lead (index into leadIds); ignored for HR. */
  supervisorRoom: Int32Array;
  /** Leads present in `supervisorRoom` (1) or not (0). */
  supervisorHasRoom: Uint8Array;
  /** The facts to score the fit-ordered pairs with (`scorePackedFit`), when not scored yet. */
  fitFacts?: PackedFitFacts;
  /** The same, as the loader read them (`expandFitFacts` in the thread, then `scorePackedFit`). */
  readFitFacts?: ReadFitFacts;
}

/** The buffers to transfer with a packed round (each moves to the receiver; the sender's arrays empty). */
export function transferablesOf(packed: PackedRound): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of [
    ...Object.values(packed),
    ...Object.values(packed.fitFacts ?? {}),
    ...Object.values(packed.readFitFacts ?? {}),
  ]) {
    // Not `instanceof ArrayBuffer`: a buffer made in another realm (a test's sandbox) is one too.
    if (ArrayBuffer.isView(value) && Object.prototype.toString.call(value.buffer) === '[object ArrayBuffer]')
      buffers.add(value.buffer as ArrayBuffer);
  }
  return [...buffers];
}

/** Each id's position in `ids`. */
export function indexOf(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  return index;
}

/** Interns ids into a list, giving each its index. */
export class Interner {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();

  of(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
    }
    return i;
  }
}

/**
 * A round's loaded data with the live choice lists already column-wise (as the loader reads them:
 * no Map or list per candidate), the rest as in `AllocationData` (small: per opportunity, per lead,
 * or per HR decision).
 */
export interface LiveRoundData {
  problem: 'HR' | 'SPA-S';
  optimal: 'candidate' | 'host';
  seed: number;
  /** With their hosts' organisations. */
  opportunities: readonly AllocationOpportunity[];
  /** Sorted (JavaScript string order), each with at least one live choice. */
  candidateIds: readonly string[];
  /** Per candidate: their organisation id, '' when unknown. */
  candidateOrganisation: readonly string[];
  /** Candidate i's live choices: `choiceOpportunity[choiceStart[i] .. choiceStart[i + 1])` (opportunity indices, rank 1 first). */
  choiceStart: Int32Array;
  choiceOpportunity: Int32Array;
  hostRankings: ReadonlyMap<string, readonly string[]>;
  /** Pairs HR excluded. */
  excluded: readonly { candidateId: string; opportunityId: string }[];
  /** Candidate id → opportunity id HR pre-assigned (one of the candidate's live choices). */
  preAssigned: ReadonlyMap<string, string>;
  preAssignedReasons?: ReadonlyMap<string, string>;
  supervisorRoom: ReadonlyMap<string, number>;
}

/** The index of `id` in sorted `ids`, -1 when absent. */
export function sortedIndexOf(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid];
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Packs a round whose lists are already column-wise: the same packed round `packRound` gives for the
 * same data as Maps (no fit entries: the thread scores them), without a Map or list per candidate.
 */
export function packLiveRound(data: LiveRoundData): PackedRound {
  const { candidateIds, choiceStart, choiceOpportunity } = data;
  const n = candidateIds.length;
  for (let i = 1; i < n; i++) {
    if (!(candidateIds[i - 1] < candidateIds[i]))
      throw new Error(`packLiveRound: candidate ids not sorted at ${i}: ${candidateIds[i]}`);
  }
  if (choiceStart.length !== n + 1 || choiceStart[n] !== choiceOpportunity.length)
    throw new Error('packLiveRound: choice offsets do not match the candidates');
  const opportunityIds = data.opportunities.map((o) => o.id);
  const opportunityIndex = indexOf(opportunityIds);
  const organisations = new Interner();
  const leads = new Interner();
  const m = opportunityIds.length;
  const opportunityHost = new Int32Array(m);
  const opportunityLead = new Int32Array(m);
  const freeSeats = new Float64Array(m);
  data.opportunities.forEach((o, j) => {
    opportunityHost[j] = organisations.of(o.hostOrganisationId);
    opportunityLead[j] = leads.of(o.leadSupervisorId);
    freeSeats[j] = o.freeSeats;
  });
  const candidateOrg = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const org = data.candidateOrganisation[i];
    if (org) candidateOrg[i] = organisations.of(org);
  }
  const pairs = choiceOpportunity.length;
  for (let p = 0; p < pairs; p++) {
    if (choiceOpportunity[p] < 0 || choiceOpportunity[p] >= m)
      throw new Error(`packLiveRound: choice of an opportunity outside the round: ${choiceOpportunity[p]}`);
  }
  const pairFlags = new Uint8Array(pairs);
  for (const { candidateId, opportunityId } of data.excluded) {
    const i = sortedIndexOf(candidateIds, candidateId);
    const j = opportunityIndex.get(opportunityId);
    if (i < 0 || j === undefined) continue;
    for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++)
      if (choiceOpportunity[p] === j) pairFlags[p] |= PAIR_EXCLUDED;
  }
  const ranked = new Uint8Array(m);
  const rankingStart = new Int32Array(m + 1);
  const rankingCandidate: number[] = [];
  // The ranked candidates found by a Map of the candidates, built once: a binary search per ranked
  // candidate compared about 19 uuid strings each (300,000 at national scale: 0.5 to 0.9 s of CPU,
  // the Map 0.13 to 0.27 s with its building).
  const candidateIndex = data.hostRankings.size > 0 ? indexOf(candidateIds) : null;
  for (let j = 0; j < m; j++) {
    rankingStart[j] = rankingCandidate.length;
    const ranking = data.hostRankings.get(opportunityIds[j]);
    if (!ranking || !candidateIndex) continue;
    ranked[j] = 1;
    // Candidates outside the run cannot be on a list: the ranking keeps the others, in order.
    for (const c of ranking) {
      const i = candidateIndex.get(c);
      if (i !== undefined) rankingCandidate.push(i);
    }
  }
  rankingStart[m] = rankingCandidate.length;
  const preAssigned = new Int32Array(n).fill(-1);
  const preAssignedReasonOf: number[] = [];
  const preAssignedReasons: string[] = [];
  for (const [c, o] of data.preAssigned) {
    const i = sortedIndexOf(candidateIds, c);
    if (i < 0) throw new Error(`packLiveRound: a pre-assigned candidate without a live choice: ${c}`);
    const j = opportunityIndex.get(o);
    if (j === undefined) throw new Error(`packLiveRound: a pre-assignment outside the round: ${o}`);
    preAssigned[i] = j;
    const reason = data.preAssignedReasons?.get(c);
    if (reason !== undefined) {
      preAssignedReasonOf.push(i);
      preAssignedReasons.push(reason);
    }
  }
  for (const lead of data.supervisorRoom.keys()) leads.of(lead);
  const supervisorRoom = new Int32Array(leads.ids.length);
  const supervisorHasRoom = new Uint8Array(leads.ids.length);
  for (const [lead, room] of data.supervisorRoom) {
    const k = leads.of(lead);
    supervisorRoom[k] = room;
    supervisorHasRoom[k] = 1;
  }
  return {
    problem: data.problem,
    optimal: data.optimal,
    seed: data.seed,
    candidateIds: [...candidateIds],
    opportunityIds,
    organisationIds: organisations.ids,
    leadIds: leads.ids,
    opportunityHost,
    opportunityLead,
    freeSeats,
    candidateOrganisation: candidateOrg,
    choiceStart,
    choiceOpportunity,
    pairFlags,
    pairScore: new Float64Array(pairs),
    overridePairs: new Int32Array(0),
    overrideReasons: [],
    ranked,
    rankingStart,
    rankingCandidate: Int32Array.from(rankingCandidate),
    preAssigned,
    preAssignedReasonOf: Int32Array.from(preAssignedReasonOf),
    preAssignedReasons,
    supervisorRoom,
    supervisorHasRoom,
  };
}
