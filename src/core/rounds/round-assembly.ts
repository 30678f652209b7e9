/**
 * The run's input document assembled straight from the packed round (`PackedRound`), with candidate
 * and opportunity indices inside and ids only where the document holds them: the same document
 * `buildRunInput` gives for the same round as Maps (`unpackRound`), without a Map, Set or list of ids
 * per candidate first. The decisions are those of `buildRunInput` (see round-allocation.ts); the
 * property test checks the two give the same canonical text.
 */
import { rememberCodedRows } from '../matching/coded-lists';
import { HrInstance, MatchingInstance, withDecisions } from '../matching/instance';
import { madeEntries, rememberEntries } from '../matching/made-records';
import { breakTies } from '../matching/tie-break';
import { rememberListCodes } from './canonical-json-bytes';
import { isIndexKey, RoundRunInput, RoundRunStats, runStats } from './round-allocation';
import { RunInputCandidateRows, RunInputParts, splitRunInput } from './round-input-parts';
import { indexOf, PackedRound, PAIR_ELIGIBLE, PAIR_EXCLUDED, PAIR_HAS_FIT } from './round-packing';

/** Indices 0..n-1 ordered by their ids (JavaScript string order). */
function orderBy(ids: readonly string[]): number[] {
  return ids.map((_, k) => k).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : a - b));
}

/**
 * An object with these keys in this order, as `Object.fromEntries` makes it (own data properties),
 * by assignment: half the time of building 100k entry pairs first. `__proto__` is defined, not
 * assigned (assigning it would set the prototype).
 */
function record<T>(keys: readonly string[], values: readonly T[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === '__proto__')
      Object.defineProperty(out, k, {
        value: values[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = values[i];
  }
  // The parser and the text's writer read the two lists rather than the object (never changed after).
  rememberEntries(out, keys, values);
  return out;
}

/** The run's input, as `buildRunInput(unpackRound(packed).data)` gives it. */
export function buildRunInputPacked(packed: PackedRound): RoundRunInput {
  return assembleRunInput(packed).input;
}

/**
 * The run's input document and, by index, what the document says about each candidate: what
 * `splitAssembledRunInput` reads instead of the document's strings.
 */
export interface AssembledRunInput {
  input: RoundRunInput;
  /** Per opportunity (packed order): 1 when it has a free seat (not in `fullOpportunities`). */
  open: Uint8Array;
  /** Per opportunity: 1 when in the instance (open, or a pre-assigned candidate sits there). */
  listed: Uint8Array;
  /** The listed opportunities in the document's order (their ids sorted). */
  listedOrder: readonly number[];
  /** Per open opportunity: its host's list (packed candidate indices), best first. */
  hostOrder: readonly (readonly number[] | undefined)[];
  /** The candidates on the instance's candidate side (with a choice or a pre-assignment), ascending. */
  inDocument: readonly number[];
  /**
   * HR, per pair: 1 when the opportunity's host's list names the candidate, at the pair the list
   * was made from (of a candidate naming the opportunity twice, the last pair not excluded; the
   * others 0). Undefined for SPA-S.
   */
  hostListsPair?: Uint8Array;
}

/** `buildRunInputPacked` with what the document says per candidate, by index. */
export function assembleRunInput(packed: PackedRound): AssembledRunInput {
  const { candidateIds, opportunityIds, leadIds, choiceStart, choiceOpportunity, pairFlags } = packed;
  const n = candidateIds.length;
  const m = opportunityIds.length;
  const spa = packed.problem === 'SPA-S';
  const preCount = new Int32Array(m);
  for (let i = 0; i < n; i++) if (packed.preAssigned[i] >= 0) preCount[packed.preAssigned[i]]++;
  const free = new Float64Array(m);
  for (let j = 0; j < m; j++) free[j] = packed.freeSeats[j] - preCount[j];

  // SPA: room per supervisor after pre-assignments; projects of a supervisor without room are out.
  const room = new Float64Array(leadIds.length);
  if (spa) {
    for (let k = 0; k < leadIds.length; k++)
      if (packed.supervisorHasRoom[k]) room[k] = packed.supervisorRoom[k];
    for (let i = 0; i < n; i++) {
      const j = packed.preAssigned[i];
      if (j >= 0 && leadIds[packed.opportunityLead[j]]) room[packed.opportunityLead[j]] -= 1;
    }
  }
  const open = new Uint8Array(m);
  for (let j = 0; j < m; j++)
    open[j] = free[j] >= 1 && (!spa || room[packed.opportunityLead[j]] >= 1) ? 1 : 0;
  const opportunityOrder = orderBy(opportunityIds);
  const fullOpportunities = opportunityOrder.filter((j) => !open[j]).map((j) => opportunityIds[j]);

  // Candidates in the document: those with a choice or a pre-assignment (candidate ids are sorted).
  const inDocument: number[] = [];
  const lists: string[][] = [];
  const applicantCount = new Int32Array(m + 1);
  for (let i = 0; i < n; i++) {
    const start = choiceStart[i];
    const end = choiceStart[i + 1];
    if (end === start && packed.preAssigned[i] < 0) continue;
    inDocument.push(i);
    const list: string[] = [];
    if (packed.preAssigned[i] < 0) {
      for (let p = start; p < end; p++) {
        const j = choiceOpportunity[p];
        if (open[j] && !(pairFlags[p] & PAIR_EXCLUDED)) {
          list.push(opportunityIds[j]);
          applicantCount[j + 1]++;
        }
      }
    }
    lists.push(list);
  }
  // Per opportunity, its applicants in candidate order, with the pair (for the fit).
  const applicantStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) applicantStart[j + 1] = applicantStart[j] + applicantCount[j + 1];
  const fill = applicantStart.slice(0, m);
  const applicant = new Int32Array(applicantStart[m]);
  const applicantPair = new Int32Array(applicantStart[m]);
  for (const i of inDocument) {
    if (packed.preAssigned[i] >= 0) continue;
    for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++) {
      const j = choiceOpportunity[p];
      if (!open[j] || pairFlags[p] & PAIR_EXCLUDED) continue;
      // A list naming an opportunity twice makes one applicant (the last pair's fit, as a Map would).
      const k = fill[j];
      if (k > applicantStart[j] && applicant[k - 1] === i) {
        applicantPair[k - 1] = p;
        continue;
      }
      applicant[k] = i;
      applicantPair[k] = p;
      fill[j]++;
    }
  }

  const overrideReason = new Map<number, string>();
  packed.overridePairs.forEach((p, k) => overrideReason.set(p, packed.overrideReasons[k]));
  const chose = new Int32Array(n).fill(-1);
  const pairOf = new Int32Array(n);
  const fitOrdered: string[] = [];
  const hostOrder: (number[] | undefined)[] = new Array<number[] | undefined>(m);
  const overrides: NonNullable<RoundRunInput['overrides']> = [];
  // Marked here, where each listed candidate's pair is at hand (pairOf), rather than found again in
  // the split by reading each listed candidate's choices (16 million reads at 300k x 10).
  const hostListsPair = spa ? undefined : new Uint8Array(choiceOpportunity.length);
  for (const j of opportunityOrder) {
    if (!open[j]) continue;
    for (let k = applicantStart[j]; k < fill[j]; k++) {
      chose[applicant[k]] = j;
      pairOf[applicant[k]] = applicantPair[k];
    }
    if (packed.ranked[j]) {
      const order: number[] = [];
      for (let k = packed.rankingStart[j]; k < packed.rankingStart[j + 1]; k++) {
        const i = packed.rankingCandidate[k];
        if (chose[i] === j) order.push(i);
      }
      hostOrder[j] = order;
      if (hostListsPair) for (const i of order) hostListsPair[pairOf[i]] = 1;
      continue;
    }
    fitOrdered.push(opportunityIds[j]);
    // Groups of equal score, best first; each in id order (breakTies then shuffles it with the seed).
    const groups = new Map<number, number[]>();
    for (let k = applicantStart[j]; k < fill[j]; k++) {
      const p = applicantPair[k];
      const flags = pairFlags[p];
      if (!(flags & PAIR_HAS_FIT) || !(flags & PAIR_ELIGIBLE)) continue;
      const score = packed.pairScore[p];
      const group = groups.get(score);
      if (group) group.push(applicant[k]);
      else groups.set(score, [applicant[k]]);
    }
    const ranking = [...groups.entries()].sort((a, b) => b[0] - a[0]).map(([, members]) => members);
    const order = breakTies(ranking, packed.seed);
    hostOrder[j] = order;
    if (hostListsPair) for (const i of order) hostListsPair[pairOf[i]] = 1;
    // Pairs on the host's list only through HR's eligibility override, with HR's reason.
    if (overrideReason.size > 0) {
      for (const i of order) {
        const reason = overrideReason.get(pairOf[i]);
        if (reason !== undefined)
          overrides.push({
            kind: 'ELIGIBLE',
            candidate: candidateIds[i],
            opportunity: opportunityIds[j],
            reason,
          });
      }
    }
  }
  overrides.sort((a, b) =>
    a.candidate === b.candidate
      ? a.opportunity < b.opportunity
        ? -1
        : 1
      : a.candidate < b.candidate
        ? -1
        : 1,
  );

  const withChoices: string[] = [];
  const choiceLists: string[][] = [];
  // Where each list's opportunities start in choiceOpportunity: the text's writer copies their ids'
  // bytes, encoded once (`rememberListCodes`). The hosts' lists of candidates are left to be written
  // by hand: encoding 300,000 candidate ids first (11 MB) and copying them from random places cost
  // more than it saved at national scale (measured).
  const choiceFrom = new Int32Array(n);
  const preKeys: string[] = [];
  const preValues: string[] = [];
  const reasons = new Map<number, string>();
  packed.preAssignedReasonOf.forEach((i, k) => reasons.set(i, packed.preAssignedReasons[k]));
  const pre_assignments: NonNullable<RoundRunInput['pre_assignments']> = [];
  let d = 0;
  for (let i = 0; i < n; i++) {
    if (choiceStart[i + 1] > choiceStart[i]) {
      choiceFrom[withChoices.length] = choiceStart[i];
      withChoices.push(candidateIds[i]);
      // Every candidate with a choice is in the document (inDocument ascends).
      while (inDocument[d] < i) d++;
      if (packed.preAssigned[i] < 0 && lists[d].length === choiceStart[i + 1] - choiceStart[i]) {
        // Nothing left out of the candidate's own list: the same ids in the same order, one array
        // for both (nothing changes the document's lists; 300k arrays fewer at national scale).
        choiceLists.push(lists[d]);
      } else {
        const list: string[] = [];
        for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++)
          list.push(opportunityIds[choiceOpportunity[p]]);
        choiceLists.push(list);
      }
    }
    const j = packed.preAssigned[i];
    if (j >= 0) {
      preKeys.push(candidateIds[i]);
      preValues.push(opportunityIds[j]);
      pre_assignments.push({
        candidate: candidateIds[i],
        opportunity: opportunityIds[j],
        reason: reasons.get(i) ?? 'pre-assigned by HR',
      });
    }
  }
  const choices = record(withChoices, choiceLists);
  rememberListCodes(choices, { ids: opportunityIds, items: choiceOpportunity, from: choiceFrom });
  const common = {
    version: 2 as const,
    optimal: packed.optimal,
    pre_assignments,
    overrides,
    preAssigned: record(preKeys, preValues),
    choices,
    fullOpportunities,
    fitOrdered,
  };
  // In the document: the market's opportunities, and those where a pre-assigned candidate sits. The
  // capacity counts the pre-assigned seats; the solver takes them first.
  const listed = opportunityOrder.filter((j) => open[j] || preCount[j] > 0);
  const listedIds = listed.map((j) => opportunityIds[j]);
  const capacities = listed.map((j) => (open[j] ? free[j] : 0) + preCount[j]);
  const idsOf = (order: number[] | undefined): string[] => (order ?? []).map((i) => candidateIds[i]);
  const residents = record(
    inDocument.map((i) => candidateIds[i]),
    lists,
  );
  // A candidate's own list is their whole choice list when nothing was left out of it.
  const residentFrom = new Int32Array(inDocument.length);
  inDocument.forEach((i, d) => {
    residentFrom[d] = lists[d].length === choiceStart[i + 1] - choiceStart[i] ? choiceStart[i] : -1;
  });
  rememberListCodes(residents, { ids: opportunityIds, items: choiceOpportunity, from: residentFrom });

  const listedFlags = new Uint8Array(m);
  for (const j of listed) listedFlags[j] = 1;
  const assembled = (input: RoundRunInput): AssembledRunInput => ({
    input,
    open,
    listed: listedFlags,
    listedOrder: listed,
    hostOrder,
    inDocument,
    hostListsPair,
  });

  if (!spa) {
    return assembled({
      problem: 'HR',
      ...common,
      instance: {
        residents,
        hospitals: record(
          listedIds,
          listed.map((j) => idsOf(hostOrder[j])),
        ),
        capacities: record(listedIds, capacities),
      },
    });
  }
  const preUnder = new Float64Array(leadIds.length);
  for (let j = 0; j < m; j++) if (preCount[j] > 0) preUnder[packed.opportunityLead[j]] += preCount[j];
  const projectsOf = new Map<number, number[]>();
  for (const j of listed) {
    const lead = packed.opportunityLead[j];
    const projects = projectsOf.get(lead);
    if (projects) projects.push(j);
    else projectsOf.set(lead, [j]);
  }
  const leads = [...projectsOf.keys()].sort((a, b) =>
    leadIds[a] < leadIds[b] ? -1 : leadIds[a] > leadIds[b] ? 1 : a - b,
  );
  const supervisors: Record<string, string[]> = {};
  for (const lead of leads) {
    const best = new Map<number, number>();
    for (const j of projectsOf.get(lead) ?? []) {
      (hostOrder[j] ?? []).forEach((i, position) => {
        best.set(i, Math.min(best.get(i) ?? Number.POSITIVE_INFINITY, position));
      });
    }
    const groups = new Map<number, number[]>();
    for (const i of [...best.keys()].sort((a, b) => a - b)) {
      const key = best.get(i) ?? 0;
      const group = groups.get(key);
      if (group) group.push(i);
      else groups.set(key, [i]);
    }
    supervisors[leadIds[lead]] = idsOf(
      breakTies(
        [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, members]) => members),
        packed.seed,
      ),
    );
  }
  return assembled({
    problem: 'SPA-S',
    ...common,
    instance: {
      students: residents,
      supervisors,
      project_supervisors: record(
        listedIds,
        listed.map((j) => leadIds[packed.opportunityLead[j]]),
      ),
      project_capacities: record(listedIds, capacities),
      supervisor_capacities: record(
        leads.map((l) => leadIds[l]),
        leads.map((l) => Math.max(room[l], 0) + preUnder[l]),
      ),
    },
  });
}

/**
 * `parseInstance(assembled.input)` built from the packed indices the document was assembled from:
 * each list's ids as the indices `parseInstance` resolves them to (a hospital's position among the
 * listed opportunities, a resident's among the candidates in the document) with no Map lookup per
 * listed id, and the document's own lists in the instance's Maps (nothing changes either; the parser
 * copies them). Null where the parser could say otherwise or the document is not the assembled one:
 * SPA-S (parsed), an object whose keys are not made sorted (`rememberEntries`), an id twice in a list,
 * a capacity that is not an integer of at least 1, a list that is not the one the indices give.
 * HR's decisions are read by the parser's own `withDecisions`. The property test compares the two.
 */
export function instanceOfAssembled(
  packed: PackedRound,
  assembled: AssembledRunInput,
): MatchingInstance | null {
  const { input, open, listedOrder, hostOrder, inDocument } = assembled;
  if (input.problem !== 'HR' || input.version !== 2) return null;
  const madeOf = (value: unknown) =>
    typeof value === 'object' && value !== null ? madeEntries(value) : undefined;
  const residentsMade = madeOf(input.instance.residents);
  const hospitalsMade = madeOf(input.instance.hospitals);
  const capacitiesMade = madeOf(input.instance.capacities);
  if (!residentsMade || !hospitalsMade || !capacitiesMade) return null;
  const nR = inDocument.length;
  const nH = listedOrder.length;
  if (residentsMade.keys.length !== nR || hospitalsMade.keys.length !== nH) return null;
  if (capacitiesMade.keys !== hospitalsMade.keys) return null;
  const { choiceStart, choiceOpportunity, pairFlags } = packed;
  const hospitalOf = new Int32Array(packed.opportunityIds.length).fill(-1);
  for (let h = 0; h < nH; h++) hospitalOf[listedOrder[h]] = h;
  const residentOf = new Int32Array(packed.candidateIds.length).fill(-1);
  for (let r = 0; r < nR; r++) residentOf[inDocument[r]] = r;

  // Residents: the open, not excluded choices of a candidate without a pre-assignment (as assembled).
  const residentStart = new Int32Array(nR + 1);
  for (let r = 0; r < nR; r++) {
    const list = residentsMade.values[r] as readonly string[];
    residentStart[r + 1] = residentStart[r] + list.length;
  }
  const residentItems = new Int32Array(residentStart[nR]);
  const hospitalStamp = new Int32Array(nH).fill(-1);
  for (let r = 0; r < nR; r++) {
    const i = inDocument[r];
    let at = residentStart[r];
    if (packed.preAssigned[i] < 0) {
      for (let p = choiceStart[i]; p < choiceStart[i + 1]; p++) {
        const j = choiceOpportunity[p];
        if (!open[j] || pairFlags[p] & PAIR_EXCLUDED) continue;
        const h = hospitalOf[j];
        // Not listed, past the list, or named twice (the parser says DUPLICATE_ID): parsed.
        if (h < 0 || at === residentStart[r + 1] || hospitalStamp[h] === r) return null;
        hospitalStamp[h] = r;
        residentItems[at++] = h;
      }
    }
    if (at !== residentStart[r + 1]) return null;
  }

  // Hospitals: the host's order of the candidates, as assembled.
  const hospitalStart = new Int32Array(nH + 1);
  for (let h = 0; h < nH; h++) {
    const order = hostOrder[listedOrder[h]] ?? [];
    if ((hospitalsMade.values[h] as readonly string[]).length !== order.length) return null;
    hospitalStart[h + 1] = hospitalStart[h] + order.length;
  }
  const hospitalItems = new Int32Array(hospitalStart[nH]);
  const residentStamp = new Int32Array(nR).fill(-1);
  const capacities = new Map<string, number>();
  for (let h = 0; h < nH; h++) {
    const order = hostOrder[listedOrder[h]] ?? [];
    let at = hospitalStart[h];
    for (const i of order) {
      const r = residentOf[i];
      if (r < 0 || residentStamp[r] === h) return null;
      residentStamp[r] = h;
      hospitalItems[at++] = r;
    }
    const capacity = capacitiesMade.values[h];
    if (typeof capacity !== 'number' || !Number.isSafeInteger(capacity) || capacity < 1) return null;
    capacities.set(hospitalsMade.keys[h], capacity);
  }

  const residents = new Map<string, readonly string[]>();
  for (let r = 0; r < nR; r++)
    residents.set(residentsMade.keys[r], residentsMade.values[r] as readonly string[]);
  const hospitals = new Map<string, readonly string[]>();
  for (let h = 0; h < nH; h++)
    hospitals.set(hospitalsMade.keys[h], hospitalsMade.values[h] as readonly string[]);
  rememberCodedRows(residents, { start: residentStart, items: residentItems, members: hospitals });
  rememberCodedRows(hospitals, { start: hospitalStart, items: hospitalItems, members: residents });
  const instance: HrInstance = { problem: 'HR', residents, hospitals, capacities };
  return withDecisions(instance, input as unknown as Readonly<Record<string, unknown>>);
}

/**
 * `splitRunInput(assembled.input)` from the packed indices instead of the document's strings: no Map
 * of candidate ids to the hosts listing them, no Set of the full opportunities. Falls back to
 * `splitRunInput` where the document's key order is not the packed order (an id that is an array
 * index) or ids repeat. The property test compares the two.
 */
export function splitAssembledRunInput(packed: PackedRound, assembled: AssembledRunInput): RunInputParts {
  const { input, open, listed, hostOrder, inDocument } = assembled;
  const { candidateIds, opportunityIds, choiceStart, choiceOpportunity, opportunityLead } = packed;
  const m = opportunityIds.length;
  const sortedOpportunities = [...opportunityIds].sort();
  for (let k = 1; k < m; k++)
    if (sortedOpportunities[k - 1] === sortedOpportunities[k]) return splitRunInput(input);
  for (const i of inDocument) if (isIndexKey(candidateIds[i])) return splitRunInput(input);
  const { instance: _instance, choices: _choices, ...rest } = input;

  // The pairs whose host's list names the candidate: HR, the opportunity's list (marked by the
  // assembly, at one pair per candidate and opportunity: see `named` below); SPA-S, the list of the
  // project's supervisor (every listed project of theirs counts).
  const spa = packed.problem === 'SPA-S';
  let listedPair = assembled.hostListsPair;
  if (spa || !listedPair) {
    listedPair = new Uint8Array(choiceOpportunity.length);
    for (let j = 0; j < m; j++) {
      const order = hostOrder[j];
      if (!order) continue;
      for (const i of order) {
        for (let q = choiceStart[i]; q < choiceStart[i + 1]; q++) {
          const o = choiceOpportunity[q];
          if (spa ? listed[o] && opportunityLead[o] === opportunityLead[j] : o === j) listedPair[q] = 1;
        }
      }
    }
  }
  // Per opportunity, the last row whose candidate named it: a candidate naming one twice has its
  // positions' listed marks read from all of them (the assembly marked one).
  const named = new Int32Array(m).fill(-1);

  const ids: number[] = [];
  for (const i of inDocument) if (choiceStart[i + 1] > choiceStart[i]) ids.push(i);
  for (const i of inDocument) if (choiceStart[i + 1] === choiceStart[i]) ids.push(i);
  const count = ids.length;
  const rows: RunInputCandidateRows = {
    candidateIds: new Array<string>(count),
    choices: new Array<string>(count),
    own: new Array<string>(count),
    listedBy: new Array<string>(count),
    full: new Array<string>(count),
    preAssigned: new Array<string>(count),
  };
  // A candidate's choices joined at once: one flat string (385 bytes at 10 choices) instead of a
  // rope of a new ",id" string and a cons cell per choice (about 800 bytes; 240 MB of the solver
  // thread's heap at 300k x 10, then flattened again to cross to the main thread).
  const chosen: string[] = [];
  // The texts of ascending positions, by the set of positions (bit k: position k + 1) when at most
  // POSITION_BITS: a few hundred distinct texts at national scale, each made once and shared, instead
  // of three texts built a position at a time per candidate (a rope of a string per position).
  const positionTexts = new Map<number, string>();
  const positionsText = (mask: number): string => {
    let text = positionTexts.get(mask);
    if (text === undefined) {
      const positions: number[] = [];
      for (let b = 0; b < POSITION_BITS; b++) if (mask & (1 << b)) positions.push(b + 1);
      text = positions.join(',');
      positionTexts.set(mask, text);
    }
    return text;
  };
  for (let r = 0; r < count; r++) {
    const i = ids[r];
    const start = choiceStart[i];
    const end = choiceStart[i + 1];
    const pre = packed.preAssigned[i];
    chosen.length = 0;
    let ownText = '';
    let listedText = '';
    let fullText = '';
    // Positions as sets while they ascend and fit; `own` ascends unless an opportunity is named twice.
    const masked = end - start <= POSITION_BITS;
    let ownAscends = true;
    let ownMask = 0;
    let listedMask = 0;
    let fullMask = 0;
    let twice = false;
    for (let p = start; p < end; p++) {
      const j = choiceOpportunity[p];
      if (named[j] === r) twice = true;
      named[j] = r;
    }
    for (let p = start; p < end; p++) {
      const j = choiceOpportunity[p];
      const position = p - start + 1;
      chosen.push(opportunityIds[j]);
      if (pre < 0 && open[j] && !(packed.pairFlags[p] & PAIR_EXCLUDED)) {
        // The position of the opportunity's first appearance among the choices (as indexOf): this
        // one unless the candidate named an opportunity twice.
        let first = twice ? start : p;
        while (choiceOpportunity[first] !== j) first++;
        if (first !== p) ownAscends = false;
        if (masked) ownMask |= 1 << (position - 1);
        else ownText += ownText ? `,${first - start + 1}` : `${first - start + 1}`;
      }
      const listedHere = twice
        ? listedAmong(listedPair, choiceOpportunity, start, end, j)
        : listedPair[p] === 1;
      if (masked) {
        if (listedHere) listedMask |= 1 << (position - 1);
        if (!open[j]) fullMask |= 1 << (position - 1);
      } else {
        if (listedHere) listedText += listedText ? `,${position}` : `${position}`;
        if (!open[j]) fullText += fullText ? `,${position}` : `${position}`;
      }
    }
    if (masked && !ownAscends) {
      for (let p = start; p < end; p++) {
        const j = choiceOpportunity[p];
        if (pre < 0 && open[j] && !(packed.pairFlags[p] & PAIR_EXCLUDED)) {
          let first = start;
          while (choiceOpportunity[first] !== j) first++;
          ownText += ownText ? `,${first - start + 1}` : `${first - start + 1}`;
        }
      }
    }
    rows.candidateIds[r] = candidateIds[i];
    rows.choices[r] = chosen.join(',');
    rows.own[r] = masked && ownAscends ? positionsText(ownMask) : ownText;
    rows.listedBy[r] = masked ? positionsText(listedMask) : listedText;
    rows.full[r] = masked ? positionsText(fullMask) : fullText;
    rows.preAssigned[r] = pre >= 0 ? opportunityIds[pre] : '';
  }
  return { rest, candidates: rows };
}

/** Whether any of the pairs `start` to `end` naming opportunity `j` is marked in `listedPair`. */
function listedAmong(
  listedPair: Uint8Array,
  choiceOpportunity: Int32Array,
  start: number,
  end: number,
  j: number,
): boolean {
  for (let q = start; q < end; q++) if (choiceOpportunity[q] === j && listedPair[q] === 1) return true;
  return false;
}

/** Positions (1..POSITION_BITS) a candidate's rows write from a set of them (`splitAssembledRunInput`). */
const POSITION_BITS = 30;

/** The organisations `runStats` reads, from the packed round. */
export function organisationsOfPacked(packed: PackedRound): {
  candidateOrganisation: Map<string, string>;
  hostOrganisation: Map<string, string>;
} {
  const candidateOrganisation = new Map<string, string>();
  packed.candidateIds.forEach((c, i) => {
    if (packed.candidateOrganisation[i] >= 0)
      candidateOrganisation.set(c, packed.organisationIds[packed.candidateOrganisation[i]]);
  });
  const hostOrganisation = new Map<string, string>();
  packed.opportunityIds.forEach((o, j) =>
    hostOrganisation.set(o, packed.organisationIds[packed.opportunityHost[j]]),
  );
  return { candidateOrganisation, hostOrganisation };
}

/**
 * The opportunity index each candidate (packed order) is placed on in `assignment` (candidate id →
 * opportunity id or null, as the solver gives it); -1 when unmatched or absent.
 */
export function placedAtOf(
  packed: PackedRound,
  assignment: Readonly<Record<string, string | null>>,
): Int32Array {
  const opportunityIndex = indexOf(packed.opportunityIds);
  const placedAt = new Int32Array(packed.candidateIds.length).fill(-1);
  packed.candidateIds.forEach((c, i) => {
    const o = Object.hasOwn(assignment, c) ? assignment[c] : null;
    if (o !== null) placedAt[i] = opportunityIndex.get(o) ?? -1;
  });
  return placedAt;
}

/**
 * `runStats(assembled.input, assignment, organisationsOfPacked(packed)...)` from the packed indices and
 * `placedAtOf(packed, assignment)`: no Map of placements by id, no sort of the ids (the packed
 * candidates are sorted). Falls back to `runStats` when opportunity ids repeat. The property test
 * compares the two.
 */
export function runStatsPacked(
  packed: PackedRound,
  assembled: AssembledRunInput,
  assignment: Readonly<Record<string, string | null>>,
  placedAt: Int32Array,
): RoundRunStats {
  const { input, inDocument } = assembled;
  const { opportunityIds, choiceStart, choiceOpportunity } = packed;
  const sortedOpportunities = [...opportunityIds].sort();
  for (let k = 0; k < sortedOpportunities.length; k++) {
    // Repeated ids, or an empty one (runStats counts a placement only at a non-empty id).
    if (sortedOpportunities[k] === '' || (k > 0 && sortedOpportunities[k - 1] === sortedOpportunities[k])) {
      const { candidateOrganisation, hostOrganisation } = organisationsOfPacked(packed);
      return runStats(input, assignment, candidateOrganisation, hostOrganisation);
    }
  }
  const capacities = (
    input.problem === 'HR' ? input.instance.capacities : input.instance.project_capacities
  ) as Record<string, number>;
  const organisations = packed.organisationIds.length;
  const choiceRankCounts: number[] = [];
  const flowCounts = new Map<number, number>();
  const unmatched: string[] = [];
  let matched = 0;
  let preAssigned = 0;
  for (const i of inDocument) {
    if (packed.preAssigned[i] >= 0) preAssigned++;
    // HR's pre-assignment wins over the solver's placement (as placementsOf).
    const j = packed.preAssigned[i] >= 0 ? packed.preAssigned[i] : placedAt[i];
    if (j < 0) {
      unmatched.push(packed.candidateIds[i]);
      continue;
    }
    matched++;
    for (let q = choiceStart[i]; q < choiceStart[i + 1]; q++) {
      if (choiceOpportunity[q] !== j) continue;
      const rank = q - choiceStart[i];
      while (choiceRankCounts.length <= rank) choiceRankCounts.push(0);
      choiceRankCounts[rank] += 1;
      break;
    }
    const key = (packed.candidateOrganisation[i] + 1) * organisations + packed.opportunityHost[j];
    flowCounts.set(key, (flowCounts.get(key) ?? 0) + 1);
  }
  // Keyed by the organisations' ids as runStats keys them ('' for an unknown one).
  const flows = new Map<string, number>();
  for (const [key, count] of flowCounts) {
    const from = Math.floor(key / organisations) - 1;
    const text = `${from >= 0 ? packed.organisationIds[from] : ''}|${packed.organisationIds[key % organisations]}`;
    flows.set(text, (flows.get(text) ?? 0) + count);
  }
  return {
    candidates: inDocument.length,
    candidatesMatched: matched,
    preAssigned,
    // Version 2 capacities count the pre-assigned seats.
    seatsOffered: Object.values(capacities).reduce((a, b) => a + b, 0),
    seatsFilled: matched,
    choiceRankCounts,
    unmatched,
    flows: [...flows.keys()].sort().map((key) => {
      const [fromOrganisationId, toOrganisationId] = key.split('|');
      return { fromOrganisationId, toOrganisationId, count: flows.get(key) ?? 0 };
    }),
  };
}
