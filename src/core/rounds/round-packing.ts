/**
 * A round's loaded data as flat arrays, for the hand-over to the solver thread: typed arrays cross
 * by transfer (their buffers move, nothing is copied or serialised), and ids go as a few string
 * lists instead of Maps of Maps. `packRound` and `unpackRound` are exact inverses on what
 * `buildRunInput` and `runStats` read, so a run solved from the packed form gives the document,
 * hash, assignment and statistics it gives from the Maps.
 *
 * Layout: candidates in sorted id order (the order of the document's lists and of the assignment);
 * opportunities in the order given; a candidate's live choices are `choiceOpportunity[choiceStart[i]
 * .. choiceStart[i + 1])` (opportunity indices, rank 1 first), and every per-pair array (fit score,
 * flags) is in that same pair order.
 */
import { AllocationData, AllocationOpportunity, FitEntry, pairKey } from './round-allocation';
import type { PackedFitFacts, ReadFitFacts, RoundFitFacts } from './round-fit';

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

function indexOf(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  return index;
}

/** Interns ids into a list, giving each its index. */
class Interner {
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
 * Packs the Maps of a round's data. Candidates are those with choices (pre-assigned candidates
 * have a choice: HR may only pre-assign one of them).
 */
export function packRound(
  data: AllocationData,
  candidateOrganisation: ReadonlyMap<string, string>,
  hostOrganisation: ReadonlyMap<string, string>,
  fitFacts?: RoundFitFacts,
): PackedRound {
  const candidateIds = [...new Set([...data.choices.keys(), ...data.preAssigned.keys()])].sort();
  const candidateIndex = indexOf(candidateIds);
  const opportunityIds = data.opportunities.map((o) => o.id);
  const opportunityIndex = indexOf(opportunityIds);
  const organisations = new Interner();
  const leads = new Interner();
  const m = opportunityIds.length;
  const opportunityHost = new Int32Array(m);
  const opportunityLead = new Int32Array(m);
  const freeSeats = new Float64Array(m);
  data.opportunities.forEach((o, j) => {
    opportunityHost[j] = organisations.of(hostOrganisation.get(o.id) ?? o.hostOrganisationId);
    opportunityLead[j] = leads.of(o.leadSupervisorId);
    freeSeats[j] = o.freeSeats;
  });
  const n = candidateIds.length;
  const candidateOrg = new Int32Array(n).fill(-1);
  const choiceStart = new Int32Array(n + 1);
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    const org = candidateOrganisation.get(candidateIds[i]);
    if (org !== undefined) candidateOrg[i] = organisations.of(org);
    choiceStart[i] = pairs;
    pairs += data.choices.get(candidateIds[i])?.length ?? 0;
  }
  choiceStart[n] = pairs;
  const choiceOpportunity = new Int32Array(pairs);
  const pairFlags = new Uint8Array(pairs);
  const pairScore = new Float64Array(pairs);
  const overridePairs: number[] = [];
  const overrideReasons: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = candidateIds[i];
    let p = choiceStart[i];
    for (const o of data.choices.get(c) ?? []) {
      const j = opportunityIndex.get(o);
      if (j === undefined) throw new Error(`packRound: choice of an opportunity outside the round: ${o}`);
      choiceOpportunity[p] = j;
      let flags = data.excluded.size > 0 && data.excluded.has(pairKey(c, o)) ? PAIR_EXCLUDED : 0;
      const entry: FitEntry | undefined = data.fit.get(o)?.get(c);
      if (entry) {
        flags |= PAIR_HAS_FIT | (entry.eligible ? PAIR_ELIGIBLE : 0);
        pairScore[p] = entry.score;
        if (entry.overrideReason !== undefined) {
          overridePairs.push(p);
          overrideReasons.push(entry.overrideReason);
        }
      }
      pairFlags[p] = flags;
      p++;
    }
  }
  const ranked = new Uint8Array(m);
  const rankingStart = new Int32Array(m + 1);
  const rankingCandidate: number[] = [];
  for (let j = 0; j < m; j++) {
    rankingStart[j] = rankingCandidate.length;
    const ranking = data.hostRankings.get(opportunityIds[j]);
    if (!ranking) continue;
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
    const i = candidateIndex.get(c) as number;
    const j = opportunityIndex.get(o);
    if (j === undefined) throw new Error(`packRound: a pre-assignment outside the round: ${o}`);
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
  const packedFit =
    fitFacts && packFitFacts(fitFacts, candidateIds, opportunityIds, choiceStart, choiceOpportunity);
  return {
    ...(packedFit ? { fitFacts: packedFit } : {}),
    problem: data.problem,
    optimal: data.optimal,
    seed: data.seed,
    candidateIds,
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
    pairScore,
    overridePairs: Int32Array.from(overridePairs),
    overrideReasons,
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
export function packLiveRound(data: LiveRoundData, fitFacts?: RoundFitFacts): PackedRound {
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
  for (let j = 0; j < m; j++) {
    rankingStart[j] = rankingCandidate.length;
    const ranking = data.hostRankings.get(opportunityIds[j]);
    if (!ranking) continue;
    ranked[j] = 1;
    // Candidates outside the run cannot be on a list: the ranking keeps the others, in order.
    for (const c of ranking) {
      const i = sortedIndexOf(candidateIds, c);
      if (i >= 0) rankingCandidate.push(i);
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
  const packedFit =
    fitFacts && packFitFacts(fitFacts, candidateIds, opportunityIds, choiceStart, choiceOpportunity);
  return {
    ...(packedFit ? { fitFacts: packedFit } : {}),
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

/** The fit facts, flat in the packed candidate order; HR's overrides by pair index. */
function packFitFacts(
  facts: RoundFitFacts,
  candidateIds: readonly string[],
  opportunityIds: readonly string[],
  choiceStart: Int32Array,
  choiceOpportunity: Int32Array,
): PackedFitFacts {
  const n = candidateIds.length;
  const competences = new Interner();
  const stages = new Interner();
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
  const overridePairs: number[] = [];
  const overrideReasons: string[] = [];
  for (let i = 0; i < n; i++) {
    levelStart[i] = levelCompetence.length;
    targetStart[i] = targetCompetence.length;
    languageStart[i] = languageCodes.length;
    availabilityStart[i] = availabilityStarts.length;
    const c = candidateIds[i];
    if (facts.overridden.size > 0) {
      for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++) {
        const reason = facts.overridden.get(pairKey(c, opportunityIds[choiceOpportunity[p]]));
        if (reason !== undefined) {
          overridePairs.push(p);
          overrideReasons.push(reason);
        }
      }
    }
    const candidate = facts.candidates.get(c);
    if (!candidate) continue;
    hasFacts[i] = 1;
    if (candidate.careerStage !== null) candidateStage[i] = stages.of(candidate.careerStage);
    for (const [competenceId, level] of candidate.levels) {
      levelCompetence.push(competences.of(competenceId));
      levelValue.push(level);
    }
    for (const [competenceId, gap] of candidate.developmentTargets) {
      targetCompetence.push(competences.of(competenceId));
      targetValue.push(gap);
    }
    for (const l of candidate.languages) {
      languageCodes.push(l.code);
      languageLevels.push(l.level);
    }
    for (const w of candidate.availability) {
      availabilityStarts.push(w.start);
      availabilityEnds.push(w.end);
    }
  }
  levelStart[n] = levelCompetence.length;
  targetStart[n] = targetCompetence.length;
  languageStart[n] = languageCodes.length;
  availabilityStart[n] = availabilityStarts.length;
  return {
    weights: { ...facts.weights },
    opportunities: opportunityIds.map((id) => facts.opportunities.get(id) ?? null),
    competenceIds: competences.ids,
    stages: stages.ids,
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
    overridePairs: Int32Array.from(overridePairs),
    overrideReasons,
  };
}

export interface UnpackedRound {
  data: AllocationData;
  candidateOrganisation: Map<string, string>;
  hostOrganisation: Map<string, string>;
}

/** The Maps `buildRunInput` and `runStats` read, from a packed round. */
export function unpackRound(packed: PackedRound): UnpackedRound {
  const { candidateIds, opportunityIds, organisationIds, leadIds } = packed;
  const n = candidateIds.length;
  const m = opportunityIds.length;
  const choices = new Map<string, string[]>();
  const fit = new Map<string, Map<string, FitEntry>>();
  const excluded = new Set<string>();
  const overrideReason = new Map<number, string>();
  packed.overridePairs.forEach((p, k) => overrideReason.set(p, packed.overrideReasons[k]));
  const candidateOrganisation = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const c = candidateIds[i];
    if (packed.candidateOrganisation[i] >= 0)
      candidateOrganisation.set(c, organisationIds[packed.candidateOrganisation[i]]);
    const end = packed.choiceStart[i + 1];
    const list: string[] = [];
    for (let p = packed.choiceStart[i]; p < end; p++) {
      const o = opportunityIds[packed.choiceOpportunity[p]];
      list.push(o);
      const flags = packed.pairFlags[p];
      if (flags & PAIR_EXCLUDED) excluded.add(pairKey(c, o));
      if (flags & PAIR_HAS_FIT) {
        let scores = fit.get(o);
        if (!scores) {
          scores = new Map();
          fit.set(o, scores);
        }
        const reason = overrideReason.get(p);
        scores.set(
          c,
          reason === undefined
            ? { score: packed.pairScore[p], eligible: (flags & PAIR_ELIGIBLE) !== 0 }
            : { score: packed.pairScore[p], eligible: (flags & PAIR_ELIGIBLE) !== 0, overrideReason: reason },
        );
      }
    }
    if (list.length) choices.set(c, list);
  }
  const hostRankings = new Map<string, string[]>();
  const hostOrganisation = new Map<string, string>();
  for (let j = 0; j < m; j++) {
    hostOrganisation.set(opportunityIds[j], organisationIds[packed.opportunityHost[j]]);
    if (!packed.ranked[j]) continue;
    const ranking: string[] = [];
    for (let k = packed.rankingStart[j]; k < packed.rankingStart[j + 1]; k++)
      ranking.push(candidateIds[packed.rankingCandidate[k]]);
    hostRankings.set(opportunityIds[j], ranking);
  }
  const preAssigned = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    if (packed.preAssigned[i] >= 0) preAssigned.set(candidateIds[i], opportunityIds[packed.preAssigned[i]]);
  }
  const preAssignedReasons = new Map<string, string>();
  packed.preAssignedReasonOf.forEach((i, k) =>
    preAssignedReasons.set(candidateIds[i], packed.preAssignedReasons[k]),
  );
  const supervisorRoom = new Map<string, number>();
  for (let k = 0; k < leadIds.length; k++) {
    if (packed.supervisorHasRoom[k]) supervisorRoom.set(leadIds[k], packed.supervisorRoom[k]);
  }
  return {
    data: {
      problem: packed.problem,
      optimal: packed.optimal,
      seed: packed.seed,
      opportunities: opportunityIds.map((id, j) => ({
        id,
        hostOrganisationId: organisationIds[packed.opportunityHost[j]],
        leadSupervisorId: leadIds[packed.opportunityLead[j]],
        freeSeats: packed.freeSeats[j],
      })),
      choices,
      hostRankings,
      fit,
      excluded,
      preAssigned,
      preAssignedReasons,
      supervisorRoom,
    },
    candidateOrganisation,
    hostOrganisation,
  };
}
