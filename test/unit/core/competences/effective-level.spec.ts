import fc from 'fast-check';
import {
  Assessment,
  describeLevel,
  effectiveLevels,
  effectiveLevelValues,
  isProficiencyLevel,
} from '../../../../src/core/competences/effective-level';
import { AssessmentSource, ProficiencyLevel } from '../../../../src/core/domain/enums';

const { SELF, EVIDENCE, SUPERVISOR } = AssessmentSource;

function a(competenceId: string, level: ProficiencyLevel, source: AssessmentSource, day: number): Assessment {
  return { competenceId, level, source, assessedAt: new Date(Date.UTC(2026, 0, day)) };
}

describe('effectiveLevels', () => {
  it.each([
    {
      name: 'a supervisor assessment beats a newer self-assessment',
      input: [a('gcp', 2, SUPERVISOR, 1), a('gcp', 4, SELF, 20)],
      expected: { level: 2, source: SUPERVISOR },
    },
    {
      name: 'evidence beats a newer self-assessment',
      input: [a('gcp', 1, SELF, 30), a('gcp', 3, EVIDENCE, 2)],
      expected: { level: 3, source: EVIDENCE },
    },
    {
      name: 'a supervisor assessment beats newer evidence',
      input: [a('gcp', 3, EVIDENCE, 30), a('gcp', 2, SUPERVISOR, 2)],
      expected: { level: 2, source: SUPERVISOR },
    },
    {
      name: 'the latest of the same source wins, even when it is lower',
      input: [a('gcp', 4, SELF, 1), a('gcp', 2, SELF, 9), a('gcp', 3, SELF, 5)],
      expected: { level: 2, source: SELF },
    },
    {
      name: 'the higher level wins a tie in source and date',
      input: [a('gcp', 2, EVIDENCE, 5), a('gcp', 3, EVIDENCE, 5)],
      expected: { level: 3, source: EVIDENCE },
    },
    {
      name: 'a single self-assessment counts',
      input: [a('gcp', 1, SELF, 5)],
      expected: { level: 1, source: SELF },
    },
  ])('$name', ({ input, expected }) => {
    expect(effectiveLevels(input).get('gcp')).toMatchObject(expected);
  });

  it('keeps competences apart and leaves unrated ones absent, not 0', () => {
    const levels = effectiveLevels([a('gcp', 2, SELF, 1), a('bioinformatics', 4, SUPERVISOR, 2)]);
    expect([...levels.keys()].sort()).toEqual(['bioinformatics', 'gcp']);
    expect(levels.has('teaching')).toBe(false);
    expect(levels.get('teaching')).toBeUndefined();
  });

  it('returns an empty map for a person without assessments', () => {
    expect(effectiveLevels([]).size).toBe(0);
  });

  it('reports the date of the winning assessment', () => {
    const winner = a('gcp', 3, SUPERVISOR, 12);
    expect(effectiveLevels([a('gcp', 2, SELF, 20), winner]).get('gcp')?.assessedAt).toEqual(
      winner.assessedAt,
    );
  });

  it.each([0, 5, 2.5, -1])('refuses level %p', (level) => {
    const bad = { competenceId: 'gcp', level, source: SELF, assessedAt: new Date(0) } as Assessment;
    expect(() => effectiveLevels([bad])).toThrow(RangeError);
  });

  it('gives plain levels through effectiveLevelValues', () => {
    const levels = effectiveLevelValues([a('gcp', 2, SELF, 1), a('gcp', 3, EVIDENCE, 1)]);
    expect(levels).toEqual(new Map([['gcp', 3]]));
  });

  const assessmentArb = fc.record({
    competenceId: fc.constantFrom('c1', 'c2', 'c3'),
    level: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<ProficiencyLevel>,
    source: fc.constantFrom(SELF, EVIDENCE, SUPERVISOR),
    assessedAt: fc.integer({ min: 0, max: 20 }).map((d) => new Date(Date.UTC(2026, 0, d + 1))),
  });

  it('does not depend on the order of the assessments', () => {
    fc.assert(
      fc.property(
        fc
          .array(assessmentArb, { maxLength: 20 })
          .chain((list) =>
            fc.tuple(
              fc.constant(list),
              fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
            ),
          ),
        ([list, shuffled]) => {
          expect(effectiveLevels(shuffled)).toEqual(effectiveLevels(list));
        },
      ),
    );
  });

  it('picks the latest assessment of the most trusted source present', () => {
    const order = [SUPERVISOR, EVIDENCE, SELF];
    fc.assert(
      fc.property(fc.array(assessmentArb, { maxLength: 20 }), (list) => {
        const result = effectiveLevels(list);
        for (const id of ['c1', 'c2', 'c3']) {
          const mine = list.filter((x) => x.competenceId === id);
          if (mine.length === 0) {
            expect(result.has(id)).toBe(false);
            continue;
          }
          const best = order.find((source) => mine.some((x) => x.source === source));
          const ofBest = mine.filter((x) => x.source === best);
          const latest = Math.max(...ofBest.map((x) => x.assessedAt.getTime()));
          const level = Math.max(
            ...ofBest.filter((x) => x.assessedAt.getTime() === latest).map((x) => x.level),
          );
          expect(result.get(id)).toEqual({ level, source: best, assessedAt: new Date(latest) });
        }
      }),
    );
  });
});

describe('level helpers', () => {
  it('knows only the levels 1 to 4', () => {
    expect([0, 1, 2, 3, 4, 5, 1.5].filter(isProficiencyLevel)).toEqual([1, 2, 3, 4]);
  });

  it('describes a level by name and number, and null as no rating', () => {
    expect(describeLevel(3)).toBe('Advanced (3)');
    expect(describeLevel(1)).toBe('Foundational (1)');
    expect(describeLevel(null)).toBe('no rating');
  });
});
