/**
 * The verifier's quick answer for the common case: an assignment with nothing to report. It checks
 * the same definitions as verifier.ts (every candidate listed once with a known host or none, every
 * pair mutually acceptable, capacities, load caps, no blocking pair) on the parser's integer coding
 * of the lists (coded-lists.ts: each listed id resolved to its index in the sorted ids while the
 * document was validated) instead of a Map lookup per list entry. It answers only "clean": when it
 * cannot say so (a violation, HR's decisions, an instance built by hand without its coded lists, an
 * assignment whose keys are not the candidates in order), the string verifier runs and writes the
 * report, so every report is still the string verifier's. The property test checks that the two
 * agree on random instances and random, often broken, assignments.
 *
 * Like the string verifier it shares nothing with the solvers: it reads the parsed instance (its
 * Maps and the parser's coded rows), never the solvers' compiled form.
 */
import { recallCodedRows } from './coded-lists';
import { HrInstance, MatchingInstance, SpaInstance, hasDecisions } from './instance';
import type { AssignmentInput } from './verifier';

/** Ids to their position (the order of a Map's keys: sorted, as parsed). */
function positions(ids: Iterable<string>): Map<string, number> {
  const index = new Map<string, number>();
  for (const id of ids) index.set(id, index.size);
  return index;
}

/**
 * Each candidate's host index from the assignment, or null when the assignment's keys are not
 * exactly the candidates in their sorted order (then the string verifier reads it) or a host is
 * neither null nor a known id. -1: unassigned.
 */
function hostsOf(
  candidates: ReadonlyMap<string, unknown>,
  hostIndex: ReadonlyMap<string, number>,
  assignment: AssignmentInput,
): Int32Array | null {
  const keys = Object.keys(assignment);
  if (keys.length !== candidates.size) return null;
  const hostOf = new Int32Array(keys.length);
  let i = 0;
  for (const candidate of candidates.keys()) {
    if (keys[i] !== candidate) return null;
    const host: unknown = assignment[candidate];
    if (host === null) hostOf[i] = -1;
    else {
      const h = typeof host === 'string' ? hostIndex.get(host) : undefined;
      if (h === undefined) return null;
      hostOf[i] = h;
    }
    i++;
  }
  return hostOf;
}

/** Capacities by index (0 when missing, as the string verifier reads them). */
function capacitiesOf(owners: Iterable<string>, capacities: ReadonlyMap<string, number>): Float64Array {
  const ids = [...owners];
  const out = new Float64Array(ids.length);
  for (let k = 0; k < ids.length; k++) out[k] = capacities.get(ids[k]) ?? 0;
  return out;
}

function cleanHr(instance: HrInstance): ((assignment: AssignmentInput) => boolean) | null {
  const residents = recallCodedRows(instance.residents, instance.hospitals);
  const hospitals = recallCodedRows(instance.hospitals, instance.residents);
  if (!residents || !hospitals) return null;
  return (assignment) => {
    const hostOf = hostsOf(instance.residents, positions(instance.hospitals.keys()), assignment);
    if (!hostOf) return false;
    const { start, items } = residents;
    // The hospital's rank of the resident for each entry of a resident's list; -1: not listed.
    const hostRank = new Int32Array(items.length).fill(-1);
    const nH = hospitals.start.length - 1;
    for (let h = 0; h < nH; h++) {
      for (let k = hospitals.start[h]; k < hospitals.start[h + 1]; k++) {
        const r = hospitals.items[k];
        for (let q = start[r]; q < start[r + 1]; q++) {
          if (items[q] === h) {
            hostRank[q] = k - hospitals.start[h];
            break;
          }
        }
      }
    }
    const capacity = capacitiesOf(instance.hospitals.keys(), instance.capacities);
    const count = new Int32Array(nH);
    const worst = new Int32Array(nH).fill(-1);
    // Each resident's position of their host in their own list (the list's length when unassigned).
    const current = new Int32Array(hostOf.length);
    for (let r = 0; r < hostOf.length; r++) {
      const h = hostOf[r];
      current[r] = start[r + 1] - start[r];
      if (h < 0) continue;
      let q = start[r];
      while (q < start[r + 1] && items[q] !== h) q++;
      if (q === start[r + 1] || hostRank[q] < 0) return false; // not mutually acceptable
      current[r] = q - start[r];
      count[h]++;
      if (hostRank[q] > worst[h]) worst[h] = hostRank[q];
    }
    for (let h = 0; h < nH; h++) if (count[h] > capacity[h]) return false;
    for (let r = 0; r < hostOf.length; r++) {
      for (let q = start[r]; q < start[r] + current[r]; q++) {
        const rank = hostRank[q];
        if (rank < 0) continue;
        const h = items[q];
        if (count[h] < capacity[h] || rank < worst[h]) return false; // a blocking pair
      }
    }
    return true;
  };
}

function cleanSpa(instance: SpaInstance): ((assignment: AssignmentInput) => boolean) | null {
  const students = recallCodedRows(instance.students, instance.projectSupervisors);
  const supervisors = recallCodedRows(instance.supervisors, instance.students);
  if (!students || !supervisors) return null;
  return (assignment) => {
    const hostOf = hostsOf(instance.students, positions(instance.projectSupervisors.keys()), assignment);
    if (!hostOf) return false;
    const { start, items } = students;
    const supervisorIndex = positions(instance.supervisors.keys());
    const nL = supervisors.start.length - 1;
    const projectIds = [...instance.projectSupervisors.keys()];
    const nP = projectIds.length;
    const lead = new Int32Array(nP);
    for (let p = 0; p < nP; p++) {
      const l = supervisorIndex.get(instance.projectSupervisors.get(projectIds[p]) ?? '');
      if (l === undefined) return false;
      lead[p] = l;
    }
    // The rank of the student in the list of the entry's project's supervisor; -1: not listed.
    const leadRank = new Int32Array(items.length).fill(-1);
    for (let l = 0; l < nL; l++) {
      for (let k = supervisors.start[l]; k < supervisors.start[l + 1]; k++) {
        const s = supervisors.items[k];
        for (let q = start[s]; q < start[s + 1]; q++) {
          if (lead[items[q]] === l) leadRank[q] = k - supervisors.start[l];
        }
      }
    }
    const projectCapacity = capacitiesOf(projectIds, instance.projectCapacities);
    const supervisorCapacity = capacitiesOf(instance.supervisors.keys(), instance.supervisorCapacities);
    const projectCount = new Int32Array(nP);
    const projectWorst = new Int32Array(nP).fill(-1);
    const supervisorCount = new Int32Array(nL);
    const supervisorWorst = new Int32Array(nL).fill(-1);
    const current = new Int32Array(hostOf.length);
    for (let s = 0; s < hostOf.length; s++) {
      const p = hostOf[s];
      current[s] = start[s + 1] - start[s];
      if (p < 0) continue;
      let q = start[s];
      while (q < start[s + 1] && items[q] !== p) q++;
      if (q === start[s + 1] || leadRank[q] < 0) return false; // not mutually acceptable
      current[s] = q - start[s];
      const l = lead[p];
      projectCount[p]++;
      supervisorCount[l]++;
      if (leadRank[q] > projectWorst[p]) projectWorst[p] = leadRank[q];
      if (leadRank[q] > supervisorWorst[l]) supervisorWorst[l] = leadRank[q];
    }
    for (let p = 0; p < nP; p++) if (projectCount[p] > projectCapacity[p]) return false;
    for (let l = 0; l < nL; l++) if (supervisorCount[l] > supervisorCapacity[l]) return false;
    for (let s = 0; s < hostOf.length; s++) {
      const here = hostOf[s];
      for (let q = start[s]; q < start[s] + current[s]; q++) {
        const rank = leadRank[q];
        if (rank < 0) continue;
        const p = items[q];
        const l = lead[p];
        const projectFull = projectCount[p] >= projectCapacity[p];
        const supervisorFull = supervisorCount[l] >= supervisorCapacity[l];
        const withSupervisor = here >= 0 && lead[here] === l;
        if (!projectFull && (!supervisorFull || withSupervisor || rank < supervisorWorst[l])) return false;
        if (projectFull && rank < projectWorst[p]) return false;
      }
    }
    return true;
  };
}

/**
 * True when `verify(instance, assignment)` has nothing to report (no violation; an instance without
 * HR's decisions, so nothing exempt either); false when it may have, or when this cannot tell.
 */
export function verifiesClean(instance: MatchingInstance, assignment: AssignmentInput): boolean {
  if (hasDecisions(instance)) return false;
  const check = instance.problem === 'HR' ? cleanHr(instance) : cleanSpa(instance);
  return check !== null && check(assignment);
}
