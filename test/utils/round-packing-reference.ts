/**
 * The reference forms of a packed round, kept for the tests only: `packRound` packs a round's data
 * as Maps (`AllocationData`, with fit entries or the fit facts as the loader once read them) and
 * `unpackRound` gives the Maps back. They are exact inverses on what `buildRunInput` and `runStats`
 * read, so the tests compare the fast paths (`packLiveRound`, `buildRunInputPacked`,
 * `scorePackedFit`, ...) with the Maps' `buildRunInput`. The application packs with `packLiveRound`.
 */
import { AllocationData, FitEntry, pairKey } from '../../src/core/rounds/round-allocation';
import type { PackedFitFacts, RoundFitFacts } from '../../src/core/rounds/round-fit';
import {
  indexOf,
  Interner,
  PackedRound,
  PAIR_ELIGIBLE,
  PAIR_EXCLUDED,
  PAIR_HAS_FIT,
} from '../../src/core/rounds/round-packing';

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
