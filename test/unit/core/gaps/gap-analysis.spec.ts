import fc from 'fast-check';
import { ProficiencyLevel } from '../../../../src/core/domain/enums';
import {
  RoleRequirement,
  analyseGaps,
  developmentTargets,
  developmentValue,
  gapSizes,
  mergeGapSizes,
} from '../../../../src/core/gaps/gap-analysis';

function req(
  competenceId: string,
  requiredLevel: ProficiencyLevel,
  essential = false,
  weight = 1,
): RoleRequirement {
  return { competenceId, requiredLevel, essential, weight };
}

describe('analyseGaps: per requirement', () => {
  it.each([
    { name: 'below requirement', current: 1, required: 3, gap: 2, met: false },
    { name: 'exactly at requirement', current: 3, required: 3, gap: 0, met: true },
    { name: 'above requirement: gap 0, met', current: 4, required: 2, gap: 0, met: true },
  ])('$name', ({ current, required, gap, met }) => {
    const analysis = analyseGaps(
      { requirements: [req('gcp', required as ProficiencyLevel)] },
      new Map([['gcp', current]]),
    );
    expect(analysis.items).toEqual([
      {
        competenceId: 'gcp',
        currentLevel: current,
        requiredLevel: required,
        gap,
        essential: false,
        met,
        retired: false,
      },
    ]);
    expect(analysis.unknowns).toEqual([]);
  });

  it('lists an unrated competence apart as unknown, not as a gap of 0 or of the whole level', () => {
    const analysis = analyseGaps(
      { requirements: [req('gcp', 2, true), req('teaching', 2)] },
      new Map([['teaching', 2]]),
    );
    expect(analysis.unknowns).toEqual([
      {
        competenceId: 'gcp',
        currentLevel: null,
        requiredLevel: 2,
        gap: null,
        essential: true,
        met: false,
        retired: false,
      },
    ]);
    expect(analysis.items.map((i) => i.competenceId)).toEqual(['teaching']);
    expect(gapSizes(analysis).has('gcp')).toBe(false);
    expect(analysis.essentialGaps).toEqual(['gcp']);
  });

  it('refuses a current level of 0: unrated is absent, never 0', () => {
    expect(() => analyseGaps({ requirements: [req('gcp', 2)] }, new Map([['gcp', 0]]))).toThrow(RangeError);
  });

  it('refuses a negative weight', () => {
    expect(() => analyseGaps({ requirements: [req('gcp', 2, false, -1)] }, new Map())).toThrow(RangeError);
  });
});

describe('analyseGaps: ordering', () => {
  it('sorts biggest gap first, then essential first, then by id; unknowns apart', () => {
    const analysis = analyseGaps(
      {
        requirements: [
          req('a-small', 2),
          req('b-big', 4),
          req('c-mid-optional', 3),
          req('d-mid-essential', 3, true),
          req('e-met', 1, true),
          req('f-unknown', 2),
          req('g-unknown-essential', 2, true),
        ],
      },
      new Map([
        ['a-small', 1],
        ['b-big', 1],
        ['c-mid-optional', 1],
        ['d-mid-essential', 1],
        ['e-met', 3],
      ]),
    );
    expect(analysis.items.map((i) => [i.competenceId, i.gap])).toEqual([
      ['b-big', 3],
      ['d-mid-essential', 2],
      ['c-mid-optional', 2],
      ['a-small', 1],
      ['e-met', 0],
    ]);
    expect(analysis.unknowns.map((i) => i.competenceId)).toEqual(['g-unknown-essential', 'f-unknown']);
    expect(analysis.essentialGaps).toEqual(['d-mid-essential', 'g-unknown-essential']);
  });
});

describe('analyseGaps: readiness', () => {
  it('is fully ready for a role without requirements, with no items', () => {
    expect(analyseGaps({ requirements: [] }, new Map([['gcp', 2]]))).toEqual({
      items: [],
      unknowns: [],
      readinessShare: 1,
      readinessScore: 1,
      essentialGaps: [],
    });
  });

  it.each([
    {
      name: 'share counts met requirements; score gives proportional credit',
      requirements: [req('a', 4, false, 1), req('b', 2, false, 1)],
      levels: [
        ['a', 2],
        ['b', 2],
      ],
      share: 1 / 2,
      score: (0.5 + 1) / 2,
    },
    {
      name: 'weights shape the score but not the share',
      requirements: [req('a', 4, false, 3), req('b', 2, false, 1)],
      levels: [
        ['a', 2],
        ['b', 2],
      ],
      share: 1 / 2,
      score: (3 * 0.5 + 1 * 1) / 4,
    },
    {
      name: 'an unknown counts as not met and contributes 0',
      requirements: [req('a', 2), req('b', 2)],
      levels: [['a', 2]],
      share: 1 / 2,
      score: 1 / 2,
    },
    {
      name: 'being above a requirement earns no more than full credit',
      requirements: [req('a', 1), req('b', 4)],
      levels: [
        ['a', 4],
        ['b', 2],
      ],
      share: 1 / 2,
      score: (1 + 0.5) / 2,
    },
    {
      name: 'all weights 0 weighs requirements equally',
      requirements: [req('a', 4, false, 0), req('b', 2, false, 0)],
      levels: [
        ['a', 1],
        ['b', 2],
      ],
      share: 1 / 2,
      score: (0.25 + 1) / 2,
    },
  ])('$name', ({ requirements, levels, share, score }) => {
    const analysis = analyseGaps({ requirements }, new Map(levels as [string, number][]));
    expect(analysis.readinessShare).toBeCloseTo(share, 10);
    expect(analysis.readinessScore).toBeCloseTo(score, 10);
  });

  it('reports a retired competence, flagged, without counting it towards readiness', () => {
    const analysis = analyseGaps(
      { requirements: [req('old-skill', 3, true), req('gcp', 2)] },
      new Map([['gcp', 2]]),
      new Set(['old-skill']),
    );
    expect(analysis.unknowns).toEqual([
      expect.objectContaining({ competenceId: 'old-skill', retired: true, gap: null }),
    ]);
    expect(analysis.items).toEqual([expect.objectContaining({ competenceId: 'gcp', retired: false })]);
    expect(analysis.readinessShare).toBe(1);
    expect(analysis.readinessScore).toBe(1);
    expect(analysis.essentialGaps).toEqual([]);
  });

  it('keeps a rated retired competence in the items with its gap, out of the gap sizes', () => {
    const analysis = analyseGaps(
      { requirements: [req('old-skill', 3), req('gcp', 3)] },
      new Map([
        ['old-skill', 1],
        ['gcp', 1],
      ]),
      new Set(['old-skill']),
    );
    expect(analysis.items.find((i) => i.competenceId === 'old-skill')).toMatchObject({
      gap: 2,
      retired: true,
    });
    expect(gapSizes(analysis)).toEqual(new Map([['gcp', 2]]));
    expect(analysis.readinessShare).toBe(0);
  });

  const levelArb = fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<ProficiencyLevel>;
  const roleArb = fc.uniqueArray(
    fc.record({
      competenceId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'),
      requiredLevel: levelArb,
      essential: fc.boolean(),
      weight: fc.integer({ min: 0, max: 5 }),
    }),
    { selector: (r) => r.competenceId, maxLength: 5 },
  );
  const levelsArb = fc
    .dictionary(fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'), levelArb)
    .map((d) => new Map(Object.entries(d)));

  it('keeps readiness within 0..1, with the score at least as high as the share', () => {
    fc.assert(
      fc.property(roleArb, levelsArb, (requirements, levels) => {
        const { readinessShare, readinessScore, items, unknowns } = analyseGaps({ requirements }, levels);
        expect(readinessShare).toBeGreaterThanOrEqual(0);
        expect(readinessShare).toBeLessThanOrEqual(1);
        expect(readinessScore).toBeGreaterThanOrEqual(0);
        expect(readinessScore).toBeLessThanOrEqual(1);
        if (requirements.every((r) => r.weight === requirements[0].weight)) {
          expect(readinessScore).toBeGreaterThanOrEqual(readinessShare - 1e-12);
        }
        expect(items.length + unknowns.length).toBe(requirements.length);
      }),
    );
  });

  it('never lowers readiness when a level is raised', () => {
    fc.assert(
      fc.property(
        roleArb,
        levelsArb,
        fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'),
        (requirements, levels, id) => {
          const before = analyseGaps({ requirements }, levels);
          const raised = new Map(levels);
          raised.set(id, Math.min((levels.get(id) ?? 0) + 1, 4));
          const after = analyseGaps({ requirements }, raised);
          expect(after.readinessShare).toBeGreaterThanOrEqual(before.readinessShare);
          expect(after.readinessScore).toBeGreaterThanOrEqual(before.readinessScore - 1e-12);
        },
      ),
    );
  });
});

describe('developmentValue', () => {
  const analysis = analyseGaps(
    {
      requirements: [req('vaccine-immunology', 4), req('gcp', 3), req('teaching', 2), req('stats', 3)],
    },
    new Map([
      ['vaccine-immunology', 1],
      ['gcp', 2],
      ['teaching', 3],
    ]),
  );

  it.each([
    {
      name: 'develops the biggest gap',
      develops: ['vaccine-immunology'],
      expected: { closedLevels: 3, share: 3 / 4, competences: ['vaccine-immunology'] },
    },
    {
      name: 'develops both gaps, listed biggest first',
      develops: ['gcp', 'vaccine-immunology'],
      expected: { closedLevels: 4, share: 1, competences: ['vaccine-immunology', 'gcp'] },
    },
    {
      name: 'a met competence closes nothing',
      develops: ['teaching'],
      expected: { closedLevels: 0, share: 0, competences: [] },
    },
    {
      name: 'an unknown competence closes no known gap',
      develops: ['stats'],
      expected: { closedLevels: 0, share: 0, competences: [] },
    },
  ])('$name', ({ develops, expected }) => {
    expect(developmentValue(analysis, develops)).toEqual(expected);
  });

  it('gives the same value from gap sizes as from the analysis', () => {
    expect(developmentValue(gapSizes(analysis), ['gcp'])).toEqual(developmentValue(analysis, ['gcp']));
  });

  it('is 0 when there is no gap at all', () => {
    expect(developmentValue(new Map(), ['gcp'])).toEqual({
      closedLevels: 0,
      share: 0,
      competences: [],
    });
  });
});

describe('mergeGapSizes', () => {
  it('keeps the largest gap per competence over several target roles', () => {
    expect(
      mergeGapSizes([
        new Map([
          ['gcp', 1],
          ['stats', 2],
        ]),
        new Map([
          ['gcp', 3],
          ['teaching', 1],
        ]),
      ]),
    ).toEqual(
      new Map([
        ['gcp', 3],
        ['stats', 2],
        ['teaching', 1],
      ]),
    );
  });
});

describe('developmentTargets', () => {
  it('merges the gaps of each target role: the largest per competence, none for unknown or retired ones', () => {
    const levels = new Map([
      ['gcp', 1],
      ['stats', 3],
      ['old', 1],
    ]);
    const roles = [
      [req('gcp', 2), req('stats', 4, true), req('teaching', 2)],
      [req('gcp', 4), req('old', 3)],
    ];
    // teaching is unrated (unknown gap); old is retired.
    expect(developmentTargets(roles, levels, new Set(['old']))).toEqual(
      new Map([
        ['gcp', 3],
        ['stats', 1],
      ]),
    );
    expect(developmentTargets([], levels)).toEqual(new Map());
  });

  it('is mergeGapSizes of gapSizes(analyseGaps) per role', () => {
    const competences = ['a', 'b', 'c', 'd'];
    fc.assert(
      fc.property(
        fc.array(
          fc.uniqueArray(
            fc.record({
              competenceId: fc.constantFrom(...competences),
              requiredLevel: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<ProficiencyLevel>,
              essential: fc.boolean(),
              weight: fc.constantFrom(0, 1, 2),
            }),
            { selector: (r) => r.competenceId },
          ),
          { maxLength: 3 },
        ),
        fc.dictionary(fc.constantFrom(...competences), fc.constantFrom(1, 2, 3, 4)),
        fc.subarray(competences),
        (roles, levels, retired) => {
          const levelMap = new Map(Object.entries(levels));
          const retiredSet = new Set(retired);
          expect(developmentTargets(roles, levelMap, retiredSet)).toEqual(
            mergeGapSizes(
              roles.map((requirements) => gapSizes(analyseGaps({ requirements }, levelMap, retiredSet))),
            ),
          );
        },
      ),
    );
  });
});
