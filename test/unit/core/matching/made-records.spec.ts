import fc from 'fast-check';
import { MatchingInstance, parseInstance } from '../../../../src/core/matching';
import { recallCodedRows } from '../../../../src/core/matching/coded-lists';
import { madeEntries, rememberEntries } from '../../../../src/core/matching/made-records';

/** An object with these entries as own data properties in this order, remembered as made from them. */
function made(entries: readonly [string, unknown][], keys?: string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(record, k, { value: v, enumerable: true, writable: true, configurable: true });
  rememberEntries(
    record,
    keys ?? entries.map(([k]) => k),
    entries.map(([, v]) => v),
  );
  return record;
}

/** The same object, plain (copied entry by entry), so that the parser lists and reads it. */
function plain(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record))
    Object.defineProperty(out, k, { value: record[k], enumerable: true, writable: true, configurable: true });
  return out;
}

/** Everything the parser gives: the Maps in their order, the coded rows, or the error. */
function outcome(document: unknown): unknown {
  let instance: MatchingInstance;
  try {
    instance = parseInstance(document);
  } catch (err) {
    return { error: (err as Error).message };
  }
  const entries = (map: ReadonlyMap<string, unknown>) => [...map.entries()];
  const rows = (lists: ReadonlyMap<string, readonly string[]>, members: ReadonlyMap<string, unknown>) => {
    const coded = recallCodedRows(lists, members);
    return coded && { start: [...coded.start], items: [...coded.items] };
  };
  if (instance.problem === 'HR')
    return {
      residents: entries(instance.residents),
      hospitals: entries(instance.hospitals),
      capacities: entries(instance.capacities),
      residentRows: rows(instance.residents, instance.hospitals),
      hospitalRows: rows(instance.hospitals, instance.residents),
    };
  return {
    students: entries(instance.students),
    supervisors: entries(instance.supervisors),
    projectSupervisors: entries(instance.projectSupervisors),
    projectCapacities: entries(instance.projectCapacities),
    supervisorCapacities: entries(instance.supervisorCapacities),
    studentRows: rows(instance.students, instance.projectSupervisors),
    supervisorRows: rows(instance.supervisors, instance.students),
  };
}

const id = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', '0', '1', '10', '9', '__proto__', 'é', 'A'),
  fc.string({ maxLength: 3 }),
);
const ids = fc.uniqueArray(id, { maxLength: 6 });
const sorted = (list: string[]): string[] => [...list].sort();

describe('records made from key and value lists, as the parser reads them', () => {
  it('parse exactly as the same objects read key by key (ids in any order, unknown, repeated, odd capacities)', () => {
    fc.assert(
      fc.property(
        fc.record({ spa: fc.boolean(), candidates: ids, hosts: ids, leads: ids, sortKeys: fc.boolean() }),
        fc.infiniteStream(fc.nat({ max: 9 })),
        ({ spa, candidates, hosts, leads, sortKeys }, draws) => {
          const next = (): number => draws.next().value as number;
          const order = (list: string[]): string[] => (sortKeys ? sorted(list) : list);
          const pick = (pool: string[]): string =>
            pool.length === 0 || next() === 0 ? 'unknown' : pool[next() % pool.length];
          const listOf = (pool: string[]): string[] => Array.from({ length: next() % 4 }, () => pick(pool));
          const capacity = (): unknown => (next() === 0 ? 0 : next() === 1 ? '2' : 1 + (next() % 3));
          const keyed = <T>(keys: string[], value: (k: string) => T): [string, T][] =>
            keys.map((k) => [k, value(k)]);
          const hostKeys = order(hosts);
          // Often the very list of the hosts' ids for their capacities too, as a round's document has it.
          const variant = next();
          const capacityKeys =
            variant < 5
              ? hostKeys
              : variant < 7
                ? order(hosts.slice(1))
                : order(hosts.includes('zz') ? hosts : [...hosts, 'zz']);
          const instance = spa
            ? {
                students: made(keyed(order(candidates), () => listOf(hosts))),
                supervisors: made(keyed(order(leads), () => listOf(candidates))),
                project_supervisors: made(keyed(hostKeys, () => pick(leads))),
                project_capacities: made(keyed(capacityKeys, capacity)),
                supervisor_capacities: made(keyed(order(leads), capacity)),
              }
            : {
                residents: made(keyed(order(candidates), () => listOf(hosts))),
                hospitals: made(keyed(hostKeys, () => listOf(candidates))),
                capacities: made(keyed(capacityKeys, capacity)),
              };
          const asPlain = Object.fromEntries(Object.entries(instance).map(([k, v]) => [k, plain(v)]));
          const problem = spa ? 'SPA-S' : 'HR';
          expect(outcome({ problem, instance })).toEqual(outcome({ problem, instance: asPlain }));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('remembers only keys in strictly ascending order, none of them an array index', () => {
    expect(
      madeEntries(
        made([
          ['a', 1],
          ['b', 2],
        ]),
      ),
    ).toBeDefined();
    expect(
      madeEntries(
        made([
          ['b', 1],
          ['a', 2],
        ]),
      ),
    ).toBeUndefined();
    expect(
      madeEntries(
        made([
          ['a', 1],
          ['a', 2],
        ]),
      ),
    ).toBeUndefined();
    expect(
      madeEntries(
        made([
          ['1', 1],
          ['a', 2],
        ]),
      ),
    ).toBeUndefined();
    expect(madeEntries(made([['a', 1]], ['a', 'b']))).toBeUndefined();
  });
});
