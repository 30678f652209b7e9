/**
 * Matching instances: the string-keyed, validated form of the instance format in
 * shared/matching/FORMAT.md, and the parser that builds it from untrusted JSON.
 *
 * The parsed instance keeps every list exactly as given (including one-sided entries); the
 * mutual-acceptability rule (a pair counts only when each side lists the other) is applied by the
 * solvers' compiler and, independently, by the verifier. `effectiveInstance` shows the lists after
 * that rule, for display and tests.
 */

export type Problem = 'HR' | 'SPA-S';

/** Which side the stable matching is optimal for: residents/students or hospitals/supervisors. */
export type Optimal = 'candidate' | 'host';

/** Hospitals/Residents: residents are candidates, hospitals are hosts with seats. */
export interface HrInstance {
  readonly problem: 'HR';
  /** Resident id to hospital ids, most preferred first. Iteration order is the ids sorted. */
  readonly residents: ReadonlyMap<string, readonly string[]>;
  /** Hospital id to resident ids, most preferred first. Iteration order is the ids sorted. */
  readonly hospitals: ReadonlyMap<string, readonly string[]>;
  /** Hospital id to its number of seats (an integer of at least 1). */
  readonly capacities: ReadonlyMap<string, number>;
}

/** Student-project allocation with supervisor preferences over students (SPA-S). */
export interface SpaInstance {
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
  | 'MISSING_SUPERVISOR';

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

/** Reads `{ id: [ids...] }`, checking shapes and duplicates; members are checked by the caller. */
function readLists(container: JsonObject, field: string, memberKind: string): Map<string, readonly string[]> {
  const object = requireObject(
    container[field],
    `instance.${field}`,
    `mapping ids to lists of ${memberKind} ids`,
  );
  const lists = new Map<string, readonly string[]>();
  for (const id of sortedKeys(object)) {
    const raw = object[id];
    const path = fieldPath(field, id);
    if (!Array.isArray(raw)) {
      throw new InstanceError('INVALID_SHAPE', `${path} must be a list of ${memberKind} ids`);
    }
    const seen = new Set<string>();
    const list: string[] = [];
    raw.forEach((member: unknown, position: number) => {
      if (typeof member !== 'string') {
        throw new InstanceError('INVALID_SHAPE', `${path}[${position}] must be a string id`);
      }
      if (seen.has(member)) {
        throw new InstanceError(
          'DUPLICATE_ID',
          `${path} lists ${memberKind} ${JSON.stringify(member)} twice`,
        );
      }
      seen.add(member);
      list.push(member);
    });
    lists.set(id, list);
  }
  return lists;
}

function checkMembers(
  lists: ReadonlyMap<string, readonly string[]>,
  field: string,
  known: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  memberKind: string,
): void {
  for (const [id, list] of lists) {
    for (const member of list) {
      if (!known.has(member)) {
        throw new InstanceError(
          'UNKNOWN_ID',
          `${fieldPath(field, id)} lists unknown ${memberKind} ${JSON.stringify(member)}`,
        );
      }
    }
  }
}

function readCapacities(container: JsonObject, field: string, ownerKind: string): Map<string, number> {
  const object = requireObject(
    container[field],
    `instance.${field}`,
    `mapping ${ownerKind} ids to capacities`,
  );
  const capacities = new Map<string, number>();
  for (const id of sortedKeys(object)) {
    const value = object[id];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new InstanceError(
        'INVALID_CAPACITY',
        `${fieldPath(field, id)} must be an integer of at least 1 (got ${describeValue(value)})`,
      );
    }
    capacities.set(id, value);
  }
  return capacities;
}

/** Every owner has a capacity, and every capacity belongs to a known owner. */
function checkCapacityKeys(
  capacities: ReadonlyMap<string, number>,
  field: string,
  owners: Iterable<string>,
  ownerSet: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  ownerKind: string,
): void {
  for (const owner of owners) {
    if (!capacities.has(owner)) {
      throw new InstanceError(
        'MISSING_CAPACITY',
        `${ownerKind} ${JSON.stringify(owner)} has no capacity (${fieldPath(field, owner)} is missing)`,
      );
    }
  }
  for (const id of capacities.keys()) {
    if (!ownerSet.has(id)) {
      throw new InstanceError(
        'UNKNOWN_ID',
        `${fieldPath(field, id)} names unknown ${ownerKind} ${JSON.stringify(id)}`,
      );
    }
  }
}

function parseHr(body: JsonObject): HrInstance {
  const residents = readLists(body, 'residents', 'hospital');
  const hospitals = readLists(body, 'hospitals', 'resident');
  const capacities = readCapacities(body, 'capacities', 'hospital');
  checkMembers(residents, 'residents', hospitals, 'hospital');
  checkMembers(hospitals, 'hospitals', residents, 'resident');
  checkCapacityKeys(capacities, 'capacities', hospitals.keys(), hospitals, 'hospital');
  return { problem: 'HR', residents, hospitals, capacities };
}

function parseSpa(body: JsonObject): SpaInstance {
  const students = readLists(body, 'students', 'project');
  const supervisors = readLists(body, 'supervisors', 'student');
  const rawProjectSupervisors = requireObject(
    body.project_supervisors,
    'instance.project_supervisors',
    'mapping project ids to supervisor ids',
  );
  const projectCapacities = readCapacities(body, 'project_capacities', 'project');
  const supervisorCapacities = readCapacities(body, 'supervisor_capacities', 'supervisor');

  const projectSupervisors = new Map<string, string>();
  for (const project of sortedKeys(rawProjectSupervisors)) {
    const supervisor = rawProjectSupervisors[project];
    const path = fieldPath('project_supervisors', project);
    if (typeof supervisor !== 'string') {
      throw new InstanceError(
        'MISSING_SUPERVISOR',
        `${path} must be a supervisor id (project without a supervisor)`,
      );
    }
    if (!supervisors.has(supervisor)) {
      throw new InstanceError('UNKNOWN_ID', `${path} names unknown supervisor ${JSON.stringify(supervisor)}`);
    }
    projectSupervisors.set(project, supervisor);
  }

  // A project is known when it has a supervisor or a capacity; it needs both.
  const projects = new Set<string>([...projectSupervisors.keys(), ...projectCapacities.keys()]);
  for (const [student, list] of students) {
    for (const project of list) {
      if (!projects.has(project)) {
        throw new InstanceError(
          'UNKNOWN_ID',
          `${fieldPath('students', student)} lists unknown project ${JSON.stringify(project)}`,
        );
      }
    }
  }
  for (const project of [...projects].sort()) {
    if (!projectSupervisors.has(project)) {
      throw new InstanceError(
        'MISSING_SUPERVISOR',
        `project ${JSON.stringify(project)} has no supervisor (${fieldPath('project_supervisors', project)} is missing)`,
      );
    }
  }
  checkCapacityKeys(projectCapacities, 'project_capacities', projectSupervisors.keys(), projects, 'project');
  checkMembers(supervisors, 'supervisors', students, 'student');
  checkCapacityKeys(
    supervisorCapacities,
    'supervisor_capacities',
    supervisors.keys(),
    supervisors,
    'supervisor',
  );

  return {
    problem: 'SPA-S',
    students,
    supervisors,
    projectSupervisors,
    projectCapacities,
    supervisorCapacities,
  };
}

/**
 * Validates a FORMAT.md document `{ problem, instance, ... }` (other top-level fields are ignored)
 * and returns the string-keyed instance. Throws `InstanceError` naming the first problem found.
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
  const body = requireObject(top.instance, 'instance', `holding the ${problem} lists and capacities`);
  return problem === 'HR' ? parseHr(body) : parseSpa(body);
}

/** Parses JSON text and then the instance; malformed JSON is an `InstanceError` too. */
export function parseInstanceJson(text: string): MatchingInstance {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InstanceError('MALFORMED_JSON', `malformed JSON: ${detail}`);
  }
  return parseInstance(document);
}

function listsToRecord(lists: ReadonlyMap<string, readonly string[]>): Record<string, string[]> {
  return Object.fromEntries([...lists].map(([id, list]) => [id, [...list]]));
}

function mapToRecord<T>(map: ReadonlyMap<string, T>): Record<string, T> {
  return Object.fromEntries(map);
}

/** The FORMAT.md `instance` object of a parsed instance (for the wire, logs and snapshots). */
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
