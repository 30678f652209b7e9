import fc from 'fast-check';

import {
  InstanceError,
  MatchingInstance,
  Optimal,
  Override,
  PreAssignment,
  documentToJson,
  parseInstance,
  parseInstanceJson,
  solve,
  verify,
} from '../../../../src/core/matching';

type Assignment = Readonly<Record<string, string | null>>;

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const zip = <T>(keys: readonly string[], values: readonly T[]): Record<string, T> =>
  Object.fromEntries(keys.map((k, i) => [k, values[i]]));

const MODES: readonly Optimal[] = ['candidate', 'host'];
const PROPERTY_TIMEOUT = 120_000;

function thrown(action: () => unknown): InstanceError {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof InstanceError) return error;
    throw error;
  }
  throw new Error('expected an InstanceError');
}

const hrBody = {
  residents: { r0: ['h0', 'h1'], r1: ['h0'], r2: ['h0', 'h1'] },
  hospitals: { h0: ['r0', 'r1', 'r2'], h1: ['r2', 'r0'] },
  capacities: { h0: 1, h1: 1 },
};

describe('instance format version 2: parsing HR decisions', () => {
  it('still parses a version 1 document, with or without "version": 1', () => {
    const withoutVersion = parseInstance({ problem: 'HR', instance: hrBody });
    const versionOne = parseInstance({ version: 1, problem: 'HR', instance: hrBody });
    expect(versionOne).toEqual(withoutVersion);
    expect(withoutVersion.preAssignments).toBeUndefined();
  });

  it('reads pre-assignments and overrides with their reasons', () => {
    const instance = parseInstance({
      version: 2,
      problem: 'HR',
      instance: hrBody,
      pre_assignments: [{ candidate: 'r1', opportunity: 'h0', reason: 'exchange agreement' }],
      overrides: [{ kind: 'ELIGIBLE', candidate: 'r1', opportunity: 'h1', reason: 'waived language test' }],
    });
    expect(instance.preAssignments).toEqual([
      { candidate: 'r1', opportunity: 'h0', reason: 'exchange agreement' },
    ]);
    expect(instance.overrides).toEqual([
      { kind: 'ELIGIBLE', candidate: 'r1', opportunity: 'h1', reason: 'waived language test' },
    ]);
  });

  it.each([
    [{ version: 3 }, 'UNSUPPORTED_VERSION', 'unsupported version 3 (expected 1 or 2)'],
    [
      { pre_assignments: [] },
      'UNSUPPORTED_VERSION',
      'pre_assignments needs "version": 2 (a version 1 document has no pre-assignments or overrides)',
    ],
    [{ version: 2, pre_assignments: {} }, 'INVALID_SHAPE', 'pre_assignments must be a list'],
    [
      { version: 2, pre_assignments: [{ candidate: 'r0', opportunity: 'h0', reason: '  ' }] },
      'INVALID_SHAPE',
      'pre_assignments[0].reason must be a non-blank string',
    ],
    [
      { version: 2, pre_assignments: [{ candidate: 'r9', opportunity: 'h0', reason: 'x' }] },
      'UNKNOWN_ID',
      'pre_assignments[0] names unknown resident "r9"',
    ],
    [
      { version: 2, overrides: [{ kind: 'FORCED', candidate: 'r0', opportunity: 'h7', reason: 'x' }] },
      'UNKNOWN_ID',
      'overrides[0] names unknown hospital "h7"',
    ],
    [
      { version: 2, overrides: [{ kind: 'SWAP', candidate: 'r0', opportunity: 'h0', reason: 'x' }] },
      'INVALID_SHAPE',
      'overrides[0].kind must be "FORCED" or "ELIGIBLE" (got "SWAP")',
    ],
    [
      {
        version: 2,
        pre_assignments: [{ candidate: 'r0', opportunity: 'h0', reason: 'x' }],
        overrides: [{ kind: 'FORCED', candidate: 'r0', opportunity: 'h1', reason: 'y' }],
      },
      'DUPLICATE_ID',
      'resident "r0" is pre-assigned or forced more than once',
    ],
    [
      {
        version: 2,
        pre_assignments: [
          { candidate: 'r0', opportunity: 'h0', reason: 'x' },
          { candidate: 'r1', opportunity: 'h0', reason: 'x' },
        ],
      },
      'OVER_CAPACITY',
      'pre-assignments and forced pairs place 2 candidates at hospital "h0", which has capacity 1',
    ],
  ])('refuses %j with %s', (extra, code, message) => {
    const error = thrown(() => parseInstance({ problem: 'HR', instance: hrBody, ...extra }));
    expect({ code: error.code, message: error.message }).toEqual({ code, message });
  });

  it("refuses SPA-S placements beyond a supervisor's load cap", () => {
    const error = thrown(() =>
      parseInstance({
        version: 2,
        problem: 'SPA-S',
        instance: {
          students: { s0: ['p0'], s1: ['p1'] },
          supervisors: { l0: ['s0', 's1'] },
          project_supervisors: { p0: 'l0', p1: 'l0' },
          project_capacities: { p0: 1, p1: 1 },
          supervisor_capacities: { l0: 1 },
        },
        pre_assignments: [
          { candidate: 's0', opportunity: 'p0', reason: 'x' },
          { candidate: 's1', opportunity: 'p1', reason: 'x' },
        ],
      }),
    );
    expect(error.code).toBe('OVER_CAPACITY');
    expect(error.message).toBe(
      'pre-assignments and forced pairs place 2 students with supervisor "l0", whose load cap is 1',
    );
  });
});

describe('solving and verifying with HR decisions', () => {
  it('places a pre-assigned candidate first, solves the rest, and names the exempt pair', () => {
    // Without the pre-assignment r0 gets h0. With r2 pre-assigned to h0 (h0's worst), r0 goes to h1.
    const instance = parseInstance({
      version: 2,
      problem: 'HR',
      instance: hrBody,
      pre_assignments: [{ candidate: 'r2', opportunity: 'h0', reason: 'exchange agreement' }],
    });
    const { assignment } = solve(instance);
    expect(assignment).toEqual({ r0: 'h1', r1: null, r2: 'h0' });
    expect(Object.keys(assignment)).toEqual(['r0', 'r1', 'r2']);
    expect(verify(instance, assignment)).toEqual({
      valid: true,
      stable: true,
      violations: [],
      exempt: [{ kind: 'PRE_ASSIGNED', ids: ['r2', 'h0'], reason: 'exchange agreement' }],
    });
    // The same assignment without the decision: r0 and h0 block (h0 prefers r0 to r2).
    const plain = parseInstance({ problem: 'HR', instance: hrBody });
    expect(verify(plain, assignment).violations.map((v) => [v.kind, ...v.ids])).toContainEqual([
      'BLOCKING_PAIR',
      'r0',
      'h0',
    ]);
  });

  it('honours a FORCED pair the lists do not allow', () => {
    const instance = parseInstance({
      version: 2,
      problem: 'HR',
      instance: hrBody,
      overrides: [
        { kind: 'FORCED', candidate: 'r1', opportunity: 'h1', reason: 'reassigned after publication' },
      ],
    });
    const { assignment } = solve(instance);
    expect(assignment.r1).toBe('h1');
    const verdict = verify(instance, assignment);
    expect(verdict).toMatchObject({ valid: true, stable: true, violations: [] });
    expect(verdict.exempt).toEqual([
      { kind: 'FORCED', ids: ['r1', 'h1'], reason: 'reassigned after publication' },
    ]);
  });

  it('lets an ELIGIBLE candidate be placed after everyone the host listed', () => {
    const body = {
      residents: { r0: ['h0'], r1: ['h0'] },
      hospitals: { h0: ['r0'] },
      capacities: { h0: 2 },
    };
    expect(solve(parseInstance({ problem: 'HR', instance: body })).assignment).toEqual({
      r0: 'h0',
      r1: null,
    });
    const instance = parseInstance({
      version: 2,
      problem: 'HR',
      instance: body,
      overrides: [{ kind: 'ELIGIBLE', candidate: 'r1', opportunity: 'h0', reason: 'prior experience' }],
    });
    const { assignment } = solve(instance);
    expect(assignment).toEqual({ r0: 'h0', r1: 'h0' });
    expect(verify(instance, assignment)).toMatchObject({ valid: true, stable: true, violations: [] });
  });

  it('reports a placement HR decided that the assignment ignores', () => {
    const instance = parseInstance({
      version: 2,
      problem: 'HR',
      instance: hrBody,
      pre_assignments: [{ candidate: 'r2', opportunity: 'h0', reason: 'exchange agreement' }],
    });
    const verdict = verify(instance, { r0: 'h0', r1: null, r2: 'h1' });
    expect(verdict.valid).toBe(false);
    expect(verdict.violations.map((v) => [v.kind, ...v.ids])).toContainEqual([
      'DECISION_IGNORED',
      'r2',
      'h0',
    ]);
  });
});

// ------------------------------------------------------------------ properties

interface Shape {
  readonly problem: 'HR' | 'SPA-S';
  readonly candidates: number;
  readonly hosts: number;
  readonly supervisors: number;
  readonly capacity: number;
}

/** A random version 1 document (HR, or SPA-S with projects spread over supervisors). */
function documents(max: Shape): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      nC: fc.integer({ min: 1, max: max.candidates }),
      nH: fc.integer({ min: 1, max: max.hosts }),
      nL: fc.integer({ min: 1, max: max.supervisors }),
    })
    .chain(({ nC, nH, nL }): fc.Arbitrary<Record<string, unknown>> => {
      const candidates = ids(max.problem === 'HR' ? 'r' : 's', nC);
      const hosts = ids(max.problem === 'HR' ? 'h' : 'p', nH);
      const supervisors = ids('l', nL);
      const capacities = fc.tuple(...hosts.map(() => fc.integer({ min: 1, max: max.capacity })));
      const candidateLists = fc.tuple(...candidates.map(() => fc.shuffledSubarray(hosts)));
      if (max.problem === 'HR') {
        return fc
          .record({
            lists: candidateLists,
            hostLists: fc.tuple(...hosts.map(() => fc.shuffledSubarray(candidates))),
            capacities,
          })
          .map(({ lists, hostLists, capacities: caps }) => ({
            problem: 'HR',
            instance: {
              residents: zip(candidates, lists),
              hospitals: zip(hosts, hostLists),
              capacities: zip(hosts, caps),
            },
          }));
      }
      return fc
        .record({
          lists: candidateLists,
          owners: fc.tuple(...hosts.map(() => fc.constantFrom(...supervisors))),
          supervisorLists: fc.tuple(...supervisors.map(() => fc.shuffledSubarray(candidates))),
          capacities,
          caps: fc.tuple(...supervisors.map(() => fc.integer({ min: 1, max: max.capacity + 1 }))),
        })
        .map(({ lists, owners, supervisorLists, capacities: caps, caps: loadCaps }) => ({
          problem: 'SPA-S',
          instance: {
            students: zip(candidates, lists),
            supervisors: zip(supervisors, supervisorLists),
            project_supervisors: zip(hosts, owners),
            project_capacities: zip(hosts, caps),
            supervisor_capacities: zip(supervisors, loadCaps),
          },
        }));
    });
}

/**
 * A document with HR's decisions: some candidates placed (pre-assigned or forced) within the
 * capacities, and some pairs made eligible.
 */
function documentsWithDecisions(max: Shape): fc.Arbitrary<Record<string, unknown>> {
  return documents(max).chain((document) => {
    const body = document.instance as Record<string, Record<string, unknown>>;
    const hr = document.problem === 'HR';
    const candidates = Object.keys(hr ? body.residents : body.students);
    const hosts = Object.keys(hr ? body.hospitals : body.project_supervisors);
    const placement = fc.record({
      candidate: fc.constantFrom(...candidates),
      opportunity: fc.constantFrom(...hosts),
      forced: fc.boolean(),
    });
    return fc
      .record({
        placements: fc.array(placement, { maxLength: candidates.length }),
        eligible: fc.array(
          fc.record({ candidate: fc.constantFrom(...candidates), opportunity: fc.constantFrom(...hosts) }),
          { maxLength: 3 },
        ),
      })
      .map(({ placements, eligible }) => {
        const seats = new Map<string, number>();
        const load = new Map<string, number>();
        const placed = new Set<string>();
        const preAssignments: PreAssignment[] = [];
        const overrides: Override[] = [];
        for (const { candidate, opportunity, forced } of placements) {
          const supervisor = hr ? '' : (body.project_supervisors[opportunity] as string);
          const capacity = (hr ? body.capacities : body.project_capacities)[opportunity] as number;
          const cap = hr ? Infinity : (body.supervisor_capacities[supervisor] as number);
          if (placed.has(candidate) || (seats.get(opportunity) ?? 0) >= capacity) continue;
          if ((load.get(supervisor) ?? 0) >= cap) continue;
          placed.add(candidate);
          seats.set(opportunity, (seats.get(opportunity) ?? 0) + 1);
          load.set(supervisor, (load.get(supervisor) ?? 0) + 1);
          if (forced) overrides.push({ kind: 'FORCED', candidate, opportunity, reason: 'forced' });
          else preAssignments.push({ candidate, opportunity, reason: 'pre-assigned' });
        }
        const made = new Set<string>();
        for (const { candidate, opportunity } of eligible) {
          if (made.has(`${candidate} ${opportunity}`)) continue;
          made.add(`${candidate} ${opportunity}`);
          overrides.push({ kind: 'ELIGIBLE', candidate, opportunity, reason: 'eligible' });
        }
        return { version: 2, ...document, pre_assignments: preAssignments, overrides };
      });
  });
}

const SHAPES: readonly Shape[] = [
  { problem: 'HR', candidates: 12, hosts: 5, supervisors: 1, capacity: 3 },
  { problem: 'SPA-S', candidates: 12, hosts: 6, supervisors: 3, capacity: 3 },
];

/** Every assignment within the capacities that honours HR's placements (brute force, tiny only). */
function allAssignments(instance: MatchingInstance, placed: ReadonlyMap<string, string>): Assignment[] {
  const hr = instance.problem === 'HR';
  const candidates = [...(hr ? instance.residents : instance.students).keys()];
  const hosts = [...(hr ? instance.hospitals.keys() : instance.projectSupervisors.keys())];
  const found: Assignment[] = [];
  const current: Record<string, string | null> = {};
  const visit = (i: number): void => {
    if (i === candidates.length) {
      found.push({ ...current });
      return;
    }
    const c = candidates[i];
    for (const host of placed.has(c) ? [placed.get(c) ?? null] : [null, ...hosts]) {
      current[c] = host;
      visit(i + 1);
    }
  };
  visit(0);
  return found;
}

describe('HR decisions on random instances', () => {
  for (const shape of SHAPES) {
    it(
      `${shape.problem}: the solver honours every placement and the verifier finds the rest stable`,
      () => {
        fc.assert(
          fc.property(documentsWithDecisions(shape), (document) => {
            const instance = parseInstance(document);
            const placed = new Map(
              [
                ...(instance.preAssignments ?? []),
                ...(instance.overrides ?? []).filter((o) => o.kind === 'FORCED'),
              ].map((p) => [p.candidate, p.opportunity]),
            );
            for (const optimal of MODES) {
              const { assignment } = solve(instance, { optimal });
              for (const [candidate, opportunity] of placed) expect(assignment[candidate]).toBe(opportunity);
              const verdict = verify(instance, assignment);
              expect(verdict.violations).toEqual([]);
              expect(verdict.stable).toBe(true);
              expect(verdict.exempt).toHaveLength(
                (instance.preAssignments?.length ?? 0) + (instance.overrides?.length ?? 0),
              );
            }
          }),
          { numRuns: 300 },
        );
      },
      PROPERTY_TIMEOUT,
    );

    it(
      `${shape.problem}: a stored document gives the same assignment after a JSON round trip`,
      () => {
        fc.assert(
          fc.property(documentsWithDecisions(shape), (document) => {
            const instance = parseInstance(document);
            const again = parseInstanceJson(JSON.stringify(documentToJson(instance)));
            for (const optimal of MODES) {
              expect(solve(again, { optimal }).assignment).toEqual(solve(instance, { optimal }).assignment);
            }
          }),
          { numRuns: 200 },
        );
      },
      PROPERTY_TIMEOUT,
    );

    it(
      `${shape.problem}: version 2 without decisions solves exactly as version 1`,
      () => {
        fc.assert(
          fc.property(documents(shape), (document) => {
            const v1 = parseInstance(document);
            const v2 = parseInstance({ ...document, version: 2, pre_assignments: [], overrides: [] });
            for (const optimal of MODES) {
              expect(solve(v2, { optimal }).assignment).toEqual(solve(v1, { optimal }).assignment);
            }
          }),
          { numRuns: 200 },
        );
      },
      PROPERTY_TIMEOUT,
    );

    it(
      `${shape.problem}: the candidate-optimal result is stable and no stable assignment that honours the placements is better for any candidate`,
      () => {
        const tiny = { ...shape, candidates: 4, hosts: 3, supervisors: 2, capacity: 2 };
        fc.assert(
          fc.property(documentsWithDecisions(tiny), (withEligible) => {
            // ELIGIBLE pairs never block, which admits more "stable" assignments: placements only here.
            const document = {
              ...withEligible,
              overrides: (withEligible.overrides as Override[]).filter((o) => o.kind === 'FORCED'),
            };
            const instance = parseInstance(document);
            const placed = new Map(
              [
                ...(instance.preAssignments ?? []),
                ...(instance.overrides ?? []).filter((o) => o.kind === 'FORCED'),
              ].map((p) => [p.candidate, p.opportunity]),
            );
            const best = solve(instance, { optimal: 'candidate' }).assignment;
            const lists = instance.problem === 'HR' ? instance.residents : instance.students;
            const rank = (c: string, host: string | null): number =>
              host === null ? Infinity : (lists.get(c) ?? []).indexOf(host);
            const stable = allAssignments(instance, placed).filter((m) => verify(instance, m).stable);
            expect(stable.map((m) => JSON.stringify(m))).toContain(JSON.stringify(best));
            for (const other of stable) {
              for (const c of Object.keys(other)) {
                if (!placed.has(c)) expect(rank(c, best[c])).toBeLessThanOrEqual(rank(c, other[c]));
              }
            }
          }),
          { numRuns: 150 },
        );
      },
      PROPERTY_TIMEOUT,
    );
  }
});
