import fc from 'fast-check';
import { CareerStage, ProficiencyLevel } from '../../../../src/core/domain/enums';
import {
  CandidateFitFacts,
  fitCandidateOf,
  fitOpportunityOf,
  OpportunityFitFacts,
} from '../../../../src/core/fit/fit-inputs';
import {
  computeFit,
  DEFAULT_FIT_WEIGHTS,
  FitCandidate,
  FitOpportunity,
  FitWeights,
  resolveWeights,
} from '../../../../src/core/fit/fit-score';
import {
  AllocationData,
  buildRunInput,
  canonicalJson,
  FitEntry,
  pairKey,
} from '../../../../src/core/rounds/round-allocation';
import {
  candidateFacts,
  FitTable,
  fitScoreOf,
  PackedFitFacts,
  scorePackedFit,
  scoringCandidateOf,
  scoringCandidateOfPacked,
  scoringTargetOf,
} from '../../../../src/core/rounds/round-fit';
import { packRound, unpackRound } from '../../../utils/round-packing-reference';

const STAGES = [CareerStage.MASTER_STUDENT, CareerStage.PHD_CANDIDATE, CareerStage.POSTDOC];
const COMPETENCES = ['k1', 'k2', 'k3', 'k4'];

const scenario = fc
  .record({
    candidates: fc.integer({ min: 1, max: 10 }),
    opportunities: fc.integer({ min: 1, max: 5 }),
    rolls: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 300, maxLength: 300 }),
  })
  .map(({ candidates, opportunities, rolls }) => {
    let k = 0;
    const roll = (n: number): number => rolls[k++ % rolls.length] % n;
    const opportunityIds = Array.from({ length: opportunities }, (_, j) => `o${j}`);
    const ranked = new Set(opportunityIds.filter(() => roll(3) === 0));
    const opportunityFacts = new Map<string, OpportunityFitFacts>();
    for (const o of opportunityIds) {
      if (ranked.has(o)) continue;
      opportunityFacts.set(o, {
        eligibleStages: roll(2) ? [] : [STAGES[roll(3)]],
        requirements: COMPETENCES.filter(() => roll(2)).map((competenceId) => ({
          competenceId,
          minLevel: 1 + roll(4),
          weight: 1 + roll(3),
          essential: roll(4) === 0,
        })),
        develops: COMPETENCES.filter(() => roll(3) === 0),
        language: roll(2) ? 'en' : null,
        startsOn: '2027-03-01',
        endsOn: '2027-03-0' + (1 + roll(9)),
      });
    }
    const choices = new Map<string, string[]>();
    const candidateFacts = new Map<string, CandidateFitFacts>();
    const overridden = new Map<string, string>();
    for (let i = 0; i < candidates; i++) {
      const c = `c${i}`;
      const list = [
        ...new Set(Array.from({ length: 1 + roll(opportunities) }, () => `o${roll(opportunities)}`)),
      ];
      choices.set(c, list);
      for (const o of list) if (roll(4) === 0) overridden.set(pairKey(c, o), `why ${c} ${o}`);
      candidateFacts.set(c, {
        careerStage: roll(4) === 0 ? null : STAGES[roll(3)],
        levels: new Map(COMPETENCES.filter(() => roll(2)).map((id) => [id, 1 + roll(4)])),
        languages: roll(2) ? [{ code: 'en', level: ['B1', 'C1', 'X'][roll(3)] }] : [],
        availability: roll(2) ? [{ start: '2027-03-02', end: '2027-03-0' + (2 + roll(7)) }] : [],
        developmentTargets: new Map(COMPETENCES.filter(() => roll(3) === 0).map((id) => [id, 1 + roll(3)])),
      });
    }
    return { opportunityIds, ranked, opportunityFacts, choices, candidateFacts, overridden };
  });

describe("a round's fit scores computed in the solver thread from the packed facts", () => {
  it('gives the scores, eligibility and override reasons the loader computed on the event loop', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        // The loader's former computation: per fit-ordered opportunity, per applicant.
        const fit = new Map<string, Map<string, FitEntry>>();
        for (const [o, facts] of s.opportunityFacts) {
          const target = fitOpportunityOf(facts);
          const scores = new Map<string, FitEntry>();
          for (const [c, list] of s.choices) {
            if (!list.includes(o)) continue;
            const result = computeFit(fitCandidateOf(s.candidateFacts.get(c)!), target, {
              weights: DEFAULT_FIT_WEIGHTS,
            });
            const reason = result.eligible ? undefined : s.overridden.get(pairKey(c, o));
            scores.set(c, {
              score: result.score,
              eligible: result.eligible || reason !== undefined,
              ...(reason !== undefined ? { overrideReason: reason } : {}),
            });
          }
          fit.set(o, scores);
        }
        const base: Omit<AllocationData, 'fit'> = {
          problem: 'HR',
          optimal: 'candidate',
          seed: 3,
          opportunities: s.opportunityIds.map((id) => ({
            id,
            hostOrganisationId: 'org',
            leadSupervisorId: 'lead',
            freeSeats: 1,
          })),
          choices: s.choices,
          hostRankings: new Map([...s.ranked].map((o) => [o, [...s.choices.keys()].reverse()])),
          excluded: new Set(),
          preAssigned: new Map(),
          supervisorRoom: new Map(),
        };
        const expected = unpackRound(packRound({ ...base, fit }, new Map(), new Map())).data;
        const packed = packRound({ ...base, fit: new Map() }, new Map(), new Map(), {
          weights: DEFAULT_FIT_WEIGHTS,
          candidates: s.candidateFacts,
          opportunities: s.opportunityFacts,
          overridden: s.overridden,
        });
        scorePackedFit(packed, packed.fitFacts!);
        const actual = unpackRound(packed).data;
        expect(actual.fit).toEqual(expected.fit);
        expect(canonicalJson(buildRunInput(actual))).toBe(canonicalJson(buildRunInput(expected)));
      }),
      { numRuns: 200 },
    );
  });
});

const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'NATIVE'] as const;
const day = (d: number): Date => new Date(Date.UTC(2027, 0, 1) + d * 86_400_000);
const window = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 }))
  .map(([s, len]) => ({ start: day(s), end: day(s + len) }));
const candidateArb: fc.Arbitrary<FitCandidate> = fc.record({
  careerStage: fc.option(fc.constantFrom(...STAGES), { nil: null }),
  levels: fc
    .array(fc.tuple(fc.constantFrom(...COMPETENCES), fc.integer({ min: 1, max: 4 })))
    .map((entries) => new Map(entries)),
  languages: fc.array(
    fc.record({ code: fc.constantFrom('en', 'EN', 'nl'), level: fc.constantFrom(...LEVELS) }),
    { maxLength: 3 },
  ),
  availability: fc.array(window, { maxLength: 3 }),
  developmentTargets: fc
    .array(
      fc.tuple(
        fc.constantFrom(...COMPETENCES),
        fc.oneof(fc.integer({ min: -1, max: 3 }), fc.double({ min: 0, max: 3, noNaN: true })),
      ),
    )
    .map((entries) => new Map(entries)),
});
const opportunityArb: fc.Arbitrary<FitOpportunity> = fc
  .record({
    eligibleStages: fc.subarray(STAGES),
    requirements: fc.array(
      fc.record({
        competenceId: fc.constantFrom(...COMPETENCES, 'k9'),
        minLevel: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<ProficiencyLevel>,
        weight: fc.oneof(
          fc.constant(0),
          fc.integer({ min: 1, max: 5 }),
          fc.double({ min: 0, max: 3, noNaN: true }),
        ),
        essential: fc.boolean(),
      }),
      { maxLength: 5 },
    ),
    develops: fc.subarray(COMPETENCES),
    language: fc.option(fc.constantFrom('en', 'nl'), { nil: null }),
    minLanguageLevel: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
    period: window,
  })
  .map(({ period, minLanguageLevel, ...rest }) => ({
    ...rest,
    ...(minLanguageLevel !== undefined ? { minLanguageLevel } : {}),
    start: period.start,
    end: period.end,
  }));
const weightsArb: fc.Arbitrary<FitWeights> = fc.record({
  ESSENTIAL: fc.integer({ min: 0, max: 50 }),
  OPTIONAL: fc.double({ min: 0, max: 30, noNaN: true }),
  DEVELOPMENT: fc.integer({ min: 0, max: 20 }),
  AVAILABILITY: fc.integer({ min: 0, max: 20 }),
  LANGUAGE: fc.integer({ min: 1, max: 20 }),
});

describe('fitScoreOf: the score and eligibility of computeFit without its parts and texts', () => {
  it('gives exactly the score and eligibility computeFit gives', () => {
    fc.assert(
      fc.property(candidateArb, opportunityArb, weightsArb, (candidate, opportunity, weights) => {
        const expected = computeFit(candidate, opportunity, { weights });
        const actual = fitScoreOf(candidate, scoringTargetOf(opportunity), resolveWeights(weights));
        expect(actual).toEqual({ score: expected.score, eligible: expected.eligible });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what computeFit refuses: a broken requirement, level, gap or weight', () => {
    const opportunity: FitOpportunity = {
      eligibleStages: [],
      requirements: [{ competenceId: 'k1', minLevel: 2, weight: 1, essential: true }],
      develops: [],
      language: null,
      start: day(0),
      end: day(3),
    };
    const candidate: FitCandidate = {
      careerStage: null,
      levels: new Map([['k1', 7]]),
      languages: [],
      availability: [],
      developmentTargets: new Map(),
    };
    const weights = resolveWeights(DEFAULT_FIT_WEIGHTS);
    expect(() => computeFit(candidate, opportunity)).toThrow(RangeError);
    expect(() => fitScoreOf(candidate, scoringTargetOf(opportunity), weights)).toThrow(RangeError);
    const broken = { ...opportunity, requirements: [{ ...opportunity.requirements[0], weight: -1 }] };
    expect(() => scoringTargetOf(broken)).toThrow(RangeError);
    const gap = { ...candidate, levels: new Map(), developmentTargets: new Map([['k1', Number.NaN]]) };
    expect(() => fitScoreOf(gap, scoringTargetOf(opportunity), weights)).toThrow(RangeError);
    expect(() => resolveWeights({ ...DEFAULT_FIT_WEIGHTS, LANGUAGE: Number.NaN })).toThrow(RangeError);
    expect(() =>
      resolveWeights({ ESSENTIAL: 0, OPTIONAL: 0, DEVELOPMENT: 0, AVAILABILITY: 0, LANGUAGE: 0 }),
    ).toThrow(RangeError);
  });
});

// Windows in any order, overlapping, sharing starts, ending before they start; levels, gaps and
// language levels that are not valid: such a candidate is not plain and keeps fitScoreOf.
const anyWindow = fc
  .tuple(fc.integer({ min: -5, max: 60 }), fc.integer({ min: -3, max: 30 }))
  .map(([s, len]) => ({ start: day(s), end: day(s + len) }));
const anyCandidateArb: fc.Arbitrary<FitCandidate> = fc.record({
  careerStage: fc.option(fc.constantFrom(...STAGES), { nil: null }),
  levels: fc
    .array(
      fc.tuple(fc.constantFrom(...COMPETENCES), fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(7))),
    )
    .map((entries) => new Map(entries)),
  languages: fc.array(
    fc.record({
      code: fc.constantFrom('en', 'EN', 'nl', 'Nl'),
      level: fc.oneof(fc.constantFrom(...LEVELS), fc.constant('Z9' as (typeof LEVELS)[number])),
    }),
    { maxLength: 4 },
  ),
  availability: fc.array(anyWindow, { maxLength: 6 }),
  developmentTargets: fc
    .array(
      fc.tuple(
        fc.constantFrom(...COMPETENCES),
        fc.oneof(
          fc.integer({ min: -1, max: 3 }),
          fc.double({ min: 0, max: 3, noNaN: true }),
          fc.constant(Number.NaN),
        ),
      ),
    )
    .map((entries) => new Map(entries)),
});

// Opportunities the table must leave to fitScoreOf too: a broken level or weight.
const anyOpportunityArb: fc.Arbitrary<FitOpportunity> = fc.oneof(
  { weight: 4, arbitrary: opportunityArb },
  {
    weight: 1,
    arbitrary: opportunityArb.map((o) => ({
      ...o,
      requirements: [
        ...o.requirements,
        { competenceId: 'k1', minLevel: 7 as ProficiencyLevel, weight: -1, essential: false },
      ],
    })),
  },
);

describe('FitTable: fitScoreOf for a plain candidate, from a flat table of the opportunities', () => {
  it('gives exactly the score and eligibility fitScoreOf gives; what it cannot score it leaves to fitScoreOf', () => {
    fc.assert(
      fc.property(
        fc.array(anyCandidateArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.option(anyOpportunityArb, { nil: null }), { minLength: 1, maxLength: 6 }),
        weightsArb,
        (candidates, opportunities, weights) => {
          const resolved = resolveWeights(weights);
          const table = new FitTable(opportunities, resolved);
          for (const candidate of candidates) {
            const prepared = scoringCandidateOf(candidate);
            if (prepared !== null) table.setCandidate(prepared);
            opportunities.forEach((opportunity, j) => {
              if (opportunity === null) return expect(table.has(j)).toBe(false);
              let target: ReturnType<typeof scoringTargetOf> | Error;
              try {
                target = scoringTargetOf(opportunity);
              } catch (err) {
                target = err as Error;
              }
              if (target instanceof Error) return expect(table.has(j)).toBe(false);
              expect(table.has(j)).toBe(true);
              let expected: { score: number; eligible: boolean } | Error;
              try {
                expected = fitScoreOf(candidate, target, resolved);
              } catch (err) {
                expected = err as Error;
              }
              if (prepared === null) return;
              // A plain candidate is one fitScoreOf never refuses.
              expect(expected).not.toBeInstanceOf(Error);
              const score = table.score(j);
              expect({ score, eligible: table.eligible }).toEqual(expected);
            });
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses the candidates fitScoreOf may refuse', () => {
    const plain: FitCandidate = {
      careerStage: null,
      levels: new Map([['k1', 2]]),
      languages: [{ code: 'en', level: 'B2' }],
      availability: [{ start: day(0), end: day(3) }],
      developmentTargets: new Map([['k1', 1]]),
    };
    expect(scoringCandidateOf(plain)).not.toBeNull();
    expect(scoringCandidateOf({ ...plain, levels: new Map([['k1', 7]]) })).toBeNull();
    expect(scoringCandidateOf({ ...plain, developmentTargets: new Map([['k1', Number.NaN]]) })).toBeNull();
    expect(scoringCandidateOf({ ...plain, availability: [{ start: day(3), end: day(0) }] })).toBeNull();
    expect(
      scoringCandidateOf({ ...plain, languages: [{ code: 'en', level: 'X' as (typeof LEVELS)[number] }] }),
    ).toBeNull();
  });
});

// Packed facts as the thread reads them, with what the long way must decide: a competence id listed
// twice, a competence levelled or targeted twice, broken levels, gaps, dates and language levels.
const packedCandidateArb = fc.record({
  stage: fc.integer({ min: -1, max: 2 }),
  levels: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(1, 2, 3, 4, 7)), {
    maxLength: 4,
  }),
  targets: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(-1, 0, 1, 2.5, Number.NaN)), {
    maxLength: 3,
  }),
  languages: fc.array(
    fc.tuple(fc.constantFrom('en', 'EN', 'nl'), fc.constantFrom('B1', 'C2', 'NATIVE', 'X')),
    {
      maxLength: 3,
    },
  ),
  windows: fc.array(
    fc.tuple(
      fc.constantFrom('2027-03-01', '2027-03-05', '2027-3-1', 'x'),
      fc.constantFrom('2027-03-02', '2027-02-27', ''),
    ),
    { maxLength: 3 },
  ),
});

type PackedCandidate = typeof packedCandidateArb extends fc.Arbitrary<infer T> ? T : never;

function packedFactsOf(candidates: PackedCandidate[]): PackedFitFacts {
  const n = candidates.length;
  const facts: PackedFitFacts = {
    weights: DEFAULT_FIT_WEIGHTS,
    opportunities: [],
    competenceIds: ['k1', 'k2', 'k1', 'k3', 'k4'],
    stages: STAGES,
    hasFacts: new Uint8Array(n).fill(1),
    candidateStage: Int32Array.from(candidates.map((c) => c.stage)),
    levelStart: new Int32Array(n + 1),
    levelCompetence: Int32Array.from(candidates.flatMap((c) => c.levels.map(([k]) => k))),
    levelValue: Int32Array.from(candidates.flatMap((c) => c.levels.map(([, v]) => v))),
    targetStart: new Int32Array(n + 1),
    targetCompetence: Int32Array.from(candidates.flatMap((c) => c.targets.map(([k]) => k))),
    targetValue: Float64Array.from(candidates.flatMap((c) => c.targets.map(([, v]) => v))),
    languageStart: new Int32Array(n + 1),
    languageCodes: candidates.flatMap((c) => c.languages.map(([code]) => code)),
    languageLevels: candidates.flatMap((c) => c.languages.map(([, level]) => level)),
    availabilityStart: new Int32Array(n + 1),
    availabilityStarts: candidates.flatMap((c) => c.windows.map(([start]) => start)),
    availabilityEnds: candidates.flatMap((c) => c.windows.map(([, end]) => end)),
    overridePairs: new Int32Array(0),
    overrideReasons: [],
  };
  candidates.forEach((c, i) => {
    facts.levelStart[i + 1] = facts.levelStart[i] + c.levels.length;
    facts.targetStart[i + 1] = facts.targetStart[i] + c.targets.length;
    facts.languageStart[i + 1] = facts.languageStart[i] + c.languages.length;
    facts.availabilityStart[i + 1] = facts.availabilityStart[i] + c.windows.length;
  });
  return facts;
}

describe('scoringCandidateOfPacked: the scoring candidate straight from the packed facts', () => {
  it('is what the long way gives, or null (the long way then decides)', () => {
    fc.assert(
      fc.property(fc.array(packedCandidateArb, { minLength: 1, maxLength: 5 }), (candidates) => {
        const facts = packedFactsOf(candidates);
        candidates.forEach((_, i) => {
          const direct = scoringCandidateOfPacked(facts, i);
          if (direct === null) return;
          // The long way neither throws nor refuses such a candidate, and gives the same.
          expect(scoringCandidateOf(fitCandidateOf(candidateFacts(facts, i)))).toEqual(direct);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves to the long way what it would decide otherwise', () => {
    const facts = packedFactsOf([
      {
        stage: 0,
        levels: [
          [0, 2],
          [2, 3],
        ],
        targets: [],
        languages: [],
        windows: [],
      },
      { stage: 0, levels: [], targets: [], languages: [], windows: [['2027-3-1', '2027-03-02']] },
      {
        stage: 0,
        levels: [],
        targets: [
          [1, 1],
          [1, 2],
        ],
        languages: [],
        windows: [],
      },
      {
        stage: -1,
        levels: [[1, 2]],
        targets: [[0, 1]],
        languages: [
          ['EN', 'X'],
          ['en', 'C2'],
        ],
        windows: [],
      },
    ]);
    expect(scoringCandidateOfPacked(facts, 0)).toBeNull();
    expect(scoringCandidateOfPacked(facts, 1)).toBeNull();
    expect(scoringCandidateOfPacked(facts, 2)).toBeNull();
    expect(scoringCandidateOfPacked(facts, 3)).toEqual(
      scoringCandidateOf(fitCandidateOf(candidateFacts(facts, 3))),
    );
  });
});
