import fc from 'fast-check';

import {
  HrInstance,
  MatchingInstance,
  Optimal,
  SpaInstance,
  breakTies,
  parseInstance,
  solve,
  verify,
} from '../../../../src/core/matching';

type Assignment = Readonly<Record<string, string | null>>;

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const zip = <T>(keys: readonly string[], values: readonly T[]): Record<string, T> =>
  Object.fromEntries(keys.map((k, i) => [k, values[i]]));

interface HrSize {
  readonly residents: number;
  readonly hospitals: number;
  readonly capacity: number;
}

/** Random HR instances; hospital lists are drawn independently, so one-sided entries are common. */
function hrInstances(max: HrSize): fc.Arbitrary<MatchingInstance> {
  return fc
    .record({
      nR: fc.integer({ min: 1, max: max.residents }),
      nH: fc.integer({ min: 1, max: max.hospitals }),
    })
    .chain(({ nR, nH }) => {
      const residents = ids('r', nR);
      const hospitals = ids('h', nH);
      return fc
        .record({
          residentLists: fc.tuple(...residents.map(() => fc.shuffledSubarray(hospitals))),
          hospitalLists: fc.tuple(...hospitals.map(() => fc.shuffledSubarray(residents))),
          capacities: fc.tuple(...hospitals.map(() => fc.integer({ min: 1, max: max.capacity }))),
        })
        .map(({ residentLists, hospitalLists, capacities }) =>
          parseInstance({
            problem: 'HR',
            instance: {
              residents: zip(residents, residentLists),
              hospitals: zip(hospitals, hospitalLists),
              capacities: zip(hospitals, capacities),
            },
          }),
        );
    });
}

interface SpaSize {
  readonly students: number;
  readonly projects: number;
  readonly supervisors: number;
  readonly capacity: number;
}

/** Random SPA-S instances with project capacities and supervisor load caps that often bind. */
function spaInstances(max: SpaSize): fc.Arbitrary<MatchingInstance> {
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
      return fc
        .record({
          studentLists: fc.tuple(...students.map(() => fc.shuffledSubarray(projects))),
          supervisorLists: fc.tuple(...supervisors.map(() => fc.shuffledSubarray(students))),
          owners: fc.tuple(...projects.map(() => fc.constantFrom(...supervisors))),
          projectCapacities: fc.tuple(...projects.map(() => fc.integer({ min: 1, max: max.capacity }))),
          supervisorCapacities: fc.tuple(
            ...supervisors.map(() => fc.integer({ min: 1, max: max.capacity + 1 })),
          ),
        })
        .map(({ studentLists, supervisorLists, owners, projectCapacities, supervisorCapacities }) =>
          parseInstance({
            problem: 'SPA-S',
            instance: {
              students: zip(students, studentLists),
              supervisors: zip(supervisors, supervisorLists),
              project_supervisors: zip(projects, owners),
              project_capacities: zip(projects, projectCapacities),
              supervisor_capacities: zip(supervisors, supervisorCapacities),
            },
          }),
        );
    });
}

const MODES: readonly Optimal[] = ['candidate', 'host'];

/** Every capacity-feasible matching of mutually acceptable pairs (brute force, tiny instances only). */
function allFeasibleMatchings(instance: MatchingInstance): Assignment[] {
  const candidates = instance.problem === 'HR' ? instance.residents : instance.students;
  const order = [...candidates.keys()];
  const options = (candidate: string): string[] => {
    const list = candidates.get(candidate) ?? [];
    if (instance.problem === 'HR') return list.filter((h) => instance.hospitals.get(h)?.includes(candidate));
    return list.filter((p) =>
      instance.supervisors.get(instance.projectSupervisors.get(p) ?? '')?.includes(candidate),
    );
  };
  const hostCapacity = (host: string): number =>
    (instance.problem === 'HR' ? instance.capacities.get(host) : instance.projectCapacities.get(host)) ?? 0;
  const hostLoad = new Map<string, number>();
  const supervisorLoad = new Map<string, number>();
  const current: Record<string, string | null> = {};
  const found: Assignment[] = [];

  const visit = (index: number): void => {
    if (index === order.length) {
      found.push({ ...current });
      return;
    }
    const candidate = order[index];
    current[candidate] = null;
    visit(index + 1);
    for (const host of options(candidate)) {
      if ((hostLoad.get(host) ?? 0) >= hostCapacity(host)) continue;
      const supervisor = instance.problem === 'SPA-S' ? (instance.projectSupervisors.get(host) ?? '') : '';
      if (
        instance.problem === 'SPA-S' &&
        (supervisorLoad.get(supervisor) ?? 0) >= (instance.supervisorCapacities.get(supervisor) ?? 0)
      ) {
        continue;
      }
      hostLoad.set(host, (hostLoad.get(host) ?? 0) + 1);
      supervisorLoad.set(supervisor, (supervisorLoad.get(supervisor) ?? 0) + 1);
      current[candidate] = host;
      visit(index + 1);
      hostLoad.set(host, (hostLoad.get(host) ?? 0) - 1);
      supervisorLoad.set(supervisor, (supervisorLoad.get(supervisor) ?? 0) - 1);
    }
    current[candidate] = null;
  };
  visit(0);
  return found;
}

function candidateRank(instance: MatchingInstance, candidate: string, host: string | null): number {
  if (host === null) return Number.POSITIVE_INFINITY;
  const list = (instance.problem === 'HR' ? instance.residents : instance.students).get(candidate) ?? [];
  return list.indexOf(host);
}

/**
 * For each host side agent (hospital, or supervisor for SPA-S), the ranks of its assignees in its own
 * list, best first.
 */
function hostSideRanks(instance: MatchingInstance, assignment: Assignment): Map<string, number[]> {
  const ranks = new Map<string, number[]>();
  const lists = instance.problem === 'HR' ? instance.hospitals : instance.supervisors;
  for (const agent of lists.keys()) ranks.set(agent, []);
  for (const [candidate, host] of Object.entries(assignment)) {
    if (host === null) continue;
    const agent = instance.problem === 'HR' ? host : (instance.projectSupervisors.get(host) ?? '');
    ranks.get(agent)?.push((lists.get(agent) ?? []).indexOf(candidate));
  }
  for (const list of ranks.values()) list.sort((a, b) => a - b);
  return ranks;
}

function checkOptimality(instance: MatchingInstance): void {
  const stable = allFeasibleMatchings(instance).filter((m) => verify(instance, m).stable);
  expect(stable.length).toBeGreaterThan(0);
  const candidateOptimal = solve(instance, { optimal: 'candidate' }).assignment;
  const hostOptimal = solve(instance, { optimal: 'host' }).assignment;
  const key = (m: Assignment): string => JSON.stringify(Object.entries(m).sort());
  const stableKeys = new Set(stable.map(key));
  expect(stableKeys.has(key(candidateOptimal))).toBe(true);
  expect(stableKeys.has(key(hostOptimal))).toBe(true);

  const hostRanks = hostSideRanks(instance, hostOptimal);
  for (const other of stable) {
    for (const candidate of Object.keys(other)) {
      const inOther = candidateRank(instance, candidate, other[candidate]);
      // Candidate-optimal: no stable matching gives any candidate something better ...
      expect(candidateRank(instance, candidate, candidateOptimal[candidate])).toBeLessThanOrEqual(inOther);
      // ... and host-optimal: none gives any candidate something worse.
      expect(candidateRank(instance, candidate, hostOptimal[candidate])).toBeGreaterThanOrEqual(inOther);
    }
    // Host-optimal: each hospital/supervisor has as many assignees, each position at least as good.
    for (const [agent, ranks] of hostSideRanks(instance, other)) {
      const best = hostRanks.get(agent) ?? [];
      expect(best).toHaveLength(ranks.length);
      best.forEach((rank, i) => expect(rank).toBeLessThanOrEqual(ranks[i]));
    }
  }
}

describe('solver properties on random instances', () => {
  it('gives HR assignments the independent verifier finds valid and stable, for both sides', () => {
    fc.assert(
      fc.property(hrInstances({ residents: 30, hospitals: 8, capacity: 4 }), (instance) => {
        for (const optimal of MODES) {
          expect(verify(instance, solve(instance, { optimal }).assignment)).toEqual({
            valid: true,
            stable: true,
            violations: [],
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives SPA-S assignments the independent verifier finds valid and stable, for both sides', () => {
    fc.assert(
      fc.property(spaInstances({ students: 30, projects: 10, supervisors: 4, capacity: 3 }), (instance) => {
        for (const optimal of MODES) {
          expect(verify(instance, solve(instance, { optimal }).assignment)).toEqual({
            valid: true,
            stable: true,
            violations: [],
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lists every candidate in the assignment, with an acceptable host or null', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hrInstances({ residents: 12, hospitals: 5, capacity: 3 }),
          spaInstances({ students: 12, projects: 6, supervisors: 3, capacity: 2 }),
        ),
        (instance) => {
          const candidates = instance.problem === 'HR' ? instance.residents : instance.students;
          for (const optimal of MODES) {
            const { assignment } = solve(instance, { optimal });
            expect(Object.keys(assignment)).toEqual([...candidates.keys()]);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('optimality against brute force on small instances', () => {
  it('HR: the resident-optimal matching is best and the hospital-optimal worst for every resident among all stable matchings, and best for every hospital', () => {
    fc.assert(fc.property(hrInstances({ residents: 5, hospitals: 3, capacity: 2 }), checkOptimality), {
      numRuns: 150,
    });
  });

  it('SPA-S: the student-optimal matching is best and the supervisor-optimal worst for every student among all stable matchings, and best for every supervisor', () => {
    fc.assert(
      fc.property(spaInstances({ students: 5, projects: 4, supervisors: 2, capacity: 2 }), checkOptimality),
      { numRuns: 150 },
    );
  });
});

describe('determinism', () => {
  /** An HR instance whose hospitals rank applicants in tie groups, made strict with the seed. */
  const tiedHr = fc
    .record({ nR: fc.integer({ min: 1, max: 12 }), nH: fc.integer({ min: 1, max: 4 }) })
    .chain(({ nR, nH }) => {
      const residents = ids('r', nR);
      const hospitals = ids('h', nH);
      return fc.record({
        residents: fc.constant(residents),
        hospitals: fc.constant(hospitals),
        residentLists: fc.tuple(...residents.map(() => fc.shuffledSubarray(hospitals))),
        groupOf: fc.tuple(
          ...hospitals.map(() => fc.tuple(...residents.map(() => fc.integer({ min: 0, max: 2 })))),
        ),
        capacities: fc.tuple(...hospitals.map(() => fc.integer({ min: 1, max: 3 }))),
        seed: fc.integer(),
      });
    });

  type Tied = typeof tiedHr extends fc.Arbitrary<infer T> ? T : never;

  const build = (t: Tied, reversedKeys: boolean): HrInstance => {
    const order = <T>(entries: [string, T][]): Record<string, T> =>
      Object.fromEntries(reversedKeys ? [...entries].reverse() : entries);
    const hospitalLists = t.hospitals.map((h, i): [string, string[]] => {
      const groups = [0, 1, 2].map((g) => t.residents.filter((_, r) => t.groupOf[i][r] === g));
      return [h, breakTies(groups, t.seed + i)];
    });
    return parseInstance({
      problem: 'HR',
      instance: {
        residents: order(t.residents.map((r, i): [string, string[]] => [r, t.residentLists[i]])),
        hospitals: order(hospitalLists),
        capacities: order(t.hospitals.map((h, i): [string, number] => [h, t.capacities[i]])),
      },
    }) as HrInstance;
  };

  it('gives the same tie-break orders and the same result for the same seed, whatever the key order', () => {
    fc.assert(
      fc.property(tiedHr, (t) => {
        const first = build(t, false);
        const second = build(t, true);
        expect([...second.hospitals]).toEqual([...first.hospitals]);
        for (const optimal of MODES) {
          expect(solve(second, { optimal })).toEqual(solve(first, { optimal }));
        }
      }),
      { numRuns: 200 },
    );
  });
});
