/**
 * The independent verifier. It shares nothing with the solvers: it reads the string-keyed parsed
 * instance and an assignment, and checks them directly against the definitions in
 * docs/matching-instance-format.md.
 *
 * Validity: every id known, every candidate listed, every pair mutually acceptable (each side lists
 * the other), no hospital/project over capacity, no supervisor over its load cap.
 * Stability (Gusfield and Irving 1989 for HR; Abraham, Irving and Manlove 2007 for SPA-S): no
 * blocking pair. A pair can only block when it is mutually acceptable.
 *
 * HR's decisions (format version 2): a pre-assigned or FORCED candidate must be where HR placed
 * them (whether or not the lists allow it), and counts against the capacities; they cannot block
 * and their seat cannot be contested (a host's "worst assignee" is taken over the others). An
 * ELIGIBLE pair is acceptable, the candidate ranked after everyone the host listed, and never
 * counted as blocking. Each of these pairs is reported in `exempt`.
 */
import { HrInstance, MatchingInstance, SpaInstance } from './instance';
import { verifiesClean } from './verifier-coded';

export type ViolationKind =
  | 'UNKNOWN_ID'
  | 'MISSING_ASSIGNMENT'
  | 'UNACCEPTABLE_PAIR'
  | 'CAPACITY_EXCEEDED'
  | 'SUPERVISOR_CAPACITY_EXCEEDED'
  | 'BLOCKING_PAIR'
  | 'DECISION_IGNORED';

export interface Violation {
  readonly kind: ViolationKind;
  /**
   * The ids involved: [candidate, host] for UNACCEPTABLE_PAIR and BLOCKING_PAIR, [host] or
   * [supervisor] for the capacity kinds, [candidate] for MISSING_ASSIGNMENT, the unknown id (after
   * the candidate it came from, if any) for UNKNOWN_ID.
   */
  readonly ids: readonly string[];
  readonly message: string;
}

export type ExemptKind = 'PRE_ASSIGNED' | 'FORCED' | 'ELIGIBLE';

/** A pair HR decided: left out of the stability verdict (and, when placed by HR, of acceptability). */
export interface ExemptPair {
  readonly kind: ExemptKind;
  /** [candidate, opportunity]. */
  readonly ids: readonly [string, string];
  readonly reason: string;
}

export interface Verification {
  /** No UNKNOWN_ID, MISSING_ASSIGNMENT, UNACCEPTABLE_PAIR, DECISION_IGNORED or capacity violation. */
  readonly valid: boolean;
  /** Valid and without blocking pairs (the exempt pairs aside). */
  readonly stable: boolean;
  readonly violations: readonly Violation[];
  /** HR's decisions, in the order given: pre-assignments, then overrides. Empty for version 1. */
  readonly exempt: readonly ExemptPair[];
}

/** What the verifier accepts as an assignment: candidate id to host id or null. */
export type AssignmentInput = Readonly<Record<string, string | null>>;

const UNRANKED = Number.POSITIVE_INFINITY;

/** Position of `member` in a candidate's own (short) list; candidates get no table, to keep memory low. */
function positionIn(lists: ReadonlyMap<string, readonly string[]>, owner: string, member: string): number {
  const position = lists.get(owner)?.indexOf(member) ?? -1;
  return position < 0 ? UNRANKED : position;
}

/** Host side: id -> (member -> position in the id's list). */
function rankTables(lists: ReadonlyMap<string, readonly string[]>): Map<string, Map<string, number>> {
  const tables = new Map<string, Map<string, number>>();
  for (const [id, list] of lists) {
    tables.set(id, new Map(list.map((member, position) => [member, position])));
  }
  return tables;
}

function rankIn(
  tables: ReadonlyMap<string, ReadonlyMap<string, number>>,
  owner: string,
  member: string,
): number {
  return tables.get(owner)?.get(member) ?? UNRANKED;
}

/** The largest rank among the members (-1 when there are none; unlisted members count as worst). */
function worstOf(members: readonly string[], rank: (member: string) => number): number {
  let worst = -1;
  for (const member of members) worst = Math.max(worst, rank(member));
  return worst;
}

interface CandidateSide {
  readonly candidateWord: string;
  readonly hostWord: string;
  readonly candidates: ReadonlyMap<string, readonly string[]>;
  readonly knownHost: (host: string) => boolean;
}

/**
 * Reads the assignment: reports unknown candidates and hosts and missing candidates, and returns the
 * host of each known candidate (null when unassigned or when the host is unknown).
 */
function readAssignment(
  side: CandidateSide,
  assignment: AssignmentInput,
  violations: Violation[],
): Map<string, string | null> {
  const hostOf = new Map<string, string | null>();
  // Only the unknown ones are sorted (for the order of the report), not the whole assignment.
  const unknown = Object.keys(assignment).filter((candidate) => !side.candidates.has(candidate));
  for (const candidate of unknown.sort()) {
    violations.push({
      kind: 'UNKNOWN_ID',
      ids: [candidate],
      message: `the assignment names unknown ${side.candidateWord} ${JSON.stringify(candidate)}`,
    });
  }
  for (const candidate of side.candidates.keys()) {
    if (!Object.hasOwn(assignment, candidate)) {
      violations.push({
        kind: 'MISSING_ASSIGNMENT',
        ids: [candidate],
        message: `${side.candidateWord} ${JSON.stringify(candidate)} is missing from the assignment`,
      });
      hostOf.set(candidate, null);
      continue;
    }
    const host: unknown = assignment[candidate];
    if (host === null) {
      hostOf.set(candidate, null);
    } else if (typeof host !== 'string' || !side.knownHost(host)) {
      violations.push({
        kind: 'UNKNOWN_ID',
        ids: [candidate, String(host)],
        message: `${side.candidateWord} ${JSON.stringify(candidate)} is assigned to unknown ${side.hostWord} ${JSON.stringify(host)}`,
      });
      hostOf.set(candidate, null);
    } else {
      hostOf.set(candidate, host);
    }
  }
  return hostOf;
}

function finish(violations: Violation[], exempt: readonly ExemptPair[]): Verification {
  const valid = violations.every((v) => v.kind === 'BLOCKING_PAIR');
  return { valid, stable: valid && violations.length === 0, violations, exempt };
}

/** HR's decisions as the verifier reads them, straight from the instance. */
interface Decisions {
  /** Candidate to the opportunity HR placed them at. */
  readonly placed: ReadonlyMap<string, string>;
  /** Host list owner to (candidate to rank) for candidates made eligible beyond the owner's list. */
  readonly extraRank: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** `candidate opportunity` pairs made eligible (keys from pairKey). */
  readonly eligible: ReadonlySet<string>;
  readonly exempt: readonly ExemptPair[];
}

function pairKey(candidate: string, opportunity: string): string {
  return JSON.stringify([candidate, opportunity]);
}

function readDecisions(
  instance: MatchingInstance,
  ownerOf: (opportunity: string) => string,
  ownerRank: ReadonlyMap<string, ReadonlyMap<string, number>>,
): Decisions {
  const placed = new Map<string, string>();
  const extraRank = new Map<string, Map<string, number>>();
  const eligible = new Set<string>();
  const exempt: ExemptPair[] = [];
  for (const pair of instance.preAssignments ?? []) {
    placed.set(pair.candidate, pair.opportunity);
    exempt.push({ kind: 'PRE_ASSIGNED', ids: [pair.candidate, pair.opportunity], reason: pair.reason });
  }
  for (const pair of instance.overrides ?? []) {
    exempt.push({ kind: pair.kind, ids: [pair.candidate, pair.opportunity], reason: pair.reason });
    if (pair.kind === 'FORCED') {
      placed.set(pair.candidate, pair.opportunity);
      continue;
    }
    eligible.add(pairKey(pair.candidate, pair.opportunity));
    const owner = ownerOf(pair.opportunity);
    const listed = ownerRank.get(owner);
    const extra = extraRank.get(owner) ?? new Map<string, number>();
    extraRank.set(owner, extra);
    if (listed?.has(pair.candidate) !== true && !extra.has(pair.candidate)) {
      extra.set(pair.candidate, (listed?.size ?? 0) + extra.size);
    }
  }
  return { placed, extraRank, eligible, exempt };
}

/** A placed candidate elsewhere than HR placed them. */
function checkPlaced(
  decisions: Decisions,
  hostOf: ReadonlyMap<string, string | null>,
  words: { candidate: string; host: string },
  violations: Violation[],
): void {
  for (const [candidate, opportunity] of decisions.placed) {
    if (hostOf.get(candidate) !== opportunity) {
      violations.push({
        kind: 'DECISION_IGNORED',
        ids: [candidate, opportunity],
        message: `${words.candidate} ${JSON.stringify(candidate)} was placed at ${words.host} ${JSON.stringify(opportunity)} by HR but is assigned ${JSON.stringify(hostOf.get(candidate) ?? null)}`,
      });
    }
  }
}

function verifyHr(instance: HrInstance, assignment: AssignmentInput): Verification {
  const violations: Violation[] = [];
  const hospitalRank = rankTables(instance.hospitals);
  const decisions = readDecisions(instance, (h) => h, hospitalRank);
  const hostRank = (h: string, r: string): number =>
    rankIn(hospitalRank, h, r) !== UNRANKED ? rankIn(hospitalRank, h, r) : rankIn(decisions.extraRank, h, r);
  const hostOf = readAssignment(
    {
      candidateWord: 'resident',
      hostWord: 'hospital',
      candidates: instance.residents,
      knownHost: (h) => instance.hospitals.has(h),
    },
    assignment,
    violations,
  );
  checkPlaced(decisions, hostOf, { candidate: 'resident', host: 'hospital' }, violations);

  const assignees = new Map<string, string[]>();
  const contestable = new Map<string, string[]>();
  for (const h of instance.hospitals.keys()) {
    assignees.set(h, []);
    contestable.set(h, []);
  }
  for (const [r, h] of hostOf) {
    if (h === null) continue;
    assignees.get(h)?.push(r);
    if (decisions.placed.get(r) === h) continue; // HR's placement: no list needs to allow it
    contestable.get(h)?.push(r);
    if (positionIn(instance.residents, r, h) === UNRANKED || hostRank(h, r) === UNRANKED) {
      violations.push({
        kind: 'UNACCEPTABLE_PAIR',
        ids: [r, h],
        message: `resident ${JSON.stringify(r)} and hospital ${JSON.stringify(h)} do not both list each other`,
      });
    }
  }
  const worstRank = new Map<string, number>();
  for (const [h, residents] of assignees) {
    const capacity = instance.capacities.get(h) ?? 0;
    if (residents.length > capacity) {
      violations.push({
        kind: 'CAPACITY_EXCEEDED',
        ids: [h],
        message: `hospital ${JSON.stringify(h)} has ${residents.length} residents but capacity ${capacity}`,
      });
    }
    worstRank.set(
      h,
      worstOf(contestable.get(h) ?? [], (r) => hostRank(h, r)),
    );
  }

  for (const [r, list] of instance.residents) {
    if (decisions.placed.has(r)) continue; // out of the market
    const current = hostOf.get(r) ?? null;
    const currentRank = current === null ? UNRANKED : positionIn(instance.residents, r, current);
    for (let position = 0; position < list.length && position < currentRank; position++) {
      const h = list[position];
      const rankOfR = hostRank(h, r);
      if (rankOfR === UNRANKED) continue; // one-sided: not acceptable
      if (decisions.eligible.size > 0 && decisions.eligible.has(pairKey(r, h))) continue; // exempt
      const count = assignees.get(h)?.length ?? 0;
      const capacity = instance.capacities.get(h) ?? 0;
      const hasRoom = count < capacity;
      if (hasRoom || rankOfR < (worstRank.get(h) ?? -1)) {
        violations.push({
          kind: 'BLOCKING_PAIR',
          ids: [r, h],
          message:
            `resident ${JSON.stringify(r)} and hospital ${JSON.stringify(h)} block: the resident ` +
            `${current === null ? 'is unassigned' : `prefers it to ${JSON.stringify(current)}`} and the hospital ` +
            (hasRoom ? 'has a free seat' : 'prefers the resident to its worst assignee'),
        });
      }
    }
  }
  return finish(violations, decisions.exempt);
}

function verifySpa(instance: SpaInstance, assignment: AssignmentInput): Verification {
  const violations: Violation[] = [];
  const supervisorRank = rankTables(instance.supervisors);
  const decisions = readDecisions(instance, (p) => instance.projectSupervisors.get(p) ?? '', supervisorRank);
  const leadRank = (l: string, s: string): number =>
    rankIn(supervisorRank, l, s) !== UNRANKED
      ? rankIn(supervisorRank, l, s)
      : rankIn(decisions.extraRank, l, s);
  const hostOf = readAssignment(
    {
      candidateWord: 'student',
      hostWord: 'project',
      candidates: instance.students,
      knownHost: (p) => instance.projectSupervisors.has(p),
    },
    assignment,
    violations,
  );
  checkPlaced(decisions, hostOf, { candidate: 'student', host: 'project' }, violations);
  const supervisorOf = (p: string): string => instance.projectSupervisors.get(p) ?? '';
  const acceptable = (s: string, p: string): boolean =>
    positionIn(instance.students, s, p) !== UNRANKED && leadRank(supervisorOf(p), s) !== UNRANKED;

  const projectStudents = new Map<string, string[]>();
  const projectContestable = new Map<string, string[]>();
  for (const p of instance.projectSupervisors.keys()) {
    projectStudents.set(p, []);
    projectContestable.set(p, []);
  }
  const supervisorStudents = new Map<string, string[]>();
  const supervisorContestable = new Map<string, string[]>();
  for (const l of instance.supervisors.keys()) {
    supervisorStudents.set(l, []);
    supervisorContestable.set(l, []);
  }
  for (const [s, p] of hostOf) {
    if (p === null) continue;
    projectStudents.get(p)?.push(s);
    supervisorStudents.get(supervisorOf(p))?.push(s);
    if (decisions.placed.get(s) === p) continue; // HR's placement: no list needs to allow it
    projectContestable.get(p)?.push(s);
    supervisorContestable.get(supervisorOf(p))?.push(s);
    if (!acceptable(s, p)) {
      violations.push({
        kind: 'UNACCEPTABLE_PAIR',
        ids: [s, p],
        message:
          `student ${JSON.stringify(s)} and project ${JSON.stringify(p)} are not mutually acceptable ` +
          `(the student must list the project and supervisor ${JSON.stringify(supervisorOf(p))} the student)`,
      });
    }
  }

  const projectWorst = new Map<string, number>();
  for (const [p, students] of projectStudents) {
    const capacity = instance.projectCapacities.get(p) ?? 0;
    if (students.length > capacity) {
      violations.push({
        kind: 'CAPACITY_EXCEEDED',
        ids: [p],
        message: `project ${JSON.stringify(p)} has ${students.length} students but capacity ${capacity}`,
      });
    }
    projectWorst.set(
      p,
      worstOf(projectContestable.get(p) ?? [], (s) => leadRank(supervisorOf(p), s)),
    );
  }
  const supervisorWorst = new Map<string, number>();
  for (const [l, students] of supervisorStudents) {
    const capacity = instance.supervisorCapacities.get(l) ?? 0;
    if (students.length > capacity) {
      violations.push({
        kind: 'SUPERVISOR_CAPACITY_EXCEEDED',
        ids: [l],
        message: `supervisor ${JSON.stringify(l)} has ${students.length} students but a load cap of ${capacity}`,
      });
    }
    supervisorWorst.set(
      l,
      worstOf(supervisorContestable.get(l) ?? [], (s) => leadRank(l, s)),
    );
  }

  for (const [s, list] of instance.students) {
    if (decisions.placed.has(s)) continue; // out of the market
    const current = hostOf.get(s) ?? null;
    const currentRank = current === null ? UNRANKED : positionIn(instance.students, s, current);
    for (let position = 0; position < list.length && position < currentRank; position++) {
      const p = list[position];
      const l = supervisorOf(p);
      const rankOfS = leadRank(l, s);
      if (rankOfS === UNRANKED) continue; // the supervisor does not list s: not acceptable
      if (decisions.eligible.size > 0 && decisions.eligible.has(pairKey(s, p))) continue; // exempt
      const projectFull = (projectStudents.get(p)?.length ?? 0) >= (instance.projectCapacities.get(p) ?? 0);
      const supervisorFull =
        (supervisorStudents.get(l)?.length ?? 0) >= (instance.supervisorCapacities.get(l) ?? 0);
      const withSupervisor = current !== null && supervisorOf(current) === l;
      let reason: string | null = null;
      if (!projectFull && !supervisorFull) {
        reason = '(a) the project and its supervisor both have room';
      } else if (!projectFull && withSupervisor) {
        reason = '(b) the project has room and the student is already with its full supervisor';
      } else if (!projectFull && rankOfS < (supervisorWorst.get(l) ?? -1)) {
        reason =
          "(b) the project has room and its full supervisor prefers the student to the supervisor's worst";
      } else if (projectFull && rankOfS < (projectWorst.get(p) ?? -1)) {
        reason = "(c) the project is full and its supervisor prefers the student to the project's worst";
      }
      if (reason !== null) {
        violations.push({
          kind: 'BLOCKING_PAIR',
          ids: [s, p],
          message:
            `student ${JSON.stringify(s)} and project ${JSON.stringify(p)} block: the student ` +
            `${current === null ? 'is unassigned' : `prefers it to ${JSON.stringify(current)}`}; ${reason}`,
        });
      }
    }
  }
  return finish(violations, decisions.exempt);
}

/**
 * Checks an assignment against an instance; see the module comment for what is checked. An
 * assignment with nothing to report is recognised on the parser's integer-coded lists
 * (verifier-coded.ts: a national round's million list entries without a Map lookup each); any
 * other is checked and reported by `verifyByIds`.
 */
export function verify(instance: MatchingInstance, assignment: AssignmentInput): Verification {
  if (verifiesClean(instance, assignment)) return { valid: true, stable: true, violations: [], exempt: [] };
  return verifyByIds(instance, assignment);
}

/** `verify` on the string-keyed lists alone, whatever the assignment: what writes every report. */
export function verifyByIds(instance: MatchingInstance, assignment: AssignmentInput): Verification {
  return instance.problem === 'HR' ? verifyHr(instance, assignment) : verifySpa(instance, assignment);
}
