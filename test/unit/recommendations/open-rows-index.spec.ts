/**
 * The snapshot's two-part index (src/recommendations/open-rows-index.ts): after any updates, its rows
 * in force and its top N are exactly those of one index over the same rows.
 */
import fc from 'fast-check';
import { CareerStage } from '../../../src/core/domain/enums';
import {
  computeFit,
  DEFAULT_FIT_WEIGHTS,
  FitCandidate,
  FitOpportunity,
  LANGUAGE_LEVELS,
} from '../../../src/core/fit/fit-score';
import { OpenOpportunityIndex, PreparedRow } from '../../../src/recommendations/fit-ranking';
import { OpenRowsIndex } from '../../../src/recommendations/open-rows-index';

const COMPETENCES = ['c0', 'c1', 'c2', 'c3', 'c4'];
const STAGES = [CareerStage.MASTER_STUDENT, CareerStage.PHD_CANDIDATE];
const now = new Date('2027-01-01T00:00:00Z');
const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const pause = () => Promise.resolve();

const fitArb = fc.record({
  stages: fc.subarray(STAGES),
  language: fc.constantFrom('en', 'nl', null),
  requirements: fc.uniqueArray(
    fc.record({
      competenceId: fc.constantFrom(...COMPETENCES),
      minLevel: fc.integer({ min: 1, max: 4 }),
      weight: fc.constantFrom(0.5, 1, 2),
      essential: fc.boolean(),
    }),
    { selector: (r) => r.competenceId, maxLength: 4 },
  ),
  develops: fc.subarray(COMPETENCES, { maxLength: 2 }),
  startDay: fc.integer({ min: 0, max: 30 }),
  deadlineDay: fc.constantFrom(-1, 1, 2),
});

function rowOf(id: string, spec: FitSpec): PreparedRow {
  const fit: FitOpportunity = {
    eligibleStages: spec.stages,
    requirements: spec.requirements.map((r) => ({ ...r, minLevel: r.minLevel as 1 | 2 | 3 | 4 })),
    develops: spec.develops,
    language: spec.language,
    start: day(spec.startDay),
    end: day(spec.startDay + 30),
  };
  return { id, applicationDeadline: day(spec.deadlineDay), fit };
}
type FitSpec = typeof fitArb extends fc.Arbitrary<infer T> ? T : never;

const candidateArb = fc.record({
  stage: fc.constantFrom(...STAGES, null),
  levels: fc.dictionary(fc.constantFrom(...COMPETENCES), fc.integer({ min: 1, max: 4 })),
  language: fc.constantFrom(...LANGUAGE_LEVELS),
});

/** One update: rows changed (by index into the id space) and ids gone. */
const updateArb = fc.record({
  changed: fc.dictionary(fc.integer({ min: 0, max: 39 }).map(String), fitArb, { maxKeys: 8 }),
  gone: fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { maxLength: 5 }),
  limit: fc.constantFrom(0, 5, 1000),
});

describe('OpenRowsIndex (the snapshot updated by what changed)', () => {
  it('has the rows and top N of one index over the same rows, after any updates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.integer({ min: 0, max: 39 }).map(String), fitArb, { maxKeys: 30 }),
        fc.array(updateArb, { minLength: 1, maxLength: 4 }),
        candidateArb,
        fc.integer({ min: 1, max: 8 }),
        async (initial, updates, c, first) => {
          const sorted = (m: Map<string, PreparedRow>) =>
            [...m.values()].sort((x, y) => (x.id < y.id ? -1 : 1));
          const current = new Map<string, PreparedRow>();
          for (const [k, spec] of Object.entries(initial)) current.set(idOf(+k), rowOf(idOf(+k), spec));
          const live = (m: Map<string, PreparedRow>) =>
            sorted(m).filter((r) => r.applicationDeadline.getTime() > now.getTime());
          let index = await OpenRowsIndex.build(live(current), pause);
          for (const u of updates) {
            const changed = Object.entries(u.changed).map(([k, spec]) => rowOf(idOf(+k), spec));
            for (const row of changed) current.set(row.id, row);
            const gone = u.gone.filter((k) => !(String(k) in u.changed)).map(idOf);
            for (const id of gone) current.delete(id);
            // As the read gives them: changed rows that pass the filter (deadline after now), the rest gone.
            const passing = changed.filter((r) => r.applicationDeadline.getTime() > now.getTime());
            const failing = changed
              .filter((r) => !(r.applicationDeadline.getTime() > now.getTime()))
              .map((r) => r.id);
            passing.sort((x, y) => (x.id < y.id ? -1 : 1));
            index = await index.update(passing, [...gone, ...failing], now, u.limit, pause);
          }
          const expectedRows = live(current);
          expect(index.rowsAt(now)).toEqual(expectedRows);
          const one = new OpenOpportunityIndex(expectedRows);
          const candidate: FitCandidate = {
            careerStage: c.stage,
            levels: new Map(Object.entries(c.levels)),
            languages: [{ code: 'en', level: c.language }],
            availability: [],
            developmentTargets: new Map([['c1', 2]]),
          };
          for (const onlyEligible of [true, false]) {
            const query = {
              candidate,
              stage: c.stage,
              weights: DEFAULT_FIT_WEIGHTS,
              now,
              onlyEligible,
              first,
            };
            const score = (row: PreparedRow) => {
              const fit = computeFit(candidate, row.fit);
              return fit.eligible || !onlyEligible ? fit : null;
            };
            const ranked = (list: { row: PreparedRow; fit: { score: number } }[]) =>
              list.map((t) => [t.row.id, t.fit.score]);
            expect(ranked(index.top(query, () => false, score))).toEqual(
              ranked(one.top(query, () => false, score)),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
