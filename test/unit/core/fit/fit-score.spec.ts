import fc from 'fast-check';
import { CareerStage, ProficiencyLevel } from '../../../../src/core/domain/enums';
import {
  DEFAULT_FIT_WEIGHTS,
  FitCandidate,
  FitOpportunity,
  FitPartKey,
  FitRequirement,
  FitResult,
  availabilityCoverage,
  computeFit,
  rankByFit,
  speaksLanguage,
} from '../../../../src/core/fit/fit-score';
import { developmentValue } from '../../../../src/core/gaps/gap-analysis';

const day = (d: number): Date => new Date(Date.UTC(2027, 2, d));

function aCandidate(overrides: Partial<FitCandidate> = {}): FitCandidate {
  return {
    careerStage: CareerStage.PHD_CANDIDATE,
    levels: new Map(),
    languages: [{ code: 'en', level: 'C1' }],
    availability: [{ start: day(1), end: day(31) }],
    developmentTargets: new Map(),
    ...overrides,
  };
}

function anOpportunity(overrides: Partial<FitOpportunity> = {}): FitOpportunity {
  return {
    eligibleStages: [CareerStage.PHD_CANDIDATE, CareerStage.POSTDOC],
    requirements: [],
    develops: [],
    language: 'en',
    start: day(1),
    end: day(31),
    ...overrides,
  };
}

function req(
  competenceId: string,
  minLevel: ProficiencyLevel,
  essential: boolean,
  weight = 1,
): FitRequirement {
  return { competenceId, minLevel, essential, weight };
}

function part(result: FitResult, key: FitPartKey): number {
  const found = result.parts.find((p) => p.key === key);
  if (found === undefined) throw new Error(`no part ${key}`);
  return found.value;
}

describe('computeFit: eligibility and reasons', () => {
  it('is eligible with a full score when everything fits', () => {
    const result = computeFit(
      aCandidate({
        levels: new Map([
          ['gcp', 3],
          ['stats', 2],
        ]),
        developmentTargets: new Map([['vaccine-immunology', 2]]),
      }),
      anOpportunity({
        requirements: [req('gcp', 3, true), req('stats', 2, false)],
        develops: ['vaccine-immunology'],
      }),
    );
    expect(result).toEqual({
      eligible: true,
      reasons: [],
      ineligibility: [],
      score: 100,
      parts: [
        expect.objectContaining({ key: 'ESSENTIAL', weight: 40, value: 1 }),
        expect.objectContaining({ key: 'OPTIONAL', weight: 25, value: 1 }),
        expect.objectContaining({ key: 'DEVELOPMENT', weight: 15, value: 1 }),
        expect.objectContaining({ key: 'AVAILABILITY', weight: 10, value: 1 }),
        expect.objectContaining({ key: 'LANGUAGE', weight: 10, value: 1 }),
      ],
      missing: [],
    });
  });

  it('names an ineligible career stage', () => {
    const result = computeFit(aCandidate({ careerStage: CareerStage.MASTER_STUDENT }), anOpportunity());
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual(['career stage MASTER_STUDENT is not eligible']);
    expect(result.ineligibility).toEqual([
      {
        code: 'CAREER_STAGE_NOT_ELIGIBLE',
        careerStage: CareerStage.MASTER_STUDENT,
        eligibleStages: anOpportunity().eligibleStages,
      },
    ]);
  });

  it('makes an unknown career stage eligible only where every stage is', () => {
    const unknown = aCandidate({ careerStage: null });
    const limited = computeFit(unknown, anOpportunity());
    expect(limited.eligible).toBe(false);
    expect(limited.reasons[0]).toMatch(/^career stage unknown: open to .+ only$/);
    expect(limited.ineligibility).toEqual([
      { code: 'CAREER_STAGE_UNKNOWN', eligibleStages: anOpportunity().eligibleStages },
    ]);
    expect(computeFit(unknown, anOpportunity({ eligibleStages: [] })).eligible).toBe(true);
  });

  it('treats an empty list of eligible stages as open to every stage', () => {
    for (const careerStage of [...Object.values(CareerStage), null]) {
      expect(computeFit(aCandidate({ careerStage }), anOpportunity({ eligibleStages: [] })).eligible).toBe(
        true,
      );
    }
  });

  it('explains an unmet essential requirement with both levels', () => {
    const result = computeFit(
      aCandidate({ levels: new Map([['gcp', 2]]) }),
      anOpportunity({ requirements: [req('gcp', 3, true)] }),
      { competenceNames: new Map([['gcp', 'Good clinical practice']]) },
    );
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([
      'essential requirement Good clinical practice needs Advanced (3), you have Intermediate (2)',
    ]);
    expect(result.ineligibility).toEqual([
      { code: 'ESSENTIAL_NOT_MET', competenceId: 'gcp', requiredLevel: 3, currentLevel: 2 },
    ]);
    expect(result.missing).toEqual([
      { competenceId: 'gcp', requiredLevel: 3, currentLevel: 2, essential: true },
    ]);
  });

  it('reports an unrated essential competence as no rating and currentLevel null, not 0', () => {
    const result = computeFit(aCandidate(), anOpportunity({ requirements: [req('gcp', 1, true)] }));
    expect(result.reasons).toEqual(['essential requirement gcp needs Foundational (1), you have no rating']);
    expect(result.missing).toEqual([
      { competenceId: 'gcp', requiredLevel: 1, currentLevel: null, essential: true },
    ]);
  });

  it('lists unmet optional requirements as missing without making the candidate ineligible', () => {
    const result = computeFit(
      aCandidate({ levels: new Map([['stats', 1]]) }),
      anOpportunity({ requirements: [req('stats', 3, false), req('teaching', 2, false)] }),
    );
    expect(result.eligible).toBe(true);
    expect(result.missing).toEqual([
      { competenceId: 'stats', requiredLevel: 3, currentLevel: 1, essential: false },
      { competenceId: 'teaching', requiredLevel: 2, currentLevel: null, essential: false },
    ]);
  });

  it('lists missing essential requirements before optional ones, then by id', () => {
    const result = computeFit(
      aCandidate(),
      anOpportunity({
        requirements: [req('b', 2, false), req('z', 2, true), req('a', 2, false), req('c', 2, true)],
      }),
    );
    expect(result.missing.map((m) => m.competenceId)).toEqual(['c', 'z', 'a', 'b']);
  });
});

describe('computeFit: parts', () => {
  it.each([
    {
      name: 'essential value is the weighted share met, without partial credit',
      requirements: [req('a', 2, true, 3), req('b', 4, true, 1)],
      levels: [
        ['a', 2],
        ['b', 3],
      ],
      key: 'ESSENTIAL' as const,
      value: 3 / 4,
    },
    {
      name: 'optional value gives partial credit level / required',
      requirements: [req('a', 3, false, 1), req('b', 4, false, 1)],
      levels: [
        ['a', 2],
        ['b', 4],
      ],
      key: 'OPTIONAL' as const,
      value: (2 / 3 + 1) / 2,
    },
    {
      name: 'an unrated optional competence earns 0',
      requirements: [req('a', 2, false, 1), req('b', 2, false, 3)],
      levels: [['a', 2]],
      key: 'OPTIONAL' as const,
      value: 1 / 4,
    },
    {
      name: 'being above an optional requirement earns no extra credit',
      requirements: [req('a', 1, false, 1), req('b', 4, false, 1)],
      levels: [
        ['a', 4],
        ['b', 2],
      ],
      key: 'OPTIONAL' as const,
      value: (1 + 0.5) / 2,
    },
    {
      name: 'no optional requirements counts as fully covered',
      requirements: [req('a', 1, true)],
      levels: [['a', 1]],
      key: 'OPTIONAL' as const,
      value: 1,
    },
    {
      name: 'no essential requirements counts as all met',
      requirements: [],
      levels: [],
      key: 'ESSENTIAL' as const,
      value: 1,
    },
  ])('$name', ({ requirements, levels, key, value }) => {
    const result = computeFit(
      aCandidate({ levels: new Map(levels as [string, number][]) }),
      anOpportunity({ requirements }),
    );
    expect(part(result, key)).toBeCloseTo(value, 10);
  });

  it('uses the gap-analysis development value for the DEVELOPMENT part', () => {
    const targets = new Map([
      ['immunology', 3],
      ['gcp', 1],
      ['stats', 2],
    ]);
    const result = computeFit(
      aCandidate({ developmentTargets: targets }),
      anOpportunity({ develops: ['immunology', 'teaching'] }),
    );
    expect(part(result, 'DEVELOPMENT')).toBeCloseTo(3 / 6, 10);
    expect(part(result, 'DEVELOPMENT')).toBe(developmentValue(targets, ['immunology', 'teaching']).share);
  });

  it('gives no development value without targets', () => {
    const result = computeFit(aCandidate(), anOpportunity({ develops: ['immunology'] }));
    expect(part(result, 'DEVELOPMENT')).toBe(0);
    expect(result.parts.find((p) => p.key === 'DEVELOPMENT')?.detail).toBe('no development targets');
  });

  it.each([
    { name: 'whole period covered', windows: [[1, 31]], value: 1 },
    { name: 'first half covered', windows: [[1, 11]], value: 0.5 },
    {
      name: 'overlapping windows are not counted twice',
      windows: [
        [1, 6],
        [4, 11],
      ],
      value: 0.5,
    },
    { name: 'a window running past the end counts only inside', windows: [[16, 30]], value: 0.25 },
    { name: 'windows outside the period count for nothing', windows: [[22, 28]], value: 0 },
    {
      name: 'two separate windows add up',
      windows: [
        [1, 3],
        [19, 21],
      ],
      value: 0.2,
    },
  ])('availability: $name', ({ windows, value }) => {
    const result = computeFit(
      aCandidate({ availability: windows.map(([s, e]) => ({ start: day(s), end: day(e) })) }),
      anOpportunity({ start: day(1), end: day(21) }),
    );
    expect(part(result, 'AVAILABILITY')).toBeCloseTo(value, 10);
  });

  it('scores stated-nothing availability as unknown, 0.5', () => {
    const result = computeFit(aCandidate({ availability: [] }), anOpportunity());
    expect(part(result, 'AVAILABILITY')).toBe(0.5);
  });

  it('treats a one-moment opportunity as covered when a window contains it', () => {
    expect(availabilityCoverage([{ start: day(1), end: day(5) }], day(3), day(3))).toBe(1);
    expect(availabilityCoverage([{ start: day(1), end: day(2) }], day(3), day(3))).toBe(0);
  });

  it.each([
    { name: 'speaks it well enough', languages: [{ code: 'EN', level: 'B2' }], value: 1 },
    { name: 'native speaker', languages: [{ code: 'en', level: 'NATIVE' }], value: 1 },
    { name: 'speaks it below B2', languages: [{ code: 'en', level: 'B1' }], value: 0 },
    { name: 'speaks another language', languages: [{ code: 'nl', level: 'NATIVE' }], value: 0 },
    { name: 'states no languages', languages: [], value: 0 },
  ] as const)('language: $name', ({ languages, value }) => {
    const result = computeFit(aCandidate({ languages }), anOpportunity({ language: 'en' }));
    expect(part(result, 'LANGUAGE')).toBe(value);
  });

  it('honours a lower language minimum and a missing language', () => {
    const candidate = aCandidate({ languages: [{ code: 'nl', level: 'A2' }] });
    expect(
      part(computeFit(candidate, anOpportunity({ language: 'nl', minLanguageLevel: 'A2' })), 'LANGUAGE'),
    ).toBe(1);
    expect(part(computeFit(candidate, anOpportunity({ language: null })), 'LANGUAGE')).toBe(1);
    expect(speaksLanguage(candidate.languages, 'NL', 'A1')).toBe('A2');
  });
});

describe('computeFit: each part as a code with its facts', () => {
  const codes = (result: ReturnType<typeof computeFit>) =>
    Object.fromEntries(result.parts.map((p) => [p.key, { code: p.code, facts: p.facts }]));

  it('gives the codes for an opportunity without requirements, targets, windows or language', () => {
    const result = computeFit(
      aCandidate({ availability: [] }),
      anOpportunity({ requirements: [], develops: [], language: null }),
    );
    expect(codes(result)).toEqual({
      ESSENTIAL: { code: 'NO_ESSENTIALS', facts: {} },
      OPTIONAL: { code: 'NO_OPTIONALS', facts: {} },
      DEVELOPMENT: { code: 'NO_DEVELOPMENT_TARGETS', facts: {} },
      AVAILABILITY: { code: 'AVAILABILITY_UNKNOWN', facts: {} },
      LANGUAGE: { code: 'NO_LANGUAGE_REQUIREMENT', facts: {} },
    });
    expect(result.ineligibility).toEqual([]);
  });

  it('gives the facts the English detail is written from', () => {
    const result = computeFit(
      aCandidate({
        levels: new Map([
          ['gcp', 3],
          ['stats', 1],
        ]),
        languages: [{ code: 'en', level: 'C1' }],
      }),
      anOpportunity({
        requirements: [req('gcp', 2, true), req('lab', 2, true), req('stats', 2, false)],
        language: 'en',
      }),
    );
    const byKey = codes(result);
    expect(byKey.ESSENTIAL).toEqual({ code: 'ESSENTIALS_MET', facts: { met: 1, total: 2 } });
    expect(byKey.OPTIONAL).toEqual({ code: 'OPTIONALS_COVERED', facts: { share: 0.5 } });
    expect(byKey.LANGUAGE).toEqual({
      code: 'SPEAKS_LANGUAGE',
      facts: { language: 'en', spokenLevel: 'C1', neededLevel: 'B2' },
    });
    expect(byKey.AVAILABILITY?.code).toBe('AVAILABLE_SHARE');
    const detail = result.parts.find((p) => p.key === 'ESSENTIAL')?.detail;
    expect(detail).toBe('1 of 2 essential requirements met');
  });

  it('says a language is not spoken well enough with the level needed', () => {
    const result = computeFit(
      aCandidate({ languages: [{ code: 'en', level: 'B1' }] }),
      anOpportunity({ language: 'en' }),
    );
    expect(codes(result).LANGUAGE).toEqual({
      code: 'LANGUAGE_NOT_SPOKEN',
      facts: { language: 'en', neededLevel: 'B2' },
    });
  });
});

describe('computeFit: score and weights', () => {
  it('combines parts with the default weights, rounded to one decimal', () => {
    const result = computeFit(
      aCandidate({ levels: new Map([['stats', 2]]), availability: [], languages: [] }),
      anOpportunity({ requirements: [req('stats', 3, false)] }),
    );
    const expected = (40 * 1 + 25 * (2 / 3) + 15 * 0 + 10 * 0.5 + 10 * 0) / 100;
    expect(result.score).toBe(Math.round(expected * 1000) / 10);
    expect(result.score).toBe(61.7);
  });

  it('lets options override weights', () => {
    const result = computeFit(aCandidate({ languages: [] }), anOpportunity(), {
      weights: { ESSENTIAL: 0, OPTIONAL: 0, DEVELOPMENT: 0, AVAILABILITY: 1, LANGUAGE: 1 },
    });
    expect(result.score).toBe(50);
    expect(result.parts.map((p) => p.weight)).toEqual([0, 0, 0, 1, 1]);
  });

  it('exports the default weights', () => {
    expect(DEFAULT_FIT_WEIGHTS).toEqual({
      ESSENTIAL: 40,
      OPTIONAL: 25,
      DEVELOPMENT: 15,
      AVAILABILITY: 10,
      LANGUAGE: 10,
    });
  });

  it.each([
    { ESSENTIAL: -1 },
    { LANGUAGE: Number.NaN },
    { ESSENTIAL: 0, OPTIONAL: 0, DEVELOPMENT: 0, AVAILABILITY: 0, LANGUAGE: 0 },
  ])('refuses weights %p', (weights) => {
    expect(() => computeFit(aCandidate(), anOpportunity(), { weights })).toThrow(RangeError);
  });

  it('refuses a candidate level of 0: unrated is absent', () => {
    expect(() =>
      computeFit(
        aCandidate({ levels: new Map([['gcp', 0]]) }),
        anOpportunity({ requirements: [req('gcp', 1, false)] }),
      ),
    ).toThrow(RangeError);
  });
});

describe('computeFit: properties', () => {
  const ids = ['c1', 'c2', 'c3', 'c4'];
  const levelArb = fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<ProficiencyLevel>;
  const stageArb = fc.constantFrom(...Object.values(CareerStage));
  const windowArb = fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 }))
    .map(([s, len]) => ({ start: day(s), end: day(s + len) }));
  const candidateArb: fc.Arbitrary<FitCandidate> = fc.record({
    careerStage: fc.option(stageArb, { nil: null }),
    levels: fc.dictionary(fc.constantFrom(...ids), levelArb).map((d) => new Map(Object.entries(d))),
    languages: fc.array(
      fc.record({
        code: fc.constantFrom('en', 'nl'),
        level: fc.constantFrom('A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'NATIVE' as const),
      }),
      { maxLength: 2 },
    ),
    availability: fc.array(windowArb, { maxLength: 3 }),
    developmentTargets: fc
      .dictionary(fc.constantFrom(...ids, 'x'), fc.integer({ min: 1, max: 3 }))
      .map((d) => new Map(Object.entries(d))),
  });
  const opportunityArb: fc.Arbitrary<FitOpportunity> = fc.record({
    eligibleStages: fc.uniqueArray(stageArb, { maxLength: 4 }),
    requirements: fc.uniqueArray(
      fc.record({
        competenceId: fc.constantFrom(...ids),
        minLevel: levelArb,
        essential: fc.boolean(),
        weight: fc.integer({ min: 0, max: 5 }),
      }),
      { selector: (r) => r.competenceId, maxLength: 4 },
    ),
    develops: fc.uniqueArray(fc.constantFrom(...ids, 'x'), { maxLength: 3 }),
    language: fc.constantFrom('en', 'nl', null),
    start: fc.integer({ min: 0, max: 40 }).map(day),
    end: fc.integer({ min: 41, max: 90 }).map(day),
  });
  const weightsArb = fc.option(
    fc.record(
      {
        ESSENTIAL: fc.integer({ min: 1, max: 50 }),
        OPTIONAL: fc.integer({ min: 0, max: 50 }),
        DEVELOPMENT: fc.integer({ min: 0, max: 50 }),
        AVAILABILITY: fc.integer({ min: 0, max: 50 }),
        LANGUAGE: fc.integer({ min: 0, max: 50 }),
      },
      { requiredKeys: ['ESSENTIAL'] },
    ),
    { nil: undefined },
  );

  it('keeps the score within 0..100 and every part within 0..1', () => {
    fc.assert(
      fc.property(candidateArb, opportunityArb, weightsArb, (candidate, opportunity, weights) => {
        const result = computeFit(candidate, opportunity, { weights });
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(100);
        expect(Math.round(result.score * 10) / 10).toBe(result.score);
        for (const p of result.parts) {
          expect(p.value).toBeGreaterThanOrEqual(0);
          expect(p.value).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('never lowers the score when a candidate level is raised or first rated', () => {
    fc.assert(
      fc.property(
        candidateArb,
        opportunityArb,
        fc.constantFrom(...ids),
        weightsArb,
        (candidate, opportunity, id, weights) => {
          const before = computeFit(candidate, opportunity, { weights });
          const levels = new Map(candidate.levels);
          levels.set(id, Math.min((candidate.levels.get(id) ?? 0) + 1, 4));
          const after = computeFit({ ...candidate, levels }, opportunity, { weights });
          expect(after.score).toBeGreaterThanOrEqual(before.score);
          expect(after.missing.length).toBeLessThanOrEqual(before.missing.length);
          if (before.eligible) expect(after.eligible).toBe(true);
        },
      ),
    );
  });

  it('makes a candidate who meets every requirement at an eligible stage eligible', () => {
    fc.assert(
      fc.property(candidateArb, opportunityArb, (candidate, opportunity) => {
        const levels = new Map(candidate.levels);
        for (const r of opportunity.requirements) {
          levels.set(r.competenceId, Math.max(levels.get(r.competenceId) ?? 0, r.minLevel));
        }
        const eligibleStages =
          opportunity.eligibleStages.length === 0 || candidate.careerStage === null
            ? []
            : [...opportunity.eligibleStages, candidate.careerStage];
        const result = computeFit({ ...candidate, levels }, { ...opportunity, eligibleStages });
        expect(result.eligible).toBe(true);
        expect(result.reasons).toEqual([]);
        expect(result.missing).toEqual([]);
      }),
    );
  });

  it('is eligible exactly when the stage is eligible and every essential requirement is met', () => {
    fc.assert(
      fc.property(candidateArb, opportunityArb, (candidate, opportunity) => {
        const stageOk =
          opportunity.eligibleStages.length === 0 ||
          (candidate.careerStage !== null && opportunity.eligibleStages.includes(candidate.careerStage));
        const essentialsOk = opportunity.requirements
          .filter((r) => r.essential)
          .every((r) => (candidate.levels.get(r.competenceId) ?? 0) >= r.minLevel);
        const result = computeFit(candidate, opportunity);
        expect(result.eligible).toBe(stageOk && essentialsOk);
        for (const m of result.missing) expect(m.currentLevel).not.toBe(0);
      }),
    );
  });
});

describe('rankByFit', () => {
  it('sorts by score descending and breaks ties by id', () => {
    const ranked = rankByFit([
      { id: 'b', score: 70 },
      { id: 'c', score: 90 },
      { id: 'a', score: 70 },
      { id: 'B', score: 70 },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['c', 'B', 'a', 'b']);
  });

  it('does not change its input', () => {
    const input = [
      { id: 'a', score: 1 },
      { id: 'b', score: 2 },
    ];
    rankByFit(input);
    expect(input.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('gives the same order whatever the input order', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(
            fc.record({ id: fc.string({ maxLength: 3 }), score: fc.integer({ min: 0, max: 5 }) }),
            { selector: (r) => r.id, maxLength: 12 },
          )
          .chain((list) =>
            fc.tuple(
              fc.constant(list),
              fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
            ),
          ),
        ([list, shuffled]) => {
          const ranked = rankByFit(list);
          expect(rankByFit(shuffled)).toEqual(ranked);
          for (let i = 1; i < ranked.length; i += 1) {
            expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
          }
        },
      ),
    );
  });
});
