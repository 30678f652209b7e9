import fc from 'fast-check';
import { CareerStage } from '../../../../src/core/domain/enums';
import {
  CandidateFitFacts,
  fitCandidateOf,
  fitOpportunityOf,
  OpportunityFitFacts,
} from '../../../../src/core/fit/fit-inputs';
import { computeFit, DEFAULT_FIT_WEIGHTS } from '../../../../src/core/fit/fit-score';
import {
  AllocationData,
  buildRunInput,
  canonicalJson,
  FitEntry,
  pairKey,
} from '../../../../src/core/rounds/round-allocation';
import { scorePackedFit } from '../../../../src/core/rounds/round-fit';
import { packRound, unpackRound } from '../../../../src/core/rounds/round-packing';

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
