/**
 * Matching instances: the string-keyed, validated form of the instance format in
 * docs/matching-instance-format.md, and the parser that builds it from untrusted JSON.
 *
 * The parsed instance keeps every list exactly as given (including one-sided entries); the
 * mutual-acceptability rule (a pair counts only when each side lists the other) is applied by the
 * solvers' compiler and, independently, by the verifier. `effectiveInstance` shows the lists after
 * that rule, for display and tests.
 */
import { rememberCodedRows } from './coded-lists';
import { madeEntries } from './made-records';

export type Problem = 'HR' | 'SPA-S';

/** Which side the stable matching is optimal for: residents/students or hospitals/supervisors. */
export type Optimal = 'candidate' | 'host';

/**
 * A pair HR decided (format version 2): a pre-assignment made before solving, or an override.
 * `opportunity` is a hospital id (HR) or a project id (SPA-S).
 */
export interface PreAssignment {
  readonly candidate: string;
  readonly opportunity: string;
  readonly reason: string;
}

/**
 * FORCED: HR placed the candidate there whatever the lists say (like a pre-assignment);
 * ELIGIBLE: HR made the candidate acceptable to the opportunity's host although the host's list
 * leaves the candidate out (they are then ranked after everyone the host listed).
 */
export type OverrideKind = 'FORCED' | 'ELIGIBLE';

export interface Override extends PreAssignment {
  readonly kind: OverrideKind;
}

/** What format version 2 adds to an instance; absent (or empty) in a version 1 document. */
export interface HrDecisions {
  /** Placed before solving, in the order given. */
  readonly preAssignments?: readonly PreAssignment[];
  /** HR's overrides, in the order given (the order of ELIGIBLE ones is the order they are ranked in). */
  readonly overrides?: readonly Override[];
}

/** Hospitals/Residents: residents are candidates, hospitals are hosts with seats. */
export interface HrInstance extends HrDecisions {
  readonly problem: 'HR';
  /** Resident id to hospital ids, most preferred first. Iteration order is the ids sorted. */
  readonly residents: ReadonlyMap<string, readonly string[]>;
  /** Hospital id to resident ids, most preferred first. Iteration order is the ids sorted. */
  readonly hospitals: ReadonlyMap<string, readonly string[]>;
  /** Hospital id to its number of seats (an integer of at least 1). */
  readonly capacities: ReadonlyMap<string, number>;
}

/** Student-project allocation with supervisor preferences over students (SPA-S). */
export interface SpaInstance extends HrDecisions {
  readonly problem: 'SPA-S';
  /** Student id to project ids, most preferred first. */
  readonly students: ReadonlyMap<string, readonly string[]>;
  /** Supervisor id to student ids, most preferred first. */
  readonly supervisors: ReadonlyMap<string, readonly string[]>;
  /** Project id to the id of its (lead) supervisor. Every project has exactly one. */
  readonly projectSupervisors: ReadonlyMap<string, string>;
  readonly projectCapacities: ReadonlyMap<string, number>;
  /** Supervisor id to load cap: the most students over all of the supervisor's projects. */
  readonly supervisorCapacities: ReadonlyMap<string, number>;
}

export type MatchingInstance = HrInstance | SpaInstance;

export type InstanceErrorCode =
  | 'MALFORMED_JSON'
  | 'INVALID_SHAPE'
  | 'UNKNOWN_PROBLEM'
  | 'UNKNOWN_ID'
  | 'DUPLICATE_ID'
  | 'INVALID_CAPACITY'
  | 'MISSING_CAPACITY'
  | 'MISSING_SUPERVISOR'
  | 'UNSUPPORTED_VERSION'
  | 'OVER_CAPACITY';

/** An instance that cannot be solved as given; the message names the offending entry. */
export class InstanceError extends Error {
  override readonly name = 'InstanceError';

  constructor(
    readonly code: InstanceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type JsonObject = Readonly<Record<string, unknown>>;

const SIMPLE_ID = /^[A-Za-z0-9_-]+$/;

/** `residents.r3`, or `residents["odd id"]` when the id is not a plain word. */
export function fieldPath(field: string, id: string): string {
  return SIMPLE_ID.test(id) ? `${field}.${id}` : `${field}[${JSON.stringify(id)}]`;
}

function describeValue(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(value: unknown, path: string, what: string): JsonObject {
  if (!isObject(value)) {
    throw new InstanceError('INVALID_SHAPE', `${path} must be an object ${what}`);
  }
  return value;
}

function sortedKeys(value: JsonObject): string[] {
  return Object.keys(value).sort();
}

/** The object at `instance.<field>` and its ids, sorted. */
interface Keyed {
  readonly object: JsonObject;
  readonly ids: readonly string[];
  /**
   * `values[k]` is `object[ids[k]]`, when the object was made from these lists (made-records.ts: a
   * round's document), so that 100k ids are neither listed, sorted nor looked up in the object.
   */
  readonly values?: readonly unknown[];
}

function readKeyed(container: JsonObject, field: string, what: string): Keyed {
  const object = requireObject(container[field], `instance.${field}`, what);
  const made = madeEntries(object);
  if (made) return { object, ids: made.keys, values: made.values };
  return { object, ids: sortedKeys(object) };
}

function indexOf(ids: Iterable<string>): Map<string, number> {
  const index = new Map<string, number>();
  for (const id of ids) index.set(id, index.size);
  return index;
}

/**
 * Reads `{ id: [member ids...] }`: every list an array of strings naming known members, none twice.
 * One pass over the entries; a member seen in the current list is stamped with the list's number,
 * so a duplicate costs an array lookup rather than a set per list. The member indices are kept
 * (see coded-lists.ts) once `members` is known to be the final collection.
 */
function readLists(
  { object, ids, values }: Keyed,
  field: string,
  memberIndex: ReadonlyMap<string, number>,
  memberKind: string,
): { lists: Map<string, readonly string[]>; start: Int32Array; items: Int32Array } {
  const start = new Int32Array(ids.length + 1);
  const rows = new Array<readonly unknown[]>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const raw: unknown = values ? values[i] : object[ids[i]];
    if (!Array.isArray(raw)) {
      throw new InstanceError(
        'INVALID_SHAPE',
        `${fieldPath(field, ids[i])} must be a list of ${memberKind} ids`,
      );
    }
    rows[i] = raw;
    start[i + 1] = start[i] + raw.length;
  }
  const items = new Int32Array(start[ids.length]);
  const stamp = new Int32Array(memberIndex.size).fill(-1);
  const lists = new Map<string, readonly string[]>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const entries = rows[i];
    for (let k = 0; k < entries.length; k++) {
      const member = entries[k];
      if (typeof member !== 'string') {
        throw new InstanceError('INVALID_SHAPE', `${fieldPath(field, id)}[${k}] must be a string id`);
      }
      const m = memberIndex.get(member);
      if (m === undefined) {
        throw new InstanceError(
          'UNKNOWN_ID',
          `${fieldPath(field, id)} lists unknown ${memberKind} ${JSON.stringify(member)}`,
        );
      }
      if (stamp[m] === i) {
        throw new InstanceError(
          'DUPLICATE_ID',
          `${fieldPath(field, id)} lists ${memberKind} ${JSON.stringify(member)} twice`,
        );
      }
      stamp[m] = i;
      items[start[i] + k] = m;
    }
    // Every entry is a string now. slice() copies in one go, so the caller keeps its own array.
    lists.set(id, entries.slice() as string[]);
  }
  return { lists, start, items };
}

/** Reads `{ owner id: capacity }`: every owner has one, an integer of at least 1; no unknown owner. */
function readCapacities(
  container: JsonObject,
  field: string,
  owners: readonly string[],
  known: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  ownerKind: string,
): Map<string, number> {
  const { object, ids, values } = readKeyed(container, field, `mapping ${ownerKind} ids to capacities`);
  // Made from the owners' own list of ids (a round's document): each owner's capacity by position.
  const byPosition = values !== undefined && ids === owners;
  for (const id of ids) {
    if (!known.has(id)) {
      throw new InstanceError(
        'UNKNOWN_ID',
        `${fieldPath(field, id)} names unknown ${ownerKind} ${JSON.stringify(id)}`,
      );
    }
  }
  const capacities = new Map<string, number>();
  for (let k = 0; k < owners.length; k++) {
    const owner = owners[k];
    if (!byPosition && !Object.hasOwn(object, owner)) {
      throw new InstanceError(
        'MISSING_CAPACITY',
        `${ownerKind} ${JSON.stringify(owner)} has no capacity (${fieldPath(field, owner)} is missing)`,
      );
    }
    const value = byPosition ? values[k] : object[owner];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new InstanceError(
        'INVALID_CAPACITY',
        `${fieldPath(field, owner)} must be an integer of at least 1 (got ${describeValue(value)})`,
      );
    }
    capacities.set(owner, value);
  }
  return capacities;
}

function parseHr(body: JsonObject): HrInstance {
  const residentsIn = readKeyed(body, 'residents', 'mapping ids to lists of hospital ids');
  const hospitalsIn = readKeyed(body, 'hospitals', 'mapping ids to lists of resident ids');
  const hospitalIndex = indexOf(hospitalsIn.ids);
  const residents = readLists(residentsIn, 'residents', hospitalIndex, 'hospital');
  const hospitals = readLists(hospitalsIn, 'hospitals', indexOf(residentsIn.ids), 'resident');
  const capacities = readCapacities(body, 'capacities', hospitalsIn.ids, hospitalIndex, 'hospital');
  rememberCodedRows(residents.lists, {
    start: residents.start,
    items: residents.items,
    members: hospitals.lists,
  });
  rememberCodedRows(hospitals.lists, {
    start: hospitals.start,
    items: hospitals.items,
    members: residents.lists,
  });
  return { problem: 'HR', residents: residents.lists, hospitals: hospitals.lists, capacities };
}

function parseSpa(body: JsonObject): SpaInstance {
  const studentsIn = readKeyed(body, 'students', 'mapping ids to lists of project ids');
  const supervisorsIn = readKeyed(body, 'supervisors', 'mapping ids to lists of student ids');
  const projectsIn = readKeyed(body, 'project_supervisors', 'mapping project ids to supervisor ids');
  const projectCapacitiesIn = readKeyed(body, 'project_capacities', 'mapping project ids to capacities');
  const supervisorIndex = indexOf(supervisorsIn.ids);

  const projectSupervisors = new Map<string, string>();
  for (let k = 0; k < projectsIn.ids.length; k++) {
    const project = projectsIn.ids[k];
    const supervisor = projectsIn.values ? projectsIn.values[k] : projectsIn.object[project];
    const path = fieldPath('project_supervisors', project);
    if (typeof supervisor !== 'string') {
      throw new InstanceError(
        'MISSING_SUPERVISOR',
        `${path} must be a supervisor id (project without a supervisor)`,
      );
    }
    if (!supervisorIndex.has(supervisor)) {
      throw new InstanceError('UNKNOWN_ID', `${path} names unknown supervisor ${JSON.stringify(supervisor)}`);
    }
    projectSupervisors.set(project, supervisor);
  }

  // A project is known when it has a supervisor or a capacity; it needs both.
  const projects = indexOf(new Set([...projectsIn.ids, ...projectCapacitiesIn.ids]));
  const students = readLists(studentsIn, 'students', projects, 'project');
  for (const project of projectCapacitiesIn.ids) {
    if (!projectSupervisors.has(project)) {
      throw new InstanceError(
        'MISSING_SUPERVISOR',
        `project ${JSON.stringify(project)} has no supervisor (${fieldPath('project_supervisors', project)} is missing)`,
      );
    }
  }
  const projectCapacities = readCapacities(body, 'project_capacities', projectsIn.ids, projects, 'project');
  const supervisors = readLists(supervisorsIn, 'supervisors', indexOf(studentsIn.ids), 'student');
  const supervisorCapacities = readCapacities(
    body,
    'supervisor_capacities',
    supervisorsIn.ids,
    supervisorIndex,
    'supervisor',
  );

  // Valid now, so the project index is exactly the sorted project_supervisors ids.
  rememberCodedRows(students.lists, {
    start: students.start,
    items: students.items,
    members: projectSupervisors,
  });
  rememberCodedRows(supervisors.lists, {
    start: supervisors.start,
    items: supervisors.items,
    members: students.lists,
  });
  return {
    problem: 'SPA-S',
    students: students.lists,
    supervisors: supervisors.lists,
    projectSupervisors,
    projectCapacities,
    supervisorCapacities,
  };
}

/**
 * Validates an instance document `{ problem, instance, ... }` (docs/matching-instance-format.md; other
 * top-level fields are ignored) and returns the string-keyed instance. Throws `InstanceError` naming
 * the first problem found.
 */
export function parseInstance(document: unknown): MatchingInstance {
  const top = requireObject(document, 'the input', 'with "problem" and "instance"');
  const problem = top.problem;
  if (problem !== 'HR' && problem !== 'SPA-S') {
    throw new InstanceError(
      'UNKNOWN_PROBLEM',
      `unknown problem ${describeValue(problem)} (expected "HR" or "SPA-S")`,
    );
  }
  const version = readVersion(top);
  const body = requireObject(top.instance, 'instance', `holding the ${problem} lists and capacities`);
  const instance = problem === 'HR' ? parseHr(body) : parseSpa(body);
  return version === 2 ? withDecisions(instance, top) : instance;
}

/** The format version: 1 when absent. Version 1 has no place for HR's decisions. */
export function readVersion(top: JsonObject): 1 | 2 {
  const version = top.version;
  if (version === undefined || version === 1) {
    for (const field of DECISION_FIELDS) {
      if (Object.hasOwn(top, field)) {
        throw new InstanceError(
          'UNSUPPORTED_VERSION',
          `${field} needs "version": 2 (a version 1 document has no pre-assignments or overrides)`,
        );
      }
    }
    return 1;
  }
  if (version === 2) return 2;
  throw new InstanceError(
    'UNSUPPORTED_VERSION',
    `unsupported version ${describeValue(version)} (expected 1 or 2)`,
  );
}

const DECISION_FIELDS = ['pre_assignments', 'overrides'] as const;
const OVERRIDE_KINDS: readonly OverrideKind[] = ['FORCED', 'ELIGIBLE'];

function readDecisionList(
  top: JsonObject,
  field: (typeof DECISION_FIELDS)[number],
  known: { candidate: (id: string) => boolean; opportunity: (id: string) => boolean },
  words: { candidate: string; opportunity: string },
): Override[] {
  const raw = top[field];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    throw new InstanceError('INVALID_SHAPE', `${field} must be a list`);
  }
  return raw.map((entry: unknown, i): Override => {
    const path = `${field}[${i}]`;
    const object = requireObject(entry, path, 'with "candidate", "opportunity" and "reason"');
    let kind: OverrideKind = 'FORCED';
    if (field === 'overrides') {
      if (!OVERRIDE_KINDS.includes(object.kind as OverrideKind)) {
        throw new InstanceError(
          'INVALID_SHAPE',
          `${path}.kind must be "FORCED" or "ELIGIBLE" (got ${describeValue(object.kind)})`,
        );
      }
      kind = object.kind as OverrideKind;
    }
    for (const key of ['candidate', 'opportunity', 'reason'] as const) {
      const value = object[key];
      if (typeof value !== 'string' || (key === 'reason' && value.trim() === '')) {
        throw new InstanceError(
          'INVALID_SHAPE',
          `${path}.${key} must be a ${key === 'reason' ? 'non-blank string' : 'string id'}`,
        );
      }
    }
    const candidate = object.candidate as string;
    const opportunity = object.opportunity as string;
    if (!known.candidate(candidate)) {
      throw new InstanceError(
        'UNKNOWN_ID',
        `${path} names unknown ${words.candidate} ${JSON.stringify(candidate)}`,
      );
    }
    if (!known.opportunity(opportunity)) {
      throw new InstanceError(
        'UNKNOWN_ID',
        `${path} names unknown ${words.opportunity} ${JSON.stringify(opportunity)}`,
      );
    }
    return { kind, candidate, opportunity, reason: object.reason as string };
  });
}

/**
 * Reads and checks `pre_assignments` and `overrides` (version 2) against the parsed instance: ids
 * known, a candidate placed by HR at most once, an ELIGIBLE pair at most once, and the placed
 * candidates within the opportunity's capacity (SPA-S: and within the supervisor's load cap).
 */
export function withDecisions<T extends MatchingInstance>(instance: T, top: JsonObject): T {
  const hr = instance.problem === 'HR';
  const candidates = hr ? instance.residents : instance.students;
  const opportunities: ReadonlyMap<string, unknown> = hr ? instance.hospitals : instance.projectSupervisors;
  const known = {
    candidate: (id: string) => candidates.has(id),
    opportunity: (id: string) => opportunities.has(id),
  };
  const words = hr
    ? { candidate: 'resident', opportunity: 'hospital' }
    : { candidate: 'student', opportunity: 'project' };
  const preAssignments = readDecisionList(top, 'pre_assignments', known, words).map(
    ({ candidate, opportunity, reason }): PreAssignment => ({ candidate, opportunity, reason }),
  );
  const overrides = readDecisionList(top, 'overrides', known, words);

  const placed = new Set<string>();
  const eligible = new Set<string>();
  const seats = new Map<string, number>();
  for (const pair of [...preAssignments, ...overrides.filter((o) => o.kind === 'FORCED')]) {
    if (placed.has(pair.candidate)) {
      throw new InstanceError(
        'DUPLICATE_ID',
        `${words.candidate} ${JSON.stringify(pair.candidate)} is pre-assigned or forced more than once`,
      );
    }
    placed.add(pair.candidate);
    seats.set(pair.opportunity, (seats.get(pair.opportunity) ?? 0) + 1);
  }
  for (const pair of overrides.filter((o) => o.kind === 'ELIGIBLE')) {
    const key = JSON.stringify([pair.candidate, pair.opportunity]);
    if (eligible.has(key)) {
      throw new InstanceError(
        'DUPLICATE_ID',
        `${words.candidate} ${JSON.stringify(pair.candidate)} is made eligible for ${words.opportunity} ${JSON.stringify(pair.opportunity)} twice`,
      );
    }
    eligible.add(key);
  }
  const capacities = hr ? instance.capacities : instance.projectCapacities;
  const supervisorLoad = new Map<string, number>();
  for (const [opportunity, count] of seats) {
    const capacity = capacities.get(opportunity) ?? 0;
    if (count > capacity) {
      throw new InstanceError(
        'OVER_CAPACITY',
        `pre-assignments and forced pairs place ${count} candidates at ${words.opportunity} ${JSON.stringify(opportunity)}, which has capacity ${capacity}`,
      );
    }
    if (!hr) {
      const supervisor = instance.projectSupervisors.get(opportunity) ?? '';
      supervisorLoad.set(supervisor, (supervisorLoad.get(supervisor) ?? 0) + count);
    }
  }
  if (!hr) {
    for (const [supervisor, count] of supervisorLoad) {
      const cap = instance.supervisorCapacities.get(supervisor) ?? 0;
      if (count > cap) {
        throw new InstanceError(
          'OVER_CAPACITY',
          `pre-assignments and forced pairs place ${count} students with supervisor ${JSON.stringify(supervisor)}, whose load cap is ${cap}`,
        );
      }
    }
  }
  return { ...instance, preAssignments, overrides };
}

/** Whether an instance carries HR's decisions (pre-assignments or overrides). */
export function hasDecisions(instance: MatchingInstance): boolean {
  return (instance.preAssignments?.length ?? 0) > 0 || (instance.overrides?.length ?? 0) > 0;
}

function listsToRecord(lists: ReadonlyMap<string, readonly string[]>): Record<string, string[]> {
  return Object.fromEntries([...lists].map(([id, list]) => [id, [...list]]));
}

function mapToRecord<T>(map: ReadonlyMap<string, T>): Record<string, T> {
  return Object.fromEntries(map);
}

/**
 * The `instance` object (docs/matching-instance-format.md) of a parsed instance (for the wire, logs
 * and snapshots).
 */
export function instanceToJson(instance: MatchingInstance): Record<string, Record<string, unknown>> {
  if (instance.problem === 'HR') {
    return {
      residents: listsToRecord(instance.residents),
      hospitals: listsToRecord(instance.hospitals),
      capacities: mapToRecord(instance.capacities),
    };
  }
  return {
    students: listsToRecord(instance.students),
    supervisors: listsToRecord(instance.supervisors),
    project_supervisors: mapToRecord(instance.projectSupervisors),
    project_capacities: mapToRecord(instance.projectCapacities),
    supervisor_capacities: mapToRecord(instance.supervisorCapacities),
  };
}

/**
 * The whole document of a parsed instance: version 2 with HR's decisions when it has any, else the
 * version 1 document. `parseInstance(documentToJson(x))` gives `x` back.
 */
export function documentToJson(instance: MatchingInstance): Record<string, unknown> {
  const body = { problem: instance.problem, instance: instanceToJson(instance) };
  if (!hasDecisions(instance)) return body;
  return {
    version: 2,
    ...body,
    pre_assignments: (instance.preAssignments ?? []).map(({ candidate, opportunity, reason }) => ({
      candidate,
      opportunity,
      reason,
    })),
    overrides: (instance.overrides ?? []).map(({ kind, candidate, opportunity, reason }) => ({
      kind,
      candidate,
      opportunity,
      reason,
    })),
  };
}

/**
 * The instance after the mutual-acceptability rule: HR drops one-sided entries on both sides; SPA-S
 * drops a student's project when the project's supervisor does not list the student. (A supervisor's
 * list is only ever read through the students who listed one of its projects, so it stays as given.)
 */
export function effectiveInstance(instance: MatchingInstance): MatchingInstance {
  if (instance.problem === 'HR') {
    const residentLists = toSets(instance.residents);
    const hospitalLists = toSets(instance.hospitals);
    const residents = new Map(
      [...instance.residents].map(([r, list]) => [
        r,
        list.filter((h) => hospitalLists.get(h)?.has(r) === true),
      ]),
    );
    const hospitals = new Map(
      [...instance.hospitals].map(([h, list]) => [
        h,
        list.filter((r) => residentLists.get(r)?.has(h) === true),
      ]),
    );
    return { problem: 'HR', residents, hospitals, capacities: instance.capacities };
  }
  const supervisorLists = toSets(instance.supervisors);
  const students = new Map(
    [...instance.students].map(([s, list]) => [
      s,
      list.filter((p) => {
        const supervisor = instance.projectSupervisors.get(p);
        return supervisor !== undefined && supervisorLists.get(supervisor)?.has(s) === true;
      }),
    ]),
  );
  return { ...instance, students };
}

function toSets(lists: ReadonlyMap<string, readonly string[]>): Map<string, ReadonlySet<string>> {
  return new Map([...lists].map(([id, list]) => [id, new Set(list)]));
}
