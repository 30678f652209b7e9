import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../src/core/rounds/round-allocation';
import { RoundRunCandidatesByRun1795945300000 } from '../../src/database/migrations/1795945300000-RoundRunCandidatesByRun';
import { RoundRunInputTexts1795972000000 } from '../../src/database/migrations/1795972000000-RoundRunInputTexts';
import { RoundRunInputListsApart1796010000000 } from '../../src/database/migrations/1796010000000-RoundRunInputListsApart';
import { RoundRunInput } from '../../src/core/rounds/round-allocation';
import { splitRunInput } from '../../src/core/rounds/round-input-parts';
import { RoundRunEntity, RoundRunStatus } from '../../src/rounds/entities/round.entity';
import { listsWrittenIn, storeRunInput, storeSessionOf } from '../../src/rounds/round-run-inputs';
import { RoundsRepository } from '../../src/rounds/rounds.repository';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * A run's input text handed over as its UTF-8 bytes (as the solver thread transfers it) is stored as
 * the same text a string would be: what was hashed, characters beyond ASCII included.
 */
describe('storeRunInput', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('stores the text the bytes encode, hashing to the same input_hash', async () => {
    const [hr] = await t.dataSource.query<{ id: string; organisation_id: string }[]>(
      `SELECT id, organisation_id FROM users WHERE email = 'hr@lumc.test'`,
    );
    const [round] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO allocation_rounds (organisation_id, name, ranking_deadline, max_choices, response_window_hours, algorithm, created_by)
       VALUES ($1, 'Ronde één ✓', now(), 3, 48, 'SEATS_DA', $2) RETURNING id`,
      [hr.organisation_id, hr.id],
    );
    const text = canonicalJson({
      round: 'Ronde één ✓ 𝄞',
      reasons: ['Zoë’s lab', 'naïve, "quoted"\n'],
      seed: 7,
    });
    const [run] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO round_runs (round_id, kind, scope, status, seed, created_by, input_hash, assignment, stats)
       VALUES ($1, 'DRY_RUN', 'INITIAL', 'DONE', 7, $2, $3, '{}', '{}') RETURNING id`,
      [round.id, hr.id, createHash('sha256').update(text).digest('hex')],
    );
    const bytes = new TextEncoder().encode(text);
    const none = { candidateIds: [], choices: [], own: [], listedBy: [], full: [], preAssigned: [] };
    const input = { json: bytes as string | Uint8Array, candidates: none };
    await storeRunInput(storeSessionOf(t.dataSource.manager), run.id, input, {});
    // Let go once sent: the caller's reference does not keep the text.
    expect(input.json).toBe('');
    const [stored] = await t.dataSource.query<{ input_json: string; input_hash: string }[]>(
      `SELECT i.input_json, r.input_hash FROM round_runs r JOIN round_run_inputs i ON i.run_id = r.id WHERE r.id = $1`,
      [run.id],
    );
    expect(stored.input_json).toBe(text);
    expect(createHash('sha256').update(stored.input_json).digest('hex')).toBe(stored.input_hash);

    // Stored again (replaced), in a transaction, from a string: the same text.
    await t.dataSource.transaction((em) =>
      storeRunInput(storeSessionOf(em), run.id, { json: text, candidates: none }, {}),
    );
    const again = await t.dataSource.query<{ input_json: string; n: number }[]>(
      `SELECT input_json, count(*) OVER ()::int AS n FROM round_run_inputs WHERE run_id = $1`,
      [run.id],
    );
    expect(again).toEqual([{ input_json: text, n: 1 }]);
  });

  it("deletes a run's rows per candidate with the run, and the runs' rows with their round", async () => {
    const [hr] = await t.dataSource.query<{ id: string; organisation_id: string }[]>(
      `SELECT id, organisation_id FROM users WHERE email = 'hr@lumc.test'`,
    );
    const round = async (name: string): Promise<string> =>
      (
        await t.dataSource.query<{ id: string }[]>(
          `INSERT INTO allocation_rounds (organisation_id, name, ranking_deadline, max_choices, response_window_hours, algorithm, created_by)
           VALUES ($1, $2, now(), 3, 48, 'SEATS_DA', $3) RETURNING id`,
          [hr.organisation_id, name, hr.id],
        )
      )[0].id;
    const run = async (roundId: string): Promise<string> => {
      const [row] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO round_runs (round_id, kind, scope, status, seed, created_by, input_hash, assignment, stats)
         VALUES ($1, 'DRY_RUN', 'INITIAL', 'DONE', 7, $2, 'h', '{}', '{}') RETURNING id`,
        [roundId, hr.id],
      );
      const candidates = {
        candidateIds: [randomUUID(), randomUUID()],
        choices: ['', ''],
        own: ['', ''],
        listedBy: ['', ''],
        full: ['', ''],
        preAssigned: ['', ''],
      };
      await storeRunInput(storeSessionOf(t.dataSource.manager), row.id, { json: '{}', candidates }, null);
      return row.id;
    };
    // The rows per candidate, and the text (one row per run) counted as one more.
    const rowsOf = async (ids: string[]): Promise<number> =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT (SELECT count(*) FROM round_run_candidates WHERE run_id = ANY($1::uuid[]))::int
                + (SELECT count(*) FROM round_run_inputs WHERE run_id = ANY($1::uuid[]))::int AS n`,
          [ids],
        )
      )[0].n;
    const kept = await round('Kept round');
    const dropped = await round('Dropped round');
    const [a, b, c, d] = [await run(kept), await run(kept), await run(dropped), await run(dropped)];
    expect(await rowsOf([a, b, c, d])).toBe(12);

    await t.dataSource.query(`DELETE FROM round_runs WHERE id = $1`, [a]);
    expect(await rowsOf([a])).toBe(0);
    expect(await rowsOf([b, c, d])).toBe(9);

    // A round deleted takes its runs (ON DELETE CASCADE), and they their rows.
    await t.dataSource.query(`DELETE FROM allocation_rounds WHERE id = $1`, [dropped]);
    expect(await rowsOf([c, d])).toBe(0);
    expect(await rowsOf([b])).toBe(3);
  });
  it("stores each candidate's row as the parts give it, and a candidate only the assignment names with empty lists", async () => {
    const [hr] = await t.dataSource.query<{ id: string; organisation_id: string }[]>(
      `SELECT id, organisation_id FROM users WHERE email = 'hr@lumc.test'`,
    );
    const [round] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO allocation_rounds (organisation_id, name, ranking_deadline, max_choices, response_window_hours, algorithm, created_by)
       VALUES ($1, 'Rows round', now(), 3, 48, 'SEATS_DA', $2) RETURNING id`,
      [hr.organisation_id, hr.id],
    );
    const [run] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO round_runs (round_id, kind, scope, status, seed, created_by)
       VALUES ($1, 'DRY_RUN', 'INITIAL', 'RUNNING', 7, $2) RETURNING id`,
      [round.id, hr.id],
    );
    const [a, b, older] = ['1', '2', '3'].map((d) => `0000000${d}-0000-4000-8000-00000000000${d}`);
    const [x, y, z] = [randomUUID(), randomUUID(), randomUUID()];
    const candidates = {
      candidateIds: [a, b],
      choices: [`${x},${y},${z}`, ''],
      own: ['1,3', ''],
      listedBy: ['2', ''],
      full: ['3', ''],
      preAssigned: [z, ''],
    };
    // b is not in the assignment; `older` is in it only (a run stored before the document's version 2).
    const assignment = { [a]: y, [older]: x };
    await t.dataSource.transaction((em) =>
      storeRunInput(storeSessionOf(em), run.id, { json: '{}', candidates }, assignment),
    );
    const rows = await t.dataSource.query<unknown[]>(
      `SELECT candidate_id::text, choices::text[] AS choices, own_choices::int[] AS own, listed_by::int[] AS listed,
              full_choices::int[] AS full, pre_assigned_to::text AS pre, assigned, placed_on::text AS placed
         FROM round_run_candidates WHERE run_id = $1 ORDER BY candidate_id`,
      [run.id],
    );
    expect(rows).toEqual([
      {
        candidate_id: a,
        choices: [x, y, z],
        own: [1, 3],
        listed: [2],
        full: [3],
        pre: z,
        assigned: true,
        placed: y,
      },
      {
        candidate_id: b,
        choices: [],
        own: [],
        listed: [],
        full: [],
        pre: null,
        assigned: false,
        placed: null,
      },
      {
        candidate_id: older,
        choices: [],
        own: [],
        listed: [],
        full: [],
        pre: null,
        assigned: true,
        placed: x,
      },
    ]);
  });

  it('keeps the assignment of a run stored with its input in its rows, and reads back the same assignment', async () => {
    const [hr] = await t.dataSource.query<{ id: string; organisation_id: string }[]>(
      `SELECT id, organisation_id FROM users WHERE email = 'hr@lumc.test'`,
    );
    const [round] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO allocation_rounds (organisation_id, name, ranking_deadline, max_choices, response_window_hours, algorithm, created_by)
       VALUES ($1, 'Assignment round', now(), 3, 48, 'SEATS_DA', $2) RETURNING id`,
      [hr.organisation_id, hr.id],
    );
    const newRun = async (): Promise<RoundRunEntity> => {
      const [row] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO round_runs (round_id, kind, scope, status, seed, created_by)
         VALUES ($1, 'DRY_RUN', 'INITIAL', 'RUNNING', 7, $2) RETURNING id`,
        [round.id, hr.id],
      );
      return Object.assign(new RoundRunEntity(), { id: row.id, roundId: round.id });
    };
    const [placed, unplaced, preAssigned, seat, other] = [1, 2, 3, 4, 5].map(() => randomUUID());
    // The solver's candidates (one placed, one not) and one HR pre-assigned (in the input only).
    const assignment = { [unplaced]: null, [placed]: seat };
    const candidates = {
      candidateIds: [placed, unplaced, preAssigned].sort(),
      choices: [placed, unplaced, preAssigned].sort().map(() => `${seat},${other}`),
      own: ['', '', ''],
      listedBy: ['', '', ''],
      full: ['', '', ''],
      preAssigned: [placed, unplaced, preAssigned].sort().map((c) => (c === preAssigned ? seat : '')),
    };
    const repo = t.app.get(RoundsRepository);
    const result = {
      status: RoundRunStatus.DONE,
      algorithm: 'SEATS_DA',
      algorithmVersion: '1',
      inputHash: 'h',
      stats: null,
      stable: true,
      violations: [],
      error: null,
      finishedAt: new Date(),
    };
    const withInput = await newRun();
    const returned = await t.dataSource.transaction((em) =>
      repo.finishRun(
        withInput,
        { ...result, assignment, input: { json: '{}', parts: { rest: {} as never, candidates } } },
        em,
      ),
    );
    expect(returned.assignment).toEqual(assignment);
    const [column] = await t.dataSource.query<{ assignment: unknown }[]>(
      `SELECT assignment FROM round_runs WHERE id = $1`,
      [withInput.id],
    );
    expect(column.assignment).toBeNull();
    // Without input (a failed run), the column as before; none at all stays none.
    const without = await newRun();
    await t.dataSource.transaction((em) =>
      repo.finishRun(without, { ...result, assignment, input: null }, em),
    );
    // A failed run's record deletes an input stored beside it (in a transaction of its own).
    const failed = await newRun();
    await t.dataSource.transaction((em) =>
      repo.storeRunInput(failed.id, { json: '{"x":1}', candidates }, assignment, em),
    );
    await t.dataSource.transaction((em) =>
      repo.finishRun(failed, { ...result, assignment: null, input: null }, em),
    );
    const [left] = await t.dataSource.query<{ texts: number; rows: number }[]>(
      `SELECT (SELECT count(*) FROM round_run_inputs WHERE run_id = $1)::int AS texts,
              (SELECT count(*) FROM round_run_candidates WHERE run_id = $1)::int AS rows`,
      [failed.id],
    );
    expect(left).toEqual({ texts: 0, rows: 0 });
    // With its parts only (the text and rows stored beside by the caller), the run's row gets the rest.
    const apart = await newRun();
    await t.dataSource.transaction((em) =>
      repo.finishRun(
        apart,
        { ...result, assignment, input: { parts: { rest: { seed: 7 } as never, candidates } } },
        em,
      ),
    );
    const [rest] = await t.dataSource.query<{ input: unknown; texts: number }[]>(
      `SELECT input, (SELECT count(*) FROM round_run_inputs WHERE run_id = $1)::int AS texts FROM round_runs WHERE id = $1`,
      [apart.id],
    );
    expect(rest).toEqual({ input: { seed: 7 }, texts: 0 });
    const payloads = await repo.runPayloads([withInput.id, without.id, failed.id]);
    const byId = new Map(payloads.map((p) => [p.id, p.assignment]));
    expect(byId.get(withInput.id)).toEqual(assignment);
    expect(byId.get(without.id)).toEqual(assignment);
    expect(byId.get(failed.id)).toBeNull();
    // Read with the run: never (undefined), the resolver loads it through runPayloads.
    expect((await repo.findRun(withInput.id))?.assignment).toBeUndefined();
    expect(await repo.runInputJsons([withInput.id, failed.id])).toEqual(
      expect.arrayContaining([
        { id: withInput.id, inputJson: '{}' },
        { id: failed.id, inputJson: null },
      ]),
    );
  });
  it("stores a text without the candidates' lists, and reads it back whole from the rows; migration 1796010000000 goes down (the text whole again) and up", async () => {
    const [hr] = await t.dataSource.query<{ id: string; organisation_id: string }[]>(
      `SELECT id, organisation_id FROM users WHERE email = 'hr@lumc.test'`,
    );
    const [round] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO allocation_rounds (organisation_id, name, ranking_deadline, max_choices, response_window_hours, algorithm, created_by)
       VALUES ($1, 'Lists apart', now(), 3, 48, 'SEATS_DA', $2) RETURNING id`,
      [hr.organisation_id, hr.id],
    );
    const [c1, c2, c3, c4, o1, o2] = Array.from({ length: 6 }, () => randomUUID());
    // c1 and c3 chose, c2 was pre-assigned by HR, c4 is named only by the assignment.
    const document: RoundRunInput = {
      version: 2,
      problem: 'HR',
      optimal: 'candidate',
      pre_assignments: [{ candidate: c2, opportunity: o1, reason: 'HR’s choice' }],
      overrides: [],
      preAssigned: { [c2]: o1 },
      choices: { [c1]: [o1, o2], [c3]: [o2, o1] },
      fullOpportunities: [],
      fitOrdered: [o2],
      instance: {
        residents: { [c1]: [o1, o2], [c2]: [], [c3]: [o1] },
        hospitals: { [o1]: [c3, c1], [o2]: [c1] },
        capacities: { [o1]: 2, [o2]: 1 },
      },
    };
    const whole = canonicalJson(document);
    const [run] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO round_runs (round_id, kind, scope, status, seed, created_by, input_hash, assignment, stats)
       VALUES ($1, 'DRY_RUN', 'INITIAL', 'DONE', 7, $2, $3, '{}', '{}') RETURNING id`,
      [round.id, hr.id, createHash('sha256').update(whole).digest('hex')],
    );
    const stored = canonicalJson({
      ...document,
      choices: {},
      instance: { ...document.instance, residents: {} },
    });
    await storeRunInput(
      storeSessionOf(t.dataSource.manager),
      run.id,
      { json: stored, listsApart: true, candidates: splitRunInput(document).candidates },
      { [c1]: o1, [c2]: o1, [c3]: null, [c4]: null },
    );
    const repo = new RoundsRepository(t.dataSource);
    const row = (): Promise<{ input_json: string; lists_apart?: boolean }[]> =>
      t.dataSource.query(`SELECT * FROM round_run_inputs WHERE run_id = $1`, [run.id]);
    expect(await row()).toEqual([{ run_id: run.id, input_json: stored, lists_apart: true }]);
    expect(stored.length).toBeLessThan(whole.length);
    // Without the run's rest (no problem named), the document is parsed and written again; with it,
    // the lists are written into the text from the rows read in candidate order. The same text.
    expect(await repo.runInputJsons([run.id])).toEqual([{ id: run.id, inputJson: whole }]);
    await t.dataSource.query(`UPDATE round_runs SET input = $2 WHERE id = $1`, [
      run.id,
      JSON.stringify(splitRunInput(document).rest),
    ]);
    expect(await repo.runInputJsons([run.id])).toEqual([{ id: run.id, inputJson: whole }]);
    await t.dataSource.transaction(async (em) => {
      expect(await listsWrittenIn(em, run.id, 'HR', stored)).toBe(whole);
      // A text not as it expects: left to the parsed document.
      expect(await listsWrittenIn(em, run.id, 'SPA-S', stored)).toBeNull();
      expect(
        await listsWrittenIn(em, run.id, 'HR', stored.replace('"choices":{}', '"choices":{ }')),
      ).toBeNull();
    });

    const migration = new RoundRunInputListsApart1796010000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await row()).toEqual([{ run_id: run.id, input_json: whole }]);
      await migration.up(runner);
      expect(await row()).toEqual([{ run_id: run.id, input_json: whole, lists_apart: false }]);
      expect(await repo.runInputJsons([run.id])).toEqual([{ id: run.id, inputJson: whole }]);
      const pending = await t.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
  it('migration 1795972000000 goes down and up again (the texts back in round_runs, then in round_run_inputs), with no drift', async () => {
    const migration = new RoundRunInputTexts1795972000000();
    // The later column on round_run_inputs goes first and comes back last (the texts whole between).
    const later = new RoundRunInputListsApart1796010000000();
    const runner = t.dataSource.createQueryRunner();
    const texts = (): Promise<{ run_id: string; input_json: string }[]> =>
      t.dataSource.query(`SELECT run_id, input_json FROM round_run_inputs ORDER BY run_id`);
    await later.down(runner);
    const before = await texts();
    expect(before.length).toBeGreaterThan(0);
    try {
      await migration.down(runner);
      const [back] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM round_runs WHERE input_json IS NOT NULL`,
      );
      expect(back.n).toBe(before.length);
      await migration.up(runner);
      expect(await texts()).toEqual(before);
      await later.up(runner);
      const pending = await t.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      // The triggers delete the texts with their runs again.
      await t.dataSource.query(`DELETE FROM round_runs WHERE id = $1`, [before[0].run_id]);
      expect((await texts()).length).toBe(before.length - 1);
    } finally {
      await runner.release();
    }
  });
  it('migration 1795945300000 goes down and up again (the index by candidate back, then gone), with no drift', async () => {
    const migration = new RoundRunCandidatesByRun1795945300000();
    const runner = t.dataSource.createQueryRunner();
    const indexes = async () =>
      (
        await t.dataSource.query<{ name: string }[]>(
          `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'round_run_candidates' ORDER BY indexname`,
        )
      ).map((r) => r.name);
    try {
      await migration.down(runner);
      expect(await indexes()).toEqual(['ix_round_run_candidates_candidate', 'pk_round_run_candidates']);
      await migration.up(runner);
      expect(await indexes()).toEqual(['pk_round_run_candidates']);
      const pending = await t.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
