/**
 * The recommendations' snapshot of OPEN opportunities is read in full once, then brought up to date
 * by reading only the opportunities that changed since (a marker the database moves by triggers on
 * opportunities, their requirements and developed competences). These tests change the database
 * the way any writer may (SQL included: TypeORM's save does not move updated_at when only the
 * requirements change) and check that the next update gives exactly the rows, and so the ranking,
 * of a full read at the same moment.
 */
import { CompetenceEntity } from '../../src/competences/entities/competence.entity';
import { CareerStage, OpportunityKind, UserRole } from '../../src/core/domain/enums';
import { computeFit, DEFAULT_FIT_WEIGHTS, FitCandidate } from '../../src/core/fit/fit-score';
import { PreparedRow } from '../../src/recommendations/fit-ranking';
import { OpenOpportunityFilter } from '../../src/recommendations/recommendations.repository';
import { OpenRows, RecommendationsService } from '../../src/recommendations/recommendations.service';
import { anOpenOpportunity, lifecycle, someCompetences } from '../factories/opportunities.factory';
import { aUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

/** A small deterministic generator (mulberry32): the same seed makes the same changes. */
function randomOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const STAGES = [CareerStage.MASTER_STUDENT, CareerStage.PHD_CANDIDATE, CareerStage.POSTDOC];

describe('the recommendations snapshot, kept up to date by what changed', () => {
  let t: TestApp;
  let service: RecommendationsService;
  let hrLumc: string;
  let supervisorToken: string;
  let competences: CompetenceEntity[];
  /** Every opportunity of this file requires it (optional): the filter that finds only ours. */
  let marker: string;
  const ours: string[] = [];
  const filters = (): OpenOpportunityFilter[] => [{ competenceId: marker }, {}];

  /** The rows as the core sees them. */
  const rowsOf = (open: OpenRows, now = new Date()) =>
    open.index.rowsAt(now).map((r) => ({ id: r.id, deadline: r.applicationDeadline.getTime(), fit: r.fit }));

  /** The top 10 by the in-memory ranking for a candidate, each with the core's score. */
  const rankingOf = (open: OpenRows, candidate: FitCandidate, now: Date, onlyEligible: boolean) =>
    open.index
      .top(
        {
          candidate,
          stage: candidate.careerStage,
          weights: DEFAULT_FIT_WEIGHTS,
          now,
          onlyEligible,
          first: 10,
        },
        () => false,
        (row: PreparedRow) => {
          const fit = computeFit(candidate, row.fit, { weights: DEFAULT_FIT_WEIGHTS });
          return fit.eligible || !onlyEligible ? fit : null;
        },
      )
      .map(({ row, fit }) => [row.id, fit.score]);

  const candidateOf = (random: () => number): FitCandidate => {
    const levels = new Map<string, number>();
    for (const c of competences) if (random() < 0.6) levels.set(c.id, 1 + Math.floor(random() * 4));
    return {
      careerStage: random() < 0.2 ? null : STAGES[Math.floor(random() * STAGES.length)],
      levels,
      languages: random() < 0.5 ? [{ code: 'en', level: 'C1' }] : [{ code: 'nl', level: 'B2' }],
      availability: [],
      developmentTargets: new Map(competences.slice(0, 3).map((c, i) => [c.id, i])),
    };
  };

  /** Incremental vs full at the same moment: the same rows (core input, deadline, order) and rankings. */
  async function expectSameAsFull(
    previous: OpenRows,
    filter: OpenOpportunityFilter,
    seed: number,
    rebuildAfter?: number,
  ) {
    const now = new Date();
    const updated = await service.readOpen(filter, now, previous, rebuildAfter);
    const full = await service.readOpen(filter, now);
    expect(rowsOf(updated, now)).toEqual(rowsOf(full, now));
    expect([...updated.names]).toEqual(expect.arrayContaining([...full.names]));
    const random = randomOf(seed);
    for (let k = 0; k < 4; k++) {
      const candidate = candidateOf(random);
      for (const onlyEligible of [true, false])
        expect(rankingOf(updated, candidate, now, onlyEligible)).toEqual(
          rankingOf(full, candidate, now, onlyEligible),
        );
    }
    return updated;
  }

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    service = t.app.get(RecommendationsService);
    hrLumc = await t.login('hr@lumc.test');
    supervisorToken = (await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' })).token;
    const all = await someCompetences(t, 7);
    marker = all[0].id;
    competences = all.slice(1);
    for (let i = 0; i < 10; i++) {
      const o = await anOpenOpportunity(t, supervisorToken, hrLumc, OpportunityKind.INTERNSHIP, {
        title: `Snapshot test ${i}`,
        eligibleStages: i % 3 === 0 ? [] : [STAGES[i % 3]],
        language: i % 2 === 0 ? 'en' : 'nl',
        requirements: [
          { competenceId: marker, minLevel: 1, essential: false, weight: 1 },
          { competenceId: competences[i % 6].id, minLevel: 1 + (i % 4), essential: i % 2 === 0, weight: 2 },
          { competenceId: competences[(i + 2) % 6].id, minLevel: 2, essential: false, weight: 1 },
        ],
      });
      ours.push(o.id);
    }
  }, 120_000);

  afterAll(() => t.close());

  it('shows an edit of the requirements only, a closed and a deleted opportunity at the next update, as a full read does', async () => {
    const filter = { competenceId: marker };
    const before = await service.readOpen(filter, new Date());
    const [edited, closed, deleted] = ours.slice(0, 3);
    expect(rowsOf(before).map((r) => r.id)).toEqual(expect.arrayContaining([edited, closed, deleted]));

    // Nothing changed: the same index, not rebuilt.
    const same = await service.readOpen(filter, new Date(), before);
    expect(same.index).toBe(before.index);

    await t.dataSource.query(
      `UPDATE opportunity_requirements SET min_level = 4, essential = true WHERE opportunity_id = $1 AND competence_id = $2`,
      [edited, competences[0].id],
    );
    expect((await lifecycle(t, 'closeOpportunity', closed, hrLumc)).errors).toBeUndefined();
    await t.dataSource.query(`DELETE FROM opportunities WHERE id = $1`, [deleted]);

    const after = await expectSameAsFull(before, filter, 1);
    const ids = rowsOf(after).map((r) => r.id);
    expect(ids).toContain(edited);
    expect(ids).not.toContain(closed);
    expect(ids).not.toContain(deleted);
    const requirement = after.index
      .rowsAt(new Date())
      .find((r) => r.id === edited)!
      .fit.requirements.find((r) => r.competenceId === competences[0].id);
    expect(requirement).toMatchObject({ minLevel: 4, essential: true });
    // The untouched rows are the very same objects: only what changed was read.
    const untouched = ours[5];
    expect(after.index.rowsAt(new Date()).find((r) => r.id === untouched)).toBe(
      before.index.rowsAt(new Date()).find((r) => r.id === untouched),
    );
  });

  it('shows a change committed after an update read, although its transaction began before changes that read saw', async () => {
    const filter = { competenceId: marker };
    const before = await service.readOpen(filter, new Date());
    const [slow, quick] = ours.slice(3, 5);
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // The slow transaction writes first (its id is the lower one) and commits last.
      await runner.query(
        `UPDATE opportunity_requirements SET weight = 5 WHERE opportunity_id = $1 AND competence_id = $2`,
        [slow, marker],
      );
      await t.dataSource.query(`UPDATE opportunities SET language = 'de' WHERE id = $1`, [quick]);
      const during = await expectSameAsFull(before, filter, 2);
      expect(during.index.rowsAt(new Date()).find((r) => r.id === quick)!.fit.language).toBe('de');
      await runner.commitTransaction();

      const after = await expectSameAsFull(during, filter, 3);
      const weight = after.index
        .rowsAt(new Date())
        .find((r) => r.id === slow)!
        .fit.requirements.find((r) => r.competenceId === marker)!.weight;
      expect(weight).toBe(5);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('gives exactly the rows and ranking of a full read after random changes of every kind', async () => {
    const random = randomOf(20261204);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const day = (n: number) => `current_date + ${Math.trunc(n)}`;
    let snapshots = await Promise.all(filters().map((f) => service.readOpen(f, new Date())));
    const changes: ((id: string) => Promise<unknown>)[] = [
      // A requirement's level, weight or essential flag (another competence than the marker).
      (id) =>
        t.dataSource.query(
          `UPDATE opportunity_requirements SET min_level = $2, weight = $3, essential = $4
            WHERE opportunity_id = $1 AND competence_id <> $5`,
          [id, 1 + Math.floor(random() * 4), pick([0.5, 1, 2, 3]), random() < 0.5, marker],
        ),
      (id) =>
        t.dataSource.query(
          `DELETE FROM opportunity_requirements WHERE opportunity_id = $1 AND competence_id = $2`,
          [id, pick(competences).id],
        ),
      (id) =>
        t.dataSource.query(
          `INSERT INTO opportunity_requirements (opportunity_id, competence_id, min_level, weight, essential)
           VALUES ($1, $2, $3, 1, $4) ON CONFLICT DO NOTHING`,
          [id, pick(competences).id, 1 + Math.floor(random() * 4), random() < 0.3],
        ),
      (id) =>
        t.dataSource.query(
          `INSERT INTO opportunity_developed_competences (opportunity_id, competence_id) VALUES ($1, $2)
           ON CONFLICT DO NOTHING`,
          [id, pick(competences).id],
        ),
      (id) =>
        t.dataSource.query(`DELETE FROM opportunity_developed_competences WHERE opportunity_id = $1`, [id]),
      (id) =>
        t.dataSource.query(`UPDATE opportunities SET language = $2, eligible_stages = $3 WHERE id = $1`, [
          id,
          pick(['en', 'nl', 'de']),
          STAGES.filter(() => random() < 0.4),
        ]),
      (id) =>
        t.dataSource.query(
          `UPDATE opportunities SET starts_on = ${day(30 + random() * 30)}, ends_on = ${day(70 + random() * 60)}
            WHERE id = $1`,
          [id],
        ),
      (id) =>
        t.dataSource.query(
          `UPDATE opportunities SET application_deadline = now() + $2 * interval '1 day' WHERE id = $1`,
          [id, pick([-1, 3, 20])],
        ),
      (id) =>
        t.dataSource.query(`UPDATE opportunities SET status = $2 WHERE id = $1`, [
          id,
          pick(['OPEN', 'CLOSED']),
        ]),
      // Seats do not change what recommendations read.
      (id) => t.dataSource.query(`UPDATE opportunities SET seats_taken = 0 WHERE id = $1`, [id]),
      async (id) => {
        const copy = await t.dataSource.query<{ id: string }[]>(
          `INSERT INTO opportunities
           SELECT (jsonb_populate_record(o, jsonb_build_object('id', gen_random_uuid()))).* FROM opportunities o
            WHERE o.id = $1 RETURNING id`,
          [id],
        );
        if (copy.length === 0) return;
        await t.dataSource.query(
          `INSERT INTO opportunity_requirements (opportunity_id, competence_id, min_level, weight, essential)
           SELECT $2, competence_id, min_level, weight, essential FROM opportunity_requirements WHERE opportunity_id = $1`,
          [id, copy[0].id],
        );
        ours.push(copy[0].id);
      },
      async (id) => {
        await t.dataSource.query(`DELETE FROM opportunities WHERE id = $1`, [id]);
        ours.splice(ours.indexOf(id), 1);
      },
    ];
    for (let round = 0; round < 12; round++) {
      const count = 1 + Math.floor(random() * 6);
      for (let k = 0; k < count && ours.length > 2; k++) await pick(changes)(pick(ours));
      const fs = filters();
      const next: OpenRows[] = [];
      // Changed rows in a second index (most rounds), or everything indexed as one again (every third).
      for (let f = 0; f < fs.length; f++)
        next.push(await expectSameAsFull(snapshots[f], fs[f], 100 + round, round % 3 === 2 ? 0 : undefined));
      snapshots = next;
    }
  });
});
