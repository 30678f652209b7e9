/**
 * The pure part of an allocation run: from the round's data (read by the service) to an
 * instance document, then from the solver's assignment to the run statistics and to a candidate's
 * explanation. Plain data in and out: no framework, no clock, no randomness but the recorded seed.
 *
 * Decisions:
 * - Ids are the database ids: candidates (residents/students) are user ids, hospitals/projects are
 *   opportunity ids, supervisors are user ids. Every list is built in sorted-id order, so the same
 *   data always gives the same document (and the same input hash).
 * - The document is format version 2: HR's pre-assignments are in `pre_assignments` with their
 *   reasons, the pre-assigned candidates are in the instance (with an empty list: they take no part
 *   in solving), and an opportunity's capacity counts their seats. The solver takes those seats first,
 *   so what it solves is exactly the market without them.
 * - Free seats of an opportunity = capacity - seats taken - offers still open (given by the caller),
 *   minus the seats HR pre-assigned in this run. An opportunity with no free seat is left out of the
 *   market and listed in `fullOpportunities` (in the instance only when a pre-assigned candidate sits
 *   there, with those seats as its capacity and an empty list).
 * - A host's list: its explicit ranking (applicant_rankings, restricted to the candidates who chose
 *   it here); when the host has not ranked at all, the eligible applicants by fit score, best first,
 *   equal scores broken by `breakTies` with the run's seed.
 * - SPA: a lead supervisor's list merges the lists of their projects: a student's key is their best
 *   (smallest) position over the supervisor's projects the student chose; equal keys are broken by
 *   `breakTies` with the run's seed. Room of a supervisor = load cap minus current load minus the
 *   students pre-assigned to their projects; a supervisor without room is left out of the market with
 *   their projects. The capacity in the document adds the pre-assigned students back (HR may have
 *   pre-assigned beyond the load cap: the capacity is then just those students).
 * - HR's eligibility overrides (the candidate may apply although not eligible) make the candidate
 *   eligible in a fit-ordered host's list, at their fit score. The document records each pair that is
 *   on a host's list only through such an override as an `overrides` entry of kind ELIGIBLE with HR's
 *   reason (sorted by candidate, then opportunity): the solver finds the candidate already listed, so
 *   the assignment is the same, and the verifier reports the pair as exempt.
 * - Excluded pairs are dropped from both sides; pre-assigned candidates are in no list.
 */
import { breakTies } from '../matching/tie-break';
import { isIndexKey } from '../matching/made-records';

export { isIndexKey };

/**
 * What a run solved: the instance document (docs/matching-instance-format.md) plus what was decided
 * outside the solver.
 */
export interface RoundRunInput {
  /** 2 since the document carries the pre-assignments (absent in runs stored before). */
  version?: 2;
  problem: 'HR' | 'SPA-S';
  optimal: 'candidate' | 'host';
  instance: Record<string, unknown>;
  /** The document's pre-assignments (format version 2), by candidate id. */
  pre_assignments?: { candidate: string; opportunity: string; reason: string }[];
  /** The document's overrides (format version 2): pairs HR made eligible that are on a host's list. */
  overrides?: { kind: 'ELIGIBLE'; candidate: string; opportunity: string; reason: string }[];
  /** Candidate id → opportunity id, placed by HR before solving (INITIAL scope only). */
  preAssigned: Record<string, string>;
  /** Each candidate's full choice list (opportunity ids, rank 1 first), before any filtering. */
  choices: Record<string, string[]>;
  /** Opportunities of the round that had no free seat (left out of the instance). */
  fullOpportunities: string[];
  /** Opportunities whose host had not ranked: ordered by fit score, ties broken with the seed. */
  fitOrdered: string[];
}

export interface RoundRunStats {
  candidates: number;
  candidatesMatched: number;
  preAssigned: number;
  seatsOffered: number;
  seatsFilled: number;
  /** count[i] = candidates who got their (i+1)-th choice. */
  choiceRankCounts: number[];
  unmatched: string[];
  flows: { fromOrganisationId: string; toOrganisationId: string; count: number }[];
}

export interface AllocationOpportunity {
  id: string;
  hostOrganisationId: string;
  leadSupervisorId: string;
  /** Capacity - seats taken - open offers (before pre-assignments). */
  freeSeats: number;
}

export interface FitEntry {
  score: number;
  eligible: boolean;
  /** HR's reason when the candidate is eligible only through HR's eligibility override. */
  overrideReason?: string;
}

export interface AllocationData {
  problem: 'HR' | 'SPA-S';
  optimal: 'candidate' | 'host';
  seed: number;
  opportunities: readonly AllocationOpportunity[];
  /** Candidate id → their live choices in this scope, rank 1 first. */
  choices: ReadonlyMap<string, readonly string[]>;
  /** Opportunity id → the candidate ids its host ranked, best first; absent when the host has not ranked. */
  hostRankings: ReadonlyMap<string, readonly string[]>;
  /** Opportunity id → candidate id → fit (only needed where the host has not ranked). */
  fit: ReadonlyMap<string, ReadonlyMap<string, FitEntry>>;
  /** `${candidateId}|${opportunityId}` pairs HR excluded. */
  excluded: ReadonlySet<string>;
  /** Candidate id → opportunity id HR pre-assigned (INITIAL scope only). */
  preAssigned: ReadonlyMap<string, string>;
  /** Candidate id → HR's reason for the pre-assignment. */
  preAssignedReasons?: ReadonlyMap<string, string>;
  /** SPA: lead supervisor id → remaining load (cap - current load). */
  supervisorRoom: ReadonlyMap<string, number>;
}

export function pairKey(candidateId: string, opportunityId: string): string {
  return `${candidateId}|${opportunityId}`;
}

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

function countBy<T>(values: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Groups of equal score, best first; each group in id order (breakTies then shuffles it with the seed). */
function fitOrder(
  candidates: readonly string[],
  fit: ReadonlyMap<string, FitEntry> | undefined,
  seed: number,
): string[] {
  const groups = new Map<number, string[]>();
  for (const c of sorted(candidates)) {
    const entry = fit?.get(c);
    if (!entry || !entry.eligible) continue;
    const group = groups.get(entry.score);
    if (group) group.push(c);
    else groups.set(entry.score, [c]);
  }
  const ranking = [...groups.entries()].sort((a, b) => b[0] - a[0]).map(([, members]) => members);
  return breakTies(ranking, seed);
}

/**
 * The run's input: the instance document (docs/matching-instance-format.md) and what was decided
 * around it.
 */
export function buildRunInput(data: AllocationData): RoundRunInput {
  const preCount = countBy(data.preAssigned.values());
  const byId = new Map(data.opportunities.map((o) => [o.id, o]));
  const free = new Map<string, number>();
  for (const o of data.opportunities) free.set(o.id, o.freeSeats - (preCount.get(o.id) ?? 0));

  // SPA: room per supervisor after pre-assignments; projects of a supervisor without room are out.
  const room = new Map<string, number>();
  if (data.problem === 'SPA-S') {
    for (const [supervisor, value] of data.supervisorRoom) room.set(supervisor, value);
    for (const [, opportunityId] of data.preAssigned) {
      const lead = byId.get(opportunityId)?.leadSupervisorId;
      if (lead) room.set(lead, (room.get(lead) ?? 0) - 1);
    }
  }
  const open = new Set(
    data.opportunities
      .filter((o) => (free.get(o.id) ?? 0) >= 1)
      .filter((o) => data.problem === 'HR' || (room.get(o.leadSupervisorId) ?? 0) >= 1)
      .map((o) => o.id),
  );
  const fullOpportunities = sorted(data.opportunities.filter((o) => !open.has(o.id)).map((o) => o.id));

  const lists = new Map<string, string[]>();
  for (const c of sorted(new Set([...data.choices.keys(), ...data.preAssigned.keys()]))) {
    if (data.preAssigned.has(c)) {
      lists.set(c, []); // placed before solving: in the document, in no list
      continue;
    }
    // No pair key per choice when HR excluded nothing (the usual case).
    const list = (data.choices.get(c) ?? []).filter(
      (o) => open.has(o) && (data.excluded.size === 0 || !data.excluded.has(pairKey(c, o))),
    );
    lists.set(c, list);
  }
  const applicants = new Map<string, string[]>();
  for (const [c, list] of lists) {
    for (const o of list) {
      const a = applicants.get(o);
      if (a) a.push(c);
      else applicants.set(o, [c]);
    }
  }
  const fitOrdered: string[] = [];
  const hostOrder = new Map<string, string[]>();
  for (const o of sorted(open)) {
    const chose = new Set(applicants.get(o) ?? []);
    const explicit = data.hostRankings.get(o);
    if (explicit) {
      hostOrder.set(
        o,
        explicit.filter((c) => chose.has(c)),
      );
    } else {
      fitOrdered.push(o);
      hostOrder.set(o, fitOrder([...chose], data.fit.get(o), data.seed));
    }
  }
  // Pairs on a fit-ordered host's list only through HR's eligibility override, with HR's reason.
  const overrides: NonNullable<RoundRunInput['overrides']> = [];
  for (const o of fitOrdered) {
    for (const c of hostOrder.get(o) ?? []) {
      const reason = data.fit.get(o)?.get(c)?.overrideReason;
      if (reason !== undefined) overrides.push({ kind: 'ELIGIBLE', candidate: c, opportunity: o, reason });
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
  const choices = Object.fromEntries(
    sorted(data.choices.keys()).map((c) => [c, [...(data.choices.get(c) ?? [])]]),
  );
  const preAssigned = Object.fromEntries(
    sorted(data.preAssigned.keys()).map((c) => [c, data.preAssigned.get(c) ?? '']),
  );
  const pre_assignments = sorted(data.preAssigned.keys()).map((c) => ({
    candidate: c,
    opportunity: data.preAssigned.get(c) ?? '',
    reason: data.preAssignedReasons?.get(c) ?? 'pre-assigned by HR',
  }));
  const common = {
    version: 2 as const,
    optimal: data.optimal,
    pre_assignments,
    overrides,
    preAssigned,
    choices,
    fullOpportunities,
    fitOrdered,
  };
  // In the document: the market's opportunities, and those where a pre-assigned candidate sits. The
  // capacity counts the pre-assigned seats; the solver takes them first.
  const listed = sorted(new Set([...open, ...preCount.keys()]));
  const capacity = (o: string): number => (open.has(o) ? (free.get(o) ?? 0) : 0) + (preCount.get(o) ?? 0);

  if (data.problem === 'HR') {
    return {
      problem: 'HR',
      ...common,
      instance: {
        residents: Object.fromEntries(lists),
        hospitals: Object.fromEntries(listed.map((o) => [o, hostOrder.get(o) ?? []])),
        capacities: Object.fromEntries(listed.map((o) => [o, capacity(o)])),
      },
    };
  }
  const preUnder = countBy(
    [...preCount.keys()].flatMap((o) => {
      const lead = byId.get(o)?.leadSupervisorId ?? '';
      return Array.from({ length: preCount.get(o) ?? 0 }, () => lead);
    }),
  );
  const projectsOf = new Map<string, string[]>();
  for (const o of listed) {
    const lead = byId.get(o)?.leadSupervisorId ?? '';
    const list = projectsOf.get(lead);
    if (list) list.push(o);
    else projectsOf.set(lead, [o]);
  }
  const supervisors: Record<string, string[]> = {};
  for (const lead of sorted(projectsOf.keys())) {
    const best = new Map<string, number>();
    for (const p of projectsOf.get(lead) ?? []) {
      (hostOrder.get(p) ?? []).forEach((c, position) => {
        best.set(c, Math.min(best.get(c) ?? Number.POSITIVE_INFINITY, position));
      });
    }
    const groups = new Map<number, string[]>();
    for (const c of sorted(best.keys())) {
      const key = best.get(c) ?? 0;
      const group = groups.get(key);
      if (group) group.push(c);
      else groups.set(key, [c]);
    }
    supervisors[lead] = breakTies(
      [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, members]) => members),
      data.seed,
    );
  }
  return {
    problem: 'SPA-S',
    ...common,
    instance: {
      students: Object.fromEntries(lists),
      supervisors,
      project_supervisors: Object.fromEntries(listed.map((o) => [o, byId.get(o)?.leadSupervisorId ?? ''])),
      project_capacities: Object.fromEntries(listed.map((o) => [o, capacity(o)])),
      supervisor_capacities: Object.fromEntries(
        sorted(projectsOf.keys()).map((l) => [l, Math.max(room.get(l) ?? 0, 0) + (preUnder.get(l) ?? 0)]),
      ),
    },
  };
}

/** A pair the verifier's stability verdict leaves out (docs/matching-instance-format.md, `exempt`). */
export interface RunExemptPair {
  kind: 'PRE_ASSIGNED' | 'FORCED' | 'ELIGIBLE';
  candidate: string;
  opportunity: string;
  reason: string;
}

/**
 * The exempt pairs of a stored run's document, as the verifier reports them: each pre-assignment,
 * then each override, in the order given (none for a version 1 document).
 */
export function exemptPairsOf(
  input: Pick<RoundRunInput, 'pre_assignments' | 'overrides'> | null,
): RunExemptPair[] {
  const pre = (input?.pre_assignments ?? []).map(({ candidate, opportunity, reason }) => ({
    kind: 'PRE_ASSIGNED' as const,
    candidate,
    opportunity,
    reason,
  }));
  const overrides = (input?.overrides ?? []).map(({ kind, candidate, opportunity, reason }) => ({
    kind,
    candidate,
    opportunity,
    reason,
  }));
  return [...pre, ...overrides];
}

/** A value JSON.stringify writes canonically by itself: no object inside. */
export function isFlat(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Array.isArray(value)) return false;
  for (const v of value) if (v !== null && typeof v === 'object') return false;
  return true;
}

/**
 * JSON with object keys sorted at every level (arrays keep their order): the form that is hashed.
 * An object whose keys are already in sorted order (as the run's document builds its large maps),
 * none of them an array index, and whose values hold no object, is written by JSON.stringify in one
 * native call: the same text, without a string per entry.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    // Fast path for the bulk of an instance: lists of ids (no keys to sort inside).
    if (value.every((v) => typeof v === 'string')) return JSON.stringify(value);
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    let flat = true;
    for (let i = 0; i < keys.length && flat; i++) {
      flat =
        (i === 0 || keys[i - 1] < keys[i]) &&
        !isIndexKey(keys[i]) &&
        isFlat((value as Record<string, unknown>)[keys[i]]);
    }
    if (flat) return JSON.stringify(value);
    const entries = keys
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Every placement of a run: the solver's matches and HR's pre-assignments. */
export function placementsOf(
  input: Pick<RoundRunInput, 'preAssigned'>,
  assignment: Readonly<Record<string, string | null>>,
): Map<string, string> {
  const placed = new Map<string, string>();
  for (const c of sorted(Object.keys(assignment))) {
    const o = assignment[c];
    if (o) placed.set(c, o);
  }
  for (const [c, o] of Object.entries(input.preAssigned)) placed.set(c, o);
  return placed;
}

export function runStats(
  input: RoundRunInput,
  assignment: Readonly<Record<string, string | null>>,
  candidateOrganisation: ReadonlyMap<string, string>,
  hostOrganisation: ReadonlyMap<string, string>,
): RoundRunStats {
  const placed = placementsOf(input, assignment);
  const candidates = sorted(new Set([...Object.keys(assignment), ...Object.keys(input.preAssigned)]));
  const capacities = (
    input.problem === 'HR' ? input.instance.capacities : input.instance.project_capacities
  ) as Record<string, number>;
  const choiceRankCounts: number[] = [];
  const flows = new Map<string, number>();
  for (const [c, o] of placed) {
    const rank = (input.choices[c] ?? []).indexOf(o);
    if (rank >= 0) {
      while (choiceRankCounts.length <= rank) choiceRankCounts.push(0);
      choiceRankCounts[rank] += 1;
    }
    const key = `${candidateOrganisation.get(c) ?? ''}|${hostOrganisation.get(o) ?? ''}`;
    flows.set(key, (flows.get(key) ?? 0) + 1);
  }
  return {
    candidates: candidates.length,
    candidatesMatched: placed.size,
    preAssigned: Object.keys(input.preAssigned).length,
    // Version 2 capacities count the pre-assigned seats; earlier documents left them out.
    seatsOffered:
      Object.values(capacities).reduce((a, b) => a + b, 0) +
      (input.version === 2 ? 0 : Object.keys(input.preAssigned).length),
    seatsFilled: placed.size,
    choiceRankCounts,
    unmatched: candidates.filter((c) => !placed.has(c)),
    flows: sorted(flows.keys()).map((key) => {
      const [fromOrganisationId, toOrganisationId] = key.split('|');
      return { fromOrganisationId, toOrganisationId, count: flows.get(key) ?? 0 };
    }),
  };
}

export type ChoiceOutcomeReason = 'FULL_WITH_HIGHER_RANKED' | 'NOT_RANKED_OR_NOT_ELIGIBLE' | 'NO_SEATS_LEFT';

export interface CandidateExplanation {
  opportunityId: string | null;
  choiceRank: number | null;
  preAssigned: boolean;
  above: { opportunityId: string; rank: number; reason: ChoiceOutcomeReason }[];
}

/**
 * One candidate's slice of a run: everything `explainCandidate` needs, small enough to read per
 * candidate (the repository extracts it from the stored run in SQL).
 */
export interface CandidateRunView {
  /** The candidate's choice list in the run, rank 1 first. */
  choices: readonly string[];
  /** The solver's placement (null: unmatched). */
  placed: string | null;
  /** HR's pre-assignment, if any. */
  preAssigned: string | null;
  /** The choices left in the candidate's own list after exclusions and full opportunities. */
  own: ReadonlySet<string>;
  /** The choices whose host (HR: the opportunity; SPA: its lead supervisor) listed the candidate. */
  listedBy: ReadonlySet<string>;
  /** The choices that had no free seat. */
  full: ReadonlySet<string>;
}

/** The candidate's view of a run, from the whole stored input (the pure reference of the SQL extraction). */
export function candidateView(
  input: RoundRunInput,
  assignment: Readonly<Record<string, string | null>>,
  candidateId: string,
): CandidateRunView {
  const choices = input.choices[candidateId] ?? [];
  const lists = (input.problem === 'HR' ? input.instance.residents : input.instance.students) as Record<
    string,
    string[]
  >;
  const hostListed = (o: string): boolean => {
    if (input.problem === 'HR') {
      return ((input.instance.hospitals as Record<string, string[]>)[o] ?? []).includes(candidateId);
    }
    const lead = (input.instance.project_supervisors as Record<string, string>)[o];
    return ((input.instance.supervisors as Record<string, string[]>)[lead] ?? []).includes(candidateId);
  };
  return {
    choices,
    placed: assignment[candidateId] ?? null,
    preAssigned: input.preAssigned[candidateId] ?? null,
    own: new Set(lists[candidateId] ?? []),
    listedBy: new Set(choices.filter(hostListed)),
    full: new Set(choices.filter((o) => input.fullOpportunities.includes(o))),
  };
}

/**
 * Why the candidate got what they got in this run. For every choice ranked above their placement
 * (all choices when unplaced): left out for want of seats; not acceptable (excluded, not ranked by
 * its host, not eligible); or, since the run is stable, full with candidates its host ranked higher.
 */
export function explainCandidate(view: CandidateRunView): CandidateExplanation {
  const { choices } = view;
  if (view.preAssigned) {
    const rank = choices.indexOf(view.preAssigned);
    return {
      opportunityId: view.preAssigned,
      choiceRank: rank >= 0 ? rank + 1 : null,
      preAssigned: true,
      above: [],
    };
  }
  const got = view.placed;
  const gotRank = got ? choices.indexOf(got) : -1;
  const above = got && gotRank >= 0 ? choices.slice(0, gotRank) : choices;
  return {
    opportunityId: got,
    choiceRank: gotRank >= 0 ? gotRank + 1 : null,
    preAssigned: false,
    above: above.map((o, i) => ({
      opportunityId: o,
      rank: i + 1,
      reason: view.full.has(o)
        ? 'NO_SEATS_LEFT'
        : !view.own.has(o) || !view.listedBy.has(o)
          ? 'NOT_RANKED_OR_NOT_ELIGIBLE'
          : 'FULL_WITH_HIGHER_RANKED',
    })),
  };
}
