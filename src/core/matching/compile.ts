/**
 * Compiles a parsed instance into the dense form the solvers run on: ids become integer indices,
 * only mutually acceptable pairs are kept (one-sided entries are dropped here), and every pair
 * carries its rank on both sides, so each solver step is an O(1) array lookup.
 *
 * Layout: compressed sparse rows. A candidate's acceptable pairs are the "edges"
 * `start[c] .. start[c + 1] - 1`, in the candidate's order; the position of an edge within that range
 * is the candidate's rank of the host. Each host side has its own rows of the same edges in the
 * host's order. Building everything is O(total list length + number of ids); no sorting of lists.
 */
import { recallCodedRows } from './coded-lists';
import { HrInstance, InstanceError, SpaInstance, fieldPath } from './instance';

export interface CompiledHr {
  readonly problem: 'HR';
  /** Resident ids, sorted; index = resident number. */
  readonly residentIds: readonly string[];
  /** Hospital ids, sorted; index = hospital number. */
  readonly hospitalIds: readonly string[];
  /** Seats per hospital, clamped to the number of residents + 1 (never reached, so never binding). */
  readonly capacity: Int32Array;
  /** Resident rows: edges of resident r are residentStart[r] .. residentStart[r + 1] - 1. */
  readonly residentStart: Int32Array;
  /** Edge to hospital. */
  readonly edgeHospital: Int32Array;
  /** Edge to its slot in the hospital rows (hospitalStart[h] + the hospital's rank of the resident). */
  readonly edgeSlot: Int32Array;
  /** Hospital rows: slots of hospital h are hospitalStart[h] .. hospitalStart[h + 1] - 1, best first. */
  readonly hospitalStart: Int32Array;
  /** Slot to resident. */
  readonly slotResident: Int32Array;
  /** Slot to the resident's rank of that hospital. */
  readonly slotResidentRank: Int32Array;
}

export interface CompiledSpa {
  readonly problem: 'SPA-S';
  readonly studentIds: readonly string[];
  readonly projectIds: readonly string[];
  readonly supervisorIds: readonly string[];
  readonly projectSupervisor: Int32Array;
  /** Clamped like CompiledHr.capacity. */
  readonly projectCapacity: Int32Array;
  readonly supervisorCapacity: Int32Array;
  /** Student rows: edges of student s are studentStart[s] .. studentStart[s + 1] - 1, best first. */
  readonly studentStart: Int32Array;
  readonly edgeStudent: Int32Array;
  readonly edgeProject: Int32Array;
  /**
   * Supervisor lists, restricted to students with at least one acceptable pair with the supervisor:
   * entries entryStart[l] .. entryStart[l + 1] - 1, best first. An entry is one (supervisor, student).
   */
  readonly entryStart: Int32Array;
  readonly entryStudent: Int32Array;
  /** Edge to its entry; the supervisor's rank of the student is edgeEntry[e] - entryStart[l]. */
  readonly edgeEntry: Int32Array;
  /** The edges of each entry, in the student's order: entryEdges[entryEdgeStart[x] .. entryEdgeStart[x + 1] - 1]. */
  readonly entryEdgeStart: Int32Array;
  readonly entryEdges: Int32Array;
  /** Project rows (the supervisor's order restricted to the project's applicants): edge ids. */
  readonly projectStart: Int32Array;
  readonly projectEdges: Int32Array;
  /** Edge to its slot in projectEdges. */
  readonly edgeProjectSlot: Int32Array;
  /** Projects of each supervisor: supervisorProjects[supervisorProjectStart[l] .. supervisorProjectStart[l + 1] - 1]. */
  readonly supervisorProjectStart: Int32Array;
  readonly supervisorProjects: Int32Array;
}

export type CompiledInstance = CompiledHr | CompiledSpa;

function sortedIds(keys: Iterable<string>): string[] {
  const ids = [...keys];
  for (let i = 1; i < ids.length; i++) {
    if (ids[i - 1] >= ids[i]) {
      return ids.sort();
    }
  }
  return ids;
}

function indexOf(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  return index;
}

function clampCapacity(value: number | undefined, what: string, limit: number): number {
  if (value === undefined || !Number.isSafeInteger(value) || value < 1) {
    throw new InstanceError('INVALID_CAPACITY', `${what} needs an integer capacity of at least 1`);
  }
  return Math.min(value, limit);
}

/** A flattened list-of-lists of indices: row i is items[start[i] .. start[i + 1] - 1]. */
interface Rows {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/**
 * Resolves the ids of every list. Unknown ids and an id twice in one list throw InstanceError
 * (parseInstance reports them first, with the same wording; this keeps compile safe for instances
 * built by hand).
 */
function flatten(
  ownerIds: readonly string[],
  lists: ReadonlyMap<string, readonly string[]>,
  field: string,
  memberIndex: ReadonlyMap<string, number>,
  memberKind: string,
): Rows {
  const start = new Int32Array(ownerIds.length + 1);
  let total = 0;
  ownerIds.forEach((id, i) => {
    start[i] = total;
    total += lists.get(id)?.length ?? 0;
  });
  start[ownerIds.length] = total;
  const items = new Int32Array(total);
  const seenBy = new Int32Array(memberIndex.size).fill(-1);
  ownerIds.forEach((id, i) => {
    let k = start[i];
    for (const member of lists.get(id) ?? []) {
      const m = memberIndex.get(member);
      if (m === undefined) {
        throw new InstanceError(
          'UNKNOWN_ID',
          `${fieldPath(field, id)} lists unknown ${memberKind} ${JSON.stringify(member)}`,
        );
      }
      if (seenBy[m] === i) {
        throw new InstanceError(
          'DUPLICATE_ID',
          `${fieldPath(field, id)} lists ${memberKind} ${JSON.stringify(member)} twice`,
        );
      }
      seenBy[m] = i;
      items[k++] = m;
    }
  });
  return { start, items };
}

/** The lists as index rows: the parser's coding when it made one for these collections, else resolved here. */
function rowsOf(
  ownerIds: readonly string[],
  lists: ReadonlyMap<string, readonly string[]>,
  field: string,
  members: ReadonlyMap<string, unknown>,
  memberIds: readonly string[],
  memberKind: string,
): Rows {
  const coded = recallCodedRows(lists, members);
  if (coded !== undefined && coded.start.length === ownerIds.length + 1) return coded;
  return flatten(ownerIds, lists, field, indexOf(memberIds), memberKind);
}

/** For each member, the raw list positions (flattened indices into `rows.items`) that name it. */
function transpose(rows: Rows, memberCount: number): Rows {
  const start = new Int32Array(memberCount + 1);
  for (let k = 0; k < rows.items.length; k++) start[rows.items[k] + 1]++;
  for (let m = 0; m < memberCount; m++) start[m + 1] += start[m];
  const fill = start.slice(0, memberCount);
  const items = new Int32Array(rows.items.length);
  for (let k = 0; k < rows.items.length; k++) items[fill[rows.items[k]]++] = k;
  return { start, items };
}

/** rows.start as an owner lookup per flattened position. */
function ownerOfPosition(rows: Rows): Int32Array {
  const owner = new Int32Array(rows.items.length);
  for (let i = 0; i + 1 < rows.start.length; i++) owner.fill(i, rows.start[i], rows.start[i + 1]);
  return owner;
}

export function compileHr(instance: HrInstance): CompiledHr {
  const residentIds = sortedIds(instance.residents.keys());
  const hospitalIds = sortedIds(instance.hospitals.keys());
  const nR = residentIds.length;
  const nH = hospitalIds.length;

  const capacity = new Int32Array(nH);
  hospitalIds.forEach((h, i) => {
    capacity[i] = clampCapacity(instance.capacities.get(h), `hospital ${JSON.stringify(h)}`, nR + 1);
  });

  const hospitalRaw = rowsOf(
    hospitalIds,
    instance.hospitals,
    'hospitals',
    instance.residents,
    residentIds,
    'resident',
  );
  const residentRaw = rowsOf(
    residentIds,
    instance.residents,
    'residents',
    instance.hospitals,
    hospitalIds,
    'hospital',
  );
  const hospitalOfRaw = ownerOfPosition(hospitalRaw);
  const listedBy = transpose(hospitalRaw, nR);

  // Pass 1: the acceptable edges, in each resident's order. A hospital listing resident r is
  // stamped with r, remembering where in its raw list it named r.
  const stamp = new Int32Array(nH).fill(-1);
  const rawPositionAt = new Int32Array(nH);
  const accepted = new Uint8Array(hospitalRaw.items.length);
  const residentStart = new Int32Array(nR + 1);
  const edgeHospitalBuffer = new Int32Array(residentRaw.items.length);
  const edgeRawBuffer = new Int32Array(residentRaw.items.length);
  let edges = 0;
  for (let r = 0; r < nR; r++) {
    residentStart[r] = edges;
    for (let k = listedBy.start[r]; k < listedBy.start[r + 1]; k++) {
      const raw = listedBy.items[k];
      const h = hospitalOfRaw[raw];
      stamp[h] = r;
      rawPositionAt[h] = raw;
    }
    for (let k = residentRaw.start[r]; k < residentRaw.start[r + 1]; k++) {
      const h = residentRaw.items[k];
      if (stamp[h] === r) {
        edgeHospitalBuffer[edges] = h;
        edgeRawBuffer[edges] = rawPositionAt[h];
        accepted[rawPositionAt[h]] = 1;
        edges++;
      }
    }
  }
  residentStart[nR] = edges;

  // Pass 2: hospital rows keep the raw order, restricted to accepted positions.
  const hospitalStart = new Int32Array(nH + 1);
  const slotOfRaw = new Int32Array(hospitalRaw.items.length);
  let slots = 0;
  for (let h = 0; h < nH; h++) {
    hospitalStart[h] = slots;
    for (let raw = hospitalRaw.start[h]; raw < hospitalRaw.start[h + 1]; raw++) {
      if (accepted[raw] === 1) slotOfRaw[raw] = slots++;
    }
  }
  hospitalStart[nH] = slots;

  const edgeHospital = edgeHospitalBuffer.subarray(0, edges);
  const edgeSlot = new Int32Array(edges);
  const slotResident = new Int32Array(edges);
  const slotResidentRank = new Int32Array(edges);
  for (let r = 0; r < nR; r++) {
    for (let e = residentStart[r]; e < residentStart[r + 1]; e++) {
      const slot = slotOfRaw[edgeRawBuffer[e]];
      edgeSlot[e] = slot;
      slotResident[slot] = r;
      slotResidentRank[slot] = e - residentStart[r];
    }
  }

  return {
    problem: 'HR',
    residentIds,
    hospitalIds,
    capacity,
    residentStart,
    edgeHospital,
    edgeSlot,
    hospitalStart,
    slotResident,
    slotResidentRank,
  };
}

export function compileSpa(instance: SpaInstance): CompiledSpa {
  const studentIds = sortedIds(instance.students.keys());
  const projectIds = sortedIds(instance.projectSupervisors.keys());
  const supervisorIds = sortedIds(instance.supervisors.keys());
  const nS = studentIds.length;
  const nP = projectIds.length;
  const nL = supervisorIds.length;
  const supervisorIndex = indexOf(supervisorIds);

  const projectSupervisor = new Int32Array(nP);
  const projectCapacity = new Int32Array(nP);
  projectIds.forEach((p, i) => {
    const supervisor = instance.projectSupervisors.get(p);
    const l = supervisor === undefined ? undefined : supervisorIndex.get(supervisor);
    if (l === undefined) {
      throw new InstanceError(
        'UNKNOWN_ID',
        `${fieldPath('project_supervisors', p)} names unknown supervisor ${JSON.stringify(supervisor)}`,
      );
    }
    projectSupervisor[i] = l;
    projectCapacity[i] = clampCapacity(
      instance.projectCapacities.get(p),
      `project ${JSON.stringify(p)}`,
      nS + 1,
    );
  });
  const supervisorCapacity = new Int32Array(nL);
  supervisorIds.forEach((l, i) => {
    supervisorCapacity[i] = clampCapacity(
      instance.supervisorCapacities.get(l),
      `supervisor ${JSON.stringify(l)}`,
      nS + 1,
    );
  });

  const supervisorRaw = rowsOf(
    supervisorIds,
    instance.supervisors,
    'supervisors',
    instance.students,
    studentIds,
    'student',
  );
  const studentRaw = rowsOf(
    studentIds,
    instance.students,
    'students',
    instance.projectSupervisors,
    projectIds,
    'project',
  );
  const supervisorOfRaw = ownerOfPosition(supervisorRaw);
  const listedBy = transpose(supervisorRaw, nS);

  // Pass 1: acceptable edges (s lists p and p's supervisor lists s), in each student's order,
  // counting per raw supervisor-list position how many edges it carries.
  const stamp = new Int32Array(nL).fill(-1);
  const rawPositionAt = new Int32Array(nL);
  const rawEdgeCount = new Int32Array(supervisorRaw.items.length);
  const studentStart = new Int32Array(nS + 1);
  const edgeProjectBuffer = new Int32Array(studentRaw.items.length);
  const edgeRawBuffer = new Int32Array(studentRaw.items.length);
  let edges = 0;
  for (let s = 0; s < nS; s++) {
    studentStart[s] = edges;
    for (let k = listedBy.start[s]; k < listedBy.start[s + 1]; k++) {
      const raw = listedBy.items[k];
      const l = supervisorOfRaw[raw];
      stamp[l] = s;
      rawPositionAt[l] = raw;
    }
    for (let k = studentRaw.start[s]; k < studentRaw.start[s + 1]; k++) {
      const p = studentRaw.items[k];
      const l = projectSupervisor[p];
      if (stamp[l] === s) {
        edgeProjectBuffer[edges] = p;
        edgeRawBuffer[edges] = rawPositionAt[l];
        rawEdgeCount[rawPositionAt[l]]++;
        edges++;
      }
    }
  }
  studentStart[nS] = edges;
  const edgeProject = edgeProjectBuffer.subarray(0, edges);
  const edgeStudent = new Int32Array(edges);
  for (let s = 0; s < nS; s++) edgeStudent.fill(s, studentStart[s], studentStart[s + 1]);

  // Pass 2: supervisor entries = raw positions that carry an edge, in the supervisor's order.
  const entryStart = new Int32Array(nL + 1);
  const entryOfRaw = new Int32Array(supervisorRaw.items.length);
  let entries = 0;
  for (let l = 0; l < nL; l++) {
    entryStart[l] = entries;
    for (let raw = supervisorRaw.start[l]; raw < supervisorRaw.start[l + 1]; raw++) {
      if (rawEdgeCount[raw] > 0) entryOfRaw[raw] = entries++;
    }
  }
  entryStart[nL] = entries;
  const entryStudent = new Int32Array(entries);
  const entryEdgeStart = new Int32Array(entries + 1);
  for (let raw = 0; raw < supervisorRaw.items.length; raw++) {
    if (rawEdgeCount[raw] > 0) {
      const x = entryOfRaw[raw];
      entryStudent[x] = supervisorRaw.items[raw];
      entryEdgeStart[x + 1] = rawEdgeCount[raw];
    }
  }
  for (let x = 0; x < entries; x++) entryEdgeStart[x + 1] += entryEdgeStart[x];

  const edgeEntry = new Int32Array(edges);
  const entryEdges = new Int32Array(edges);
  const entryFill = entryEdgeStart.slice(0, entries);
  const projectCount = new Int32Array(nP);
  for (let e = 0; e < edges; e++) {
    const x = entryOfRaw[edgeRawBuffer[e]];
    edgeEntry[e] = x;
    entryEdges[entryFill[x]++] = e; // edges arrive in student order, so each entry keeps it
    projectCount[edgeProject[e]]++;
  }

  // Pass 3: project rows in the supervisor's order, by walking the entries in order.
  const projectStart = new Int32Array(nP + 1);
  for (let p = 0; p < nP; p++) projectStart[p + 1] = projectStart[p] + projectCount[p];
  const projectFill = projectStart.slice(0, nP);
  const projectEdges = new Int32Array(edges);
  const edgeProjectSlot = new Int32Array(edges);
  for (let x = 0; x < entries; x++) {
    for (let k = entryEdgeStart[x]; k < entryEdgeStart[x + 1]; k++) {
      const e = entryEdges[k];
      const slot = projectFill[edgeProject[e]]++;
      projectEdges[slot] = e;
      edgeProjectSlot[e] = slot;
    }
  }

  const supervisorProjectStart = new Int32Array(nL + 1);
  for (let p = 0; p < nP; p++) supervisorProjectStart[projectSupervisor[p] + 1]++;
  for (let l = 0; l < nL; l++) supervisorProjectStart[l + 1] += supervisorProjectStart[l];
  const supervisorFill = supervisorProjectStart.slice(0, nL);
  const supervisorProjects = new Int32Array(nP);
  for (let p = 0; p < nP; p++) supervisorProjects[supervisorFill[projectSupervisor[p]]++] = p;

  return {
    problem: 'SPA-S',
    studentIds,
    projectIds,
    supervisorIds,
    projectSupervisor,
    projectCapacity,
    supervisorCapacity,
    studentStart,
    edgeStudent,
    edgeProject,
    entryStart,
    entryStudent,
    edgeEntry,
    entryEdgeStart,
    entryEdges,
    projectStart,
    projectEdges,
    edgeProjectSlot,
    supervisorProjectStart,
    supervisorProjects,
  };
}
