import fc from 'fast-check';
import { MatchingInstance, parseInstance, solve, verify } from '../../../../src/core/matching';
import { verifiesClean } from '../../../../src/core/matching/verifier-coded';
import { AssignmentInput, verifyByIds } from '../../../../src/core/matching/verifier';

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A list drawn from `pool`: any subset in any order (one-sided entries are common), or all of it. */
const listOf = (pool: readonly string[]): fc.Arbitrary<string[]> =>
  pool.length === 0
    ? fc.constant([])
    : fc.oneof(fc.shuffledSubarray([...pool]), fc.shuffledSubarray([...pool], { minLength: pool.length }));

/** Candidate ids: plain, with an id that is an array index (Object.keys puts it first), or odd ones. */
const candidatePrefix = fc.constantFrom('r', 'c-', '', 'é');

/** Random HR or SPA-S documents, sometimes with HR's decisions. */
const documents: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    spa: fc.boolean(),
    nC: fc.integer({ min: 0, max: 12 }),
    nH: fc.integer({ min: 1, max: 5 }),
    nL: fc.integer({ min: 1, max: 3 }),
    prefix: candidatePrefix,
    decisions: fc.constantFrom('none', 'none', 'none', 'empty', 'some'),
  })
  .chain(({ spa, nC, nH, nL, prefix, decisions }) => {
    const candidates = ids(prefix, nC);
    const hosts = ids('h', nH);
    const leads = ids('l', nL);
    return fc
      .record({
        candidateLists: fc.tuple(...candidates.map(() => listOf(hosts))),
        hostLists: fc.tuple(...(spa ? leads : hosts).map(() => listOf(candidates))),
        capacities: fc.tuple(...hosts.map(() => fc.integer({ min: 1, max: 3 }))),
        leadCapacities: fc.tuple(...leads.map(() => fc.integer({ min: 1, max: 3 }))),
        owners: fc.tuple(...hosts.map(() => fc.constantFrom(...leads))),
        pre: fc.integer({ min: 0, max: Math.max(0, nC - 1) }),
      })
      .map(({ candidateLists, hostLists, capacities, leadCapacities, owners, pre }) => {
        const zip = <T>(keys: string[], values: readonly T[]): Record<string, T> =>
          Object.fromEntries(keys.map((k, i) => [k, values[i]]));
        const instance = spa
          ? {
              students: zip(candidates, candidateLists),
              supervisors: zip(leads, hostLists),
              project_supervisors: zip(hosts, owners),
              project_capacities: zip(hosts, capacities),
              // Often binding (the supervisor full while a project of theirs has room).
              supervisor_capacities: zip(leads, leadCapacities),
            }
          : {
              residents: zip(candidates, candidateLists),
              hospitals: zip(hosts, hostLists),
              capacities: zip(hosts, capacities),
            };
        const document: Record<string, unknown> = { problem: spa ? 'SPA-S' : 'HR', instance };
        if (decisions !== 'none') {
          document.version = 2;
          document.pre_assignments =
            decisions === 'some' && nC > 0
              ? [{ candidate: candidates[pre], opportunity: hosts[0], reason: 'placed by HR' }]
              : [];
          document.overrides = [];
        }
        return document;
      });
  });

/** An assignment: the solver's for either side, or that one broken in one of several ways. */
function assignments(instance: MatchingInstance): fc.Arbitrary<AssignmentInput> {
  const candidates = [...(instance.problem === 'HR' ? instance.residents : instance.students).keys()];
  const hosts = [...(instance.problem === 'HR' ? instance.hospitals : instance.projectSupervisors).keys()];
  return fc
    .record({
      optimal: fc.constantFrom('candidate' as const, 'host' as const),
      change: fc.constantFrom(
        'none',
        'none',
        'null',
        'move',
        'drop',
        'unknown candidate',
        'unknown host',
        'undefined',
        'reorder',
        'swap',
        'swap',
      ),
      at: fc.nat(),
      to: fc.nat(),
    })
    .map(({ optimal, change, at, to }) => {
      const solved: Record<string, string | null | undefined> = {
        ...solve(instance, { optimal }).assignment,
      };
      if (candidates.length === 0 || change === 'none') return solved as AssignmentInput;
      const c = candidates[at % candidates.length];
      if (change === 'null') solved[c] = null;
      if (change === 'move') solved[c] = hosts[to % hosts.length];
      if (change === 'drop') delete solved[c];
      if (change === 'unknown candidate') solved.zz = null;
      if (change === 'unknown host') solved[c] = 'nowhere';
      if (change === 'undefined') solved[c] = undefined;
      if (change === 'swap') {
        // Two candidates trade places: the counts stay, the pairs and the ranks change.
        const d = candidates[to % candidates.length];
        [solved[c], solved[d]] = [solved[d], solved[c]];
      }
      if (change === 'reorder') {
        const value = solved[c];
        delete solved[c];
        solved[c] = value;
      }
      return solved as AssignmentInput;
    });
}

describe('the verifier on the coded lists', () => {
  it('says clean exactly when the string verifier reports nothing', () => {
    let clean = 0;
    let reported = 0;
    fc.assert(
      fc.property(
        documents
          .map((d) => parseInstance(d))
          .chain((instance) => fc.tuple(fc.constant(instance), assignments(instance))),
        ([instance, assignment]) => {
          const byIds = verifyByIds(instance, assignment);
          const nothing = byIds.violations.length === 0 && byIds.exempt.length === 0;
          const keysInOrder =
            JSON.stringify(Object.keys(assignment)) ===
            JSON.stringify([...(instance.problem === 'HR' ? instance.residents : instance.students).keys()]);
          // Clean only when the string verifier has nothing; and then always, unless the keys are out of order.
          expect(verifiesClean(instance, assignment)).toBe(nothing && keysInOrder);
          expect(verify(instance, assignment)).toEqual(byIds);
          if (nothing) clean++;
          else reported++;
        },
      ),
      { numRuns: 3000 },
    );
    // Both sides of the property were exercised.
    expect(clean).toBeGreaterThan(300);
    expect(reported).toBeGreaterThan(300);
  });

  it('leaves an instance built by hand (no coded lists) to the string verifier', () => {
    const instance: MatchingInstance = {
      problem: 'HR',
      residents: new Map([['r0', ['h0']]]),
      hospitals: new Map([['h0', ['r0']]]),
      capacities: new Map([['h0', 1]]),
    };
    expect(verifiesClean(instance, { r0: 'h0' })).toBe(false);
    expect(verify(instance, { r0: 'h0' })).toEqual({ valid: true, stable: true, violations: [], exempt: [] });
  });
});
