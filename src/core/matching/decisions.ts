/**
 * HR's decisions (format version 2) as seen by the solvers: the pairs HR placed are taken out before
 * solving, and the solvers run on what is left (the residual instance).
 *
 * - A pre-assigned or FORCED candidate leaves the market; their seat is taken from the opportunity
 *   (SPA-S: and from the supervisor's load cap). An opportunity (or supervisor) with no seat left is
 *   left out, with every list entry that names it.
 * - An ELIGIBLE pair is added at the end of the host's list (HR: the hospital's; SPA-S: the project's
 *   supervisor's) when the host left the candidate out, in the order the overrides are given.
 *
 * The verifier does not use this file: it reads the decisions from the instance on its own.
 */
import { HrInstance, MatchingInstance, SpaInstance } from './instance';

/** Candidate id to the opportunity HR placed them at (pre-assignments, then FORCED overrides). */
export function placedByHr(instance: MatchingInstance): Map<string, string> {
  const placed = new Map<string, string>();
  for (const pair of instance.preAssignments ?? []) placed.set(pair.candidate, pair.opportunity);
  for (const pair of instance.overrides ?? []) {
    if (pair.kind === 'FORCED') placed.set(pair.candidate, pair.opportunity);
  }
  return placed;
}

function countValues(map: ReadonlyMap<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of map.values()) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Host list owner id to the candidates HR made eligible, in order, not already on the list. */
function eligibleAdditions(
  instance: MatchingInstance,
  ownerOf: (opportunity: string) => string,
  lists: ReadonlyMap<string, readonly string[]>,
  placed: ReadonlyMap<string, string>,
): Map<string, string[]> {
  const added = new Map<string, string[]>();
  for (const pair of instance.overrides ?? []) {
    if (pair.kind !== 'ELIGIBLE' || placed.has(pair.candidate)) continue;
    const owner = ownerOf(pair.opportunity);
    const list = added.get(owner) ?? [];
    if (!list.includes(pair.candidate) && !(lists.get(owner) ?? []).includes(pair.candidate)) {
      list.push(pair.candidate);
      added.set(owner, list);
    }
  }
  return added;
}

function residualHr(instance: HrInstance, placed: ReadonlyMap<string, string>): HrInstance {
  const taken = countValues(placed);
  const capacities = new Map<string, number>();
  for (const [h, capacity] of instance.capacities) {
    const left = capacity - (taken.get(h) ?? 0);
    if (left >= 1 && instance.hospitals.has(h)) capacities.set(h, left);
  }
  const added = eligibleAdditions(instance, (h) => h, instance.hospitals, placed);
  const residents = new Map<string, readonly string[]>();
  for (const [r, list] of instance.residents) {
    if (!placed.has(r))
      residents.set(
        r,
        list.filter((h) => capacities.has(h)),
      );
  }
  const hospitals = new Map<string, readonly string[]>();
  for (const [h, list] of instance.hospitals) {
    if (!capacities.has(h)) continue;
    hospitals.set(
      h,
      [...list, ...(added.get(h) ?? [])].filter((r) => !placed.has(r)),
    );
  }
  return { problem: 'HR', residents, hospitals, capacities };
}

function residualSpa(instance: SpaInstance, placed: ReadonlyMap<string, string>): SpaInstance {
  const taken = countValues(placed);
  const supervisorTaken = new Map<string, number>();
  for (const [p, count] of taken) {
    const l = instance.projectSupervisors.get(p) ?? '';
    supervisorTaken.set(l, (supervisorTaken.get(l) ?? 0) + count);
  }
  const supervisorCapacities = new Map<string, number>();
  for (const [l, capacity] of instance.supervisorCapacities) {
    const left = capacity - (supervisorTaken.get(l) ?? 0);
    if (left >= 1 && instance.supervisors.has(l)) supervisorCapacities.set(l, left);
  }
  const projectSupervisors = new Map<string, string>();
  const projectCapacities = new Map<string, number>();
  for (const [p, l] of instance.projectSupervisors) {
    const left = (instance.projectCapacities.get(p) ?? 0) - (taken.get(p) ?? 0);
    if (left >= 1 && supervisorCapacities.has(l)) {
      projectSupervisors.set(p, l);
      projectCapacities.set(p, left);
    }
  }
  const added = eligibleAdditions(
    instance,
    (p) => instance.projectSupervisors.get(p) ?? '',
    instance.supervisors,
    placed,
  );
  const students = new Map<string, readonly string[]>();
  for (const [s, list] of instance.students) {
    if (!placed.has(s))
      students.set(
        s,
        list.filter((p) => projectSupervisors.has(p)),
      );
  }
  const supervisors = new Map<string, readonly string[]>();
  for (const [l, list] of instance.supervisors) {
    if (!supervisorCapacities.has(l)) continue;
    supervisors.set(
      l,
      [...list, ...(added.get(l) ?? [])].filter((s) => !placed.has(s)),
    );
  }
  return {
    problem: 'SPA-S',
    students,
    supervisors,
    projectSupervisors,
    projectCapacities,
    supervisorCapacities,
  };
}

/** The instance the solvers run on once HR's decisions are applied (itself when there are none). */
export function residualInstance(instance: MatchingInstance): MatchingInstance {
  const placed = placedByHr(instance);
  return instance.problem === 'HR' ? residualHr(instance, placed) : residualSpa(instance, placed);
}
