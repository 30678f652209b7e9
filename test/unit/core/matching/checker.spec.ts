import { parseInstance, verify } from '../../../../src/core/matching';
import { readVectorFolder } from '../../../fixtures/matching/reference-vectors';

interface LabelledMatching {
  readonly assignment: Record<string, string | null>;
  readonly stable: boolean;
  readonly blocking_pairs: [string, string][];
}

interface CheckerFile {
  readonly problem: 'HR' | 'SPA-S';
  readonly instance: unknown;
  readonly matchings: LabelledMatching[];
}

function describeAssignment(assignment: Record<string, string | null>): string {
  return Object.entries(assignment)
    .map(([candidate, host]) => `${candidate}->${host ?? '-'}`)
    .join(' ');
}

const pairKey = (pair: readonly string[]): string => JSON.stringify(pair);

const checkerVectors = readVectorFolder<CheckerFile>('checker');

describe.each(checkerVectors)('checker vector %s', (name, vector) => {
  const instance = parseInstance(vector);
  const cases = vector.matchings.map((m) => ({ ...m, label: describeAssignment(m.assignment) }));

  it('lists capacity-feasible matchings, stable and unstable', () => {
    expect(cases.some((c) => c.stable)).toBe(true);
    expect(cases.some((c) => !c.stable)).toBe(true);
  });

  it.each(cases)(
    `reaches the reference verdict and blocking pairs on ${name} for $label`,
    ({ assignment, stable, blocking_pairs }) => {
      const verdict = verify(instance, assignment);
      expect(verdict.valid).toBe(true);
      expect(verdict.stable).toBe(stable);
      const found = verdict.violations.filter((v) => v.kind === 'BLOCKING_PAIR').map((v) => pairKey(v.ids));
      expect(new Set(found)).toEqual(new Set(blocking_pairs.map(pairKey)));
      expect(found).toHaveLength(new Set(found).size);
    },
  );
});
