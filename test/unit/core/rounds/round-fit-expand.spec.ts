import fc from 'fast-check';
import { Assessment, effectiveLevelValues } from '../../../../src/core/competences/effective-level';
import { AssessmentSource, ProficiencyLevel } from '../../../../src/core/domain/enums';
import { expandFitFacts, ReadFitFacts } from '../../../../src/core/rounds/round-fit';

/**
 * The levels as expandFitFacts gave them before its one-assessment-per-competence path: every
 * candidate's assessments as objects through effectiveLevelValues (the reference it must match).
 */
function referenceLevels(
  n: number,
  read: ReadFitFacts,
): { start: number[]; competence: number[]; value: number[] } | string {
  const competenceIndex = new Map(read.competenceIds.map((id, k) => [id, k]));
  const groups = read.assessments.split(';');
  const competence: number[] = [];
  const value: number[] = [];
  const start: number[] = [];
  try {
    for (let k = 0; k < n; k++) {
      start.push(competence.length);
      const numbers = groups[k] === '' ? [] : groups[k].split(',').map(Number);
      const list: Assessment[] = [];
      for (let a = 0; a < numbers.length; a += 4) {
        const source = read.sources[numbers[a + 2]];
        if (source === undefined) throw new Error('expandFitFacts: an assessment of an unknown source');
        list.push({
          competenceId: read.competenceIds[numbers[a]],
          level: numbers[a + 1] as ProficiencyLevel,
          source: source as AssessmentSource,
          assessedAt: new Date(numbers[a + 3]),
        });
      }
      for (const [competenceId, level] of effectiveLevelValues(list)) {
        competence.push(competenceIndex.get(competenceId) as number);
        value.push(level);
      }
    }
  } catch (err) {
    return (err as Error).message;
  }
  start.push(competence.length);
  return {
    start,
    competence: Array.from(Int32Array.from(competence)),
    value: Array.from(Int32Array.from(value)),
  };
}

const assessment = fc.tuple(
  fc.integer({ min: 0, max: 4 }), // competence index (4: none there when 4 ids)
  fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 5)), // level, sometimes broken
  fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constant(3)), // source index, sometimes unknown
  fc.integer({ min: 0, max: 3 }).map((t) => 1_700_000_000_000 + t * 1000), // assessed at: ties common
);

describe('expandFitFacts', () => {
  it('gives the effective levels effectiveLevelValues gives (repeated competences, ties, broken levels and sources)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(assessment, { maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(['c0', 'c1', 'c2', 'c3'], ['c0', 'c1', 'c0', 'c3'], ['c0', 'c1', 'c2']),
        (perCandidate, competenceIds) => {
          const r = perCandidate.length;
          const read: ReadFitFacts = {
            weights: { ESSENTIAL: 1, OPTIONAL: 1, DEVELOPMENT: 1, AVAILABILITY: 1, LANGUAGE: 1 },
            opportunities: [],
            candidates: Int32Array.from(perCandidate.map((_, k) => k)),
            profilesJson: JSON.stringify(perCandidate.map(() => null)),
            competenceIds: [...competenceIds],
            sources: ['SUPERVISOR', 'EVIDENCE', 'SELF'],
            assessments: perCandidate.map((list) => list.flat().join(',')).join(';'),
            targetStart: new Int32Array(r + 1),
            targetCompetence: new Int32Array(0),
            targetValue: new Float64Array(0),
            overridePairs: new Int32Array(0),
            overrideReasons: [],
          };
          const expected = referenceLevels(r, read);
          let actual: unknown;
          try {
            const facts = expandFitFacts(r, read);
            actual = {
              start: Array.from(facts.levelStart),
              competence: Array.from(facts.levelCompetence),
              value: Array.from(facts.levelValue),
            };
          } catch (err) {
            actual = (err as Error).message;
          }
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
