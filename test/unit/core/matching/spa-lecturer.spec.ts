import fc from 'fast-check';

import {
  SpaInstance,
  compileSpa,
  parseInstance,
  solve,
  solveSpaLecturerOptimal,
  verify,
} from '../../../../src/core/matching';

type Assignment = Record<string, string | null>;

interface RawSpa {
  readonly students: Record<string, string[]>;
  readonly supervisors: Record<string, string[]>;
  readonly project_supervisors: Record<string, string>;
  readonly project_capacities: Record<string, number>;
  readonly supervisor_capacities: Record<string, number>;
}

function parseSpa(raw: RawSpa): SpaInstance {
  const instance = parseInstance({ problem: 'SPA-S', instance: raw });
  if (instance.problem !== 'SPA-S') throw new Error('expected an SPA-S instance');
  return instance;
}

/** The solver under test, called directly on the compiled instance. */
function solveDirect(instance: SpaInstance): Assignment {
  const spa = compileSpa(instance);
  const projectOf = solveSpaLecturerOptimal(spa);
  const assignment: Assignment = {};
  spa.studentIds.forEach((s, i) => {
    assignment[s] = projectOf[i] >= 0 ? spa.projectIds[projectOf[i]] : null;
  });
  return assignment;
}

interface ReferenceRun {
  readonly assignment: Assignment;
  /** Times a full project lost a student (so students it had turned away could qualify again). */
  readonly reopens: number;
}

/**
 * Figure 3 of Abraham, Irving and Manlove (2007), transcribed plainly (slow, no cleverness):
 *
 *   while (some lecturer lk is under-subscribed and there is a (student, project) pair (si, pj) where
 *          si is not provisionally assigned to pj and pj in Pk is under-subscribed and si in Lk^j) {
 *     si = first such student on lk's list; pj = first such project on si's list;
 *     if (si is provisionally assigned to some project p) break the provisional assignment (si, p);
 *     provisionally assign si to pj;
 *     for each successor pt of pj on si's list, delete (si, pt);
 *   }
 *
 * Lk^j, the projected list, is lk's list restricted to the students who find pj acceptable; a deleted
 * pair is removed from both the student's list and the projected list. `order` decides which eligible
 * lecturer goes next (the result must not depend on it).
 */
function referenceSpaLecturer(instance: SpaInstance, order: () => number): ReferenceRun {
  const lecturers = [...instance.supervisors.keys()];
  const owner = (p: string): string => instance.projectSupervisors.get(p) ?? '';
  const lecturerList = (l: string): readonly string[] => instance.supervisors.get(l) ?? [];
  // The students' lists of pairs not yet deleted; a pair needs the lecturer to list the student too.
  const live = new Map<string, string[]>();
  for (const [s, list] of instance.students) {
    live.set(
      s,
      list.filter((p) => lecturerList(owner(p)).includes(s)),
    );
  }
  const assigned = new Map<string, string | null>();
  for (const s of instance.students.keys()) assigned.set(s, null);
  const projectLoad = new Map<string, number>();
  const lecturerLoad = new Map<string, number>();
  const count = (m: Map<string, number>, k: string): number => m.get(k) ?? 0;
  const underSubscribedProject = (p: string): boolean =>
    count(projectLoad, p) < (instance.projectCapacities.get(p) ?? 0);
  const underSubscribedLecturer = (l: string): boolean =>
    count(lecturerLoad, l) < (instance.supervisorCapacities.get(l) ?? 0);

  /** lk's first student si with a qualifying pair, and si's first qualifying project; or undefined. */
  const firstPair = (lk: string): [string, string] | undefined => {
    for (const si of lecturerList(lk)) {
      for (const pj of live.get(si) ?? []) {
        if (owner(pj) === lk && underSubscribedProject(pj) && assigned.get(si) !== pj) return [si, pj];
      }
    }
    return undefined;
  };

  let reopens = 0;
  for (;;) {
    const eligible = lecturers.filter((l) => underSubscribedLecturer(l) && firstPair(l) !== undefined);
    if (eligible.length === 0) break;
    const lk = eligible[order() % eligible.length];
    const pair = firstPair(lk);
    if (pair === undefined) throw new Error('unreachable');
    const [si, pj] = pair;
    const p = assigned.get(si);
    if (p !== null && p !== undefined) {
      if (!underSubscribedProject(p)) reopens++;
      projectLoad.set(p, count(projectLoad, p) - 1);
      lecturerLoad.set(owner(p), count(lecturerLoad, owner(p)) - 1);
    }
    assigned.set(si, pj);
    projectLoad.set(pj, count(projectLoad, pj) + 1);
    lecturerLoad.set(lk, count(lecturerLoad, lk) + 1);
    const list = live.get(si) ?? [];
    live.set(si, list.slice(0, list.indexOf(pj) + 1));
  }
  return { assignment: Object.fromEntries(assigned), reopens };
}

/** A deterministic stream of numbers for the reference's choice of lecturer. */
function choices(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % 1024;
  };
}

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

interface Size {
  readonly students: number;
  readonly projects: number;
  readonly supervisors: number;
}

/**
 * Small SPA-S instances where projects re-open often: unit project capacities are common, students
 * list projects of several supervisors, and supervisors' lists run against the students' interest
 * three times in four (which makes students move up after their supervisor placed them).
 */
function instances(max: Size): fc.Arbitrary<{ raw: RawSpa; seed: number }> {
  return fc
    .record({
      nS: fc.integer({ min: 1, max: max.students }),
      nP: fc.integer({ min: 1, max: max.projects }),
      nL: fc.integer({ min: 1, max: max.supervisors }),
    })
    .chain(({ nS, nP, nL }) => {
      const students = ids('s', nS);
      const projects = ids('p', nP);
      const supervisors = ids('l', nL);
      const small = fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 3 }));
      return fc.record({
        studentLists: fc.tuple(...students.map(() => fc.shuffledSubarray(projects, { minLength: 1 }))),
        owners: fc.tuple(...projects.map((_, i) => (i < nL ? fc.constant(i) : fc.nat(nL - 1)))),
        supervisorOrders: fc.tuple(
          ...supervisors.map(() =>
            fc.record({
              against: fc.nat(3).map((v) => v > 0),
              order: fc.shuffledSubarray(students, { minLength: 1 }),
            }),
          ),
        ),
        projectCapacities: fc.tuple(...projects.map(() => small)),
        supervisorCapacities: fc.tuple(...supervisors.map(() => fc.integer({ min: 1, max: 4 }))),
        seed: fc.integer(),
      });
    })
    .map(({ studentLists, owners, supervisorOrders, projectCapacities, supervisorCapacities, seed }) => {
      const students = ids('s', studentLists.length);
      const projects = ids('p', owners.length);
      const supervisors = ids('l', supervisorOrders.length);
      const lists = Object.fromEntries(students.map((s, i) => [s, studentLists[i]]));
      const owner = Object.fromEntries(projects.map((p, i) => [p, supervisors[owners[i]]]));
      const supervisorLists = Object.fromEntries(
        supervisors.map((l, i) => {
          const { against, order } = supervisorOrders[i];
          if (!against) return [l, order];
          // Those who like l's projects least first; students with no project of l go last.
          const interest = (s: string): number => {
            const at = lists[s].findIndex((p) => owner[p] === l);
            return at < 0 ? -1 : at;
          };
          return [l, [...order].sort((a, b) => interest(b) - interest(a) || (a < b ? -1 : 1))];
        }),
      );
      const raw: RawSpa = {
        students: lists,
        supervisors: supervisorLists,
        project_supervisors: owner,
        project_capacities: Object.fromEntries(projects.map((p, i) => [p, projectCapacities[i]])),
        supervisor_capacities: Object.fromEntries(supervisors.map((l, i) => [l, supervisorCapacities[i]])),
      };
      return { raw, seed };
    });
}

const PROPERTY_TIMEOUT = 120_000;

describe('SPA-lecturer (figure 3)', () => {
  it('re-admits students a supervisor skipped when one of its full projects re-opens', () => {
    // la fills p with s1 and s2 and skips s3; s1 then leaves p for lb's p1, and s3 must get p.
    const instance = parseSpa({
      students: { s1: ['p1', 'p'], s2: ['p'], s3: ['p'], s4: ['q'] },
      supervisors: { la: ['s1', 's2', 's3', 's4'], lb: ['s1'] },
      project_supervisors: { p: 'la', q: 'la', p1: 'lb' },
      project_capacities: { p: 2, q: 1, p1: 1 },
      supervisor_capacities: { la: 3, lb: 1 },
    });
    const expected = { s1: 'p1', s2: 'p', s3: 'p', s4: 'q' };
    expect(solveDirect(instance)).toEqual(expected);
    expect(solve(instance, { optimal: 'host' }).assignment).toEqual(expected);
    expect(referenceSpaLecturer(instance, () => 0).assignment).toEqual(expected);
    expect(verify(instance, expected).stable).toBe(true);
  });

  it('follows a chain of re-opens across supervisors', () => {
    // la fills p with s1 (skipping s2) and q with s3; lb fills r with s2 (skipping s4) and r2 with s5.
    // Then lz takes s1: p re-opens for s2, who leaves r, which re-opens for s4.
    const instance = parseSpa({
      students: { s1: ['p1', 'p'], s2: ['p', 'r'], s3: ['q'], s4: ['r'], s5: ['r2'] },
      supervisors: { la: ['s1', 's2', 's3'], lb: ['s2', 's4', 's5'], lz: ['s1'] },
      project_supervisors: { p: 'la', q: 'la', r: 'lb', r2: 'lb', p1: 'lz' },
      project_capacities: { p: 1, q: 1, r: 1, r2: 1, p1: 1 },
      supervisor_capacities: { la: 2, lb: 2, lz: 1 },
    });
    const expected = { s1: 'p1', s2: 'p', s3: 'q', s4: 'r', s5: 'r2' };
    const reference = referenceSpaLecturer(instance, () => 0);
    expect(reference.assignment).toEqual(expected);
    expect(reference.reopens).toBe(2);
    expect(solveDirect(instance)).toEqual(expected);
    expect(verify(instance, expected).stable).toBe(true);
  });

  it(
    'matches a plain transcription of figure 3 on random small instances, whichever lecturer the reference serves first',
    () => {
      let withReopens = 0;
      fc.assert(
        fc.property(instances({ students: 8, projects: 5, supervisors: 3 }), ({ raw, seed }) => {
          const instance = parseSpa(raw);
          const reference = referenceSpaLecturer(instance, choices(seed));
          if (reference.reopens > 0) withReopens++;
          expect(solveDirect(instance)).toEqual(reference.assignment);
          expect(solve(instance, { optimal: 'host' }).assignment).toEqual(reference.assignment);
        }),
        { numRuns: 2000 },
      );
      // The property must exercise re-opened projects, not only monotone runs.
      expect(withReopens).toBeGreaterThanOrEqual(100);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'matches the transcription on larger random instances',
    () => {
      let withReopens = 0;
      fc.assert(
        fc.property(instances({ students: 25, projects: 10, supervisors: 5 }), ({ raw, seed }) => {
          const instance = parseSpa(raw);
          const reference = referenceSpaLecturer(instance, choices(seed));
          if (reference.reopens > 0) withReopens++;
          expect(solveDirect(instance)).toEqual(reference.assignment);
          expect(verify(instance, reference.assignment).stable).toBe(true);
        }),
        { numRuns: 300 },
      );
      expect(withReopens).toBeGreaterThanOrEqual(25);
    },
    PROPERTY_TIMEOUT,
  );
});
