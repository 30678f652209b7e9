import {
  MatchingInstance,
  Optimal,
  effectiveInstance,
  instanceToJson,
  parseInstance,
  solve,
  verify,
} from '../../../../src/core/matching';
import { readVectorFolder } from '../../../fixtures/matching/reference-vectors';

interface ExpectedResult {
  readonly assignment?: Record<string, string | null>;
  /** Set when the reference library failed; the expected assignment is then the independent one. */
  readonly library_error?: string;
  readonly independent_assignment?: Record<string, string | null>;
}

interface VectorFile {
  readonly id: string;
  readonly problem: 'HR' | 'SPA-S';
  readonly instance: unknown;
  readonly effective_instance?: unknown;
  readonly results: Record<string, ExpectedResult>;
}

function expectedAssignment(result: ExpectedResult): Record<string, string | null> {
  const expected = result.library_error === undefined ? result.assignment : result.independent_assignment;
  if (expected === undefined) throw new Error('vector result without an expected assignment');
  return expected;
}

interface Mode {
  readonly optimal: Optimal;
  /** The key of `results` in the vector file. */
  readonly key: string;
  readonly words: string;
}

function modesFor(problem: 'HR' | 'SPA-S'): Mode[] {
  return problem === 'HR'
    ? [
        { optimal: 'candidate', key: 'resident_optimal', words: 'resident-optimal' },
        { optimal: 'host', key: 'hospital_optimal', words: 'hospital-optimal' },
      ]
    : [
        { optimal: 'candidate', key: 'student_optimal', words: 'student-optimal' },
        { optimal: 'host', key: 'supervisor_optimal', words: 'supervisor-optimal' },
      ];
}

const hrVectors = readVectorFolder<VectorFile>('hr');
const saVectors = readVectorFolder<VectorFile>('sa');

describe('reference vectors are present', () => {
  it('finds the HR and SPA-S vectors in test/fixtures', () => {
    expect(hrVectors.length).toBeGreaterThanOrEqual(10);
    expect(saVectors.length).toBeGreaterThanOrEqual(10);
  });
});

describe.each([...hrVectors, ...saVectors])('vector %s', (name, vector) => {
  const instance: MatchingInstance = parseInstance(vector);
  const modes = modesFor(vector.problem);

  it.each(modes)(`gives the $words assignment of ${name}, entry for entry`, ({ optimal, key }) => {
    const result = solve(instance, { optimal });
    expect(result.problem).toBe(vector.problem);
    expect(result.optimal).toBe(optimal);
    expect(result.assignment).toEqual(expectedAssignment(vector.results[key]));
  });

  it.each(modes)('passes the independent verifier on the $words assignment', ({ optimal }) => {
    const result = solve(instance, { optimal });
    expect(verify(instance, result.assignment)).toEqual({
      valid: true,
      stable: true,
      violations: [],
      exempt: [],
    });
  });

  if (vector.effective_instance !== undefined) {
    const effective = vector.effective_instance;

    it('drops exactly the one-sided entries the vector lists as ineffective', () => {
      expect(instanceToJson(effectiveInstance(instance))).toEqual(effective);
    });

    it.each(modes)('solves the effective instance to the same $words assignment', ({ optimal }) => {
      const onEffective = solve(parseInstance({ problem: vector.problem, instance: effective }), { optimal });
      expect(onEffective.assignment).toEqual(solve(instance, { optimal }).assignment);
    });
  }
});
