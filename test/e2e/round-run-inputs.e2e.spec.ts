import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../src/core/rounds/round-allocation';
import { RoundRunCandidatesByRun1795945300000 } from '../../src/database/migrations/1795945300000-RoundRunCandidatesByRun';
import { RoundRunEntity, RoundRunStatus } from '../../src/rounds/entities/round.entity';
import { storeRunInput, textParts } from '../../src/rounds/round-run-inputs';
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
    await storeRunInput(
      (sql, parameters) => t.dataSource.query(sql, parameters),
      run.id,
      bytes,
      { rest: {} as never, candidates: none },
      {},
    );
    const [stored] = await t.dataSource.query<{ input_json: string; input_hash: string }[]>(
      `SELECT input_json, input_hash FROM round_runs WHERE id = $1`,
      [run.id],
    );
    expect(stored.input_json).toBe(text);
    expect(createHash('sha256').update(stored.input_json).digest('hex')).toBe(stored.input_hash);

    // In parts (a large text): cut between characters (1 to 4 bytes of UTF-8, surrogate pairs in
    // a string), joined by PostgreSQL into the same text, as bytes and as a string, for every cut.
    for (const size of [4, 5, 6, 7, 13]) {
      for (const input of [bytes, text]) {
        const cut = textParts(input, size);
        expect(cut.length).toBeGreaterThan(1);
        expect(cut.every((part) => (typeof part === 'string' ? part.length : part.byteLength) <= size)).toBe(
          true,
        );
        await t.dataSource.query(`UPDATE round_runs SET input_json = NULL WHERE id = $1`, [run.id]);
        await t.dataSource.transaction((em) =>
          storeRunInput(
            (sql, parameters) => em.query(sql, parameters),
            run.id,
            input,
            { rest: {} as never, candidates: none },
            {},
            size,
          ),
        );
        const [again] = await t.dataSource.query<{ input_json: string }[]>(
          `SELECT input_json FROM round_runs WHERE id = $1`,
          [run.id],
        );
        expect(again.input_json).toBe(text);
      }
    }
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
      await storeRunInput(
        (sql, parameters) => t.dataSource.query(sql, parameters),
        row.id,
        '{}',
        { rest: {} as never, candidates },
        null,
      );
      return row.id;
    };
    const rowsOf = async (ids: string[]): Promise<number> =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM round_run_candidates WHERE run_id = ANY($1::uuid[])`,
          [ids],
        )
      )[0].n;
    const kept = await round('Kept round');
    const dropped = await round('Dropped round');
    const [a, b, c, d] = [await run(kept), await run(kept), await run(dropped), await run(dropped)];
    expect(await rowsOf([a, b, c, d])).toBe(8);

    await t.dataSource.query(`DELETE FROM round_runs WHERE id = $1`, [a]);
    expect(await rowsOf([a])).toBe(0);
    expect(await rowsOf([b, c, d])).toBe(6);

    // A round deleted takes its runs (ON DELETE CASCADE), and they their rows.
    await t.dataSource.query(`DELETE FROM allocation_rounds WHERE id = $1`, [dropped]);
    expect(await rowsOf([c, d])).toBe(0);
    expect(await rowsOf([b])).toBe(2);
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
    const failed = await newRun();
    await t.dataSource.transaction((em) =>
      repo.finishRun(failed, { ...result, assignment: null, input: null }, em),
    );
    const payloads = await repo.runPayloads([withInput.id, without.id, failed.id]);
    const byId = new Map(payloads.map((p) => [p.id, p.assignment]));
    expect(byId.get(withInput.id)).toEqual(assignment);
    expect(byId.get(without.id)).toEqual(assignment);
    expect(byId.get(failed.id)).toBeNull();
    // Read with the run: never (undefined), the resolver loads it through runPayloads.
    expect((await repo.findRun(withInput.id))?.assignment).toBeUndefined();
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
