import { CareerStage } from '../../../../src/core/domain/enums';
import {
  CandidateFitFacts,
  dayPeriod,
  fitCandidateOf,
  fitOpportunityOf,
  fitWeightsOf,
  OpportunityFitFacts,
} from '../../../../src/core/fit/fit-inputs';
import { computeFit, DEFAULT_FIT_WEIGHTS } from '../../../../src/core/fit/fit-score';

const DAY = 86_400_000;

function facts(over: Partial<CandidateFitFacts> = {}): CandidateFitFacts {
  return {
    careerStage: CareerStage.MASTER_STUDENT,
    levels: new Map(),
    languages: [],
    availability: [],
    developmentTargets: new Map(),
    ...over,
  };
}

function opportunity(over: Partial<OpportunityFitFacts> = {}): OpportunityFitFacts {
  return {
    eligibleStages: [],
    requirements: [],
    develops: [],
    language: null,
    startsOn: '2027-03-01',
    endsOn: '2027-03-01',
    ...over,
  };
}

describe('fit inputs: the one mapping from stored facts to the fit score', () => {
  it('reads a period of days with its end date included', () => {
    const period = dayPeriod('2027-03-01', '2027-03-05');
    expect(period.start.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(period.end.getTime() - period.start.getTime()).toBe(5 * DAY);
  });

  it('gives a one-day visit a whole day, covered by availability on that day', () => {
    const visit = fitOpportunityOf(opportunity());
    expect(visit.end.getTime() - visit.start.getTime()).toBe(DAY);
    const candidate = fitCandidateOf(facts({ availability: [{ start: '2027-03-01', end: '2027-03-01' }] }));
    const availability = computeFit(candidate, visit).parts.find((p) => p.key === 'AVAILABILITY');
    expect(availability?.value).toBe(1);
  });

  it('counts availability by days: the last day of a window counts', () => {
    const threeDays = fitOpportunityOf(opportunity({ startsOn: '2027-03-01', endsOn: '2027-03-03' }));
    const candidate = fitCandidateOf(facts({ availability: [{ start: '2027-02-20', end: '2027-03-02' }] }));
    const availability = computeFit(candidate, threeDays).parts.find((p) => p.key === 'AVAILABILITY');
    expect(availability?.value).toBeCloseTo(2 / 3, 10);
  });

  it('keeps an unknown career stage unknown (no default stage)', () => {
    const candidate = fitCandidateOf(facts({ careerStage: null }));
    expect(candidate.careerStage).toBeNull();
    const limited = fitOpportunityOf(opportunity({ eligibleStages: [CareerStage.BACHELOR_STUDENT] }));
    expect(computeFit(candidate, limited).eligible).toBe(false);
    const limitedToMaster = fitOpportunityOf(opportunity({ eligibleStages: [CareerStage.MASTER_STUDENT] }));
    expect(computeFit(candidate, limitedToMaster).eligible).toBe(false);
    expect(computeFit(candidate, fitOpportunityOf(opportunity())).eligible).toBe(true);
  });

  it('leaves out language levels that are not CEFR levels and reads an empty language as none', () => {
    const candidate = fitCandidateOf(
      facts({
        languages: [
          { code: 'en', level: 'fluent' },
          { code: 'nl', level: 'C1' },
        ],
      }),
    );
    expect(candidate.languages).toEqual([{ code: 'nl', level: 'C1' }]);
    expect(fitOpportunityOf(opportunity({ language: '' })).language).toBeNull();
  });

  it('rejects a date that is not an ISO date', () => {
    expect(() => dayPeriod('1 March', '2027-03-01')).toThrow(RangeError);
  });

  it('reads the configured weights and refuses all zero', () => {
    const read = (key: string): number =>
      DEFAULT_FIT_WEIGHTS[key.replace('FIT_WEIGHT_', '') as keyof typeof DEFAULT_FIT_WEIGHTS];
    expect(fitWeightsOf(read)).toEqual(DEFAULT_FIT_WEIGHTS);
    expect(() => fitWeightsOf(() => 0)).toThrow(/at least one FIT_WEIGHT_\* must be positive/);
  });
});
