import { randomUUID } from 'node:crypto';
import { AllocationData, buildRunInput, canonicalJson } from '../../src/core/rounds/round-allocation';
import { RoundRunInputStorage1795918000000 } from '../../src/database/migrations/1795918000000-RoundRunInputStorage';
import { RoundRunInputTexts1795972000000 } from '../../src/database/migrations/1795972000000-RoundRunInputTexts';
import { RoundRunInputListsApart1796010000000 } from '../../src/database/migrations/1796010000000-RoundRunInputListsApart';
import { expectStoredInputConsistent } from '../utils/stored-run-input';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * The migration to the run input's storage in parts (text, rest, rows per candidate) moves the runs
 * stored before as one jsonb document, and its down migration puts the whole document back.
 */
describe('migration RoundRunInputStorage1795918000000', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('moves a run stored as one jsonb document into its parts, and back', async () => {
    const [hr] = await t.dataSource.query<{ id: string; organisation_id: string }[]>(
      `SELECT id, organisation_id FROM users WHERE email = 'hr@lumc.test'`,
    );
    const [round] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO allocation_rounds (organisation_id, name, ranking_deadline, max_choices, response_window_hours, algorithm, created_by)
       VALUES ($1, 'Migrated round', now(), 3, 48, 'SEATS_DA', $2) RETURNING id`,
      [hr.organisation_id, hr.id],
    );
    const [ann, bob, cas, pia] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const [o1, o2, o3] = [randomUUID(), randomUUID(), randomUUID()];
    const data: AllocationData = {
      problem: 'HR',
      optimal: 'candidate',
      seed: 7,
      opportunities: [
        { id: o1, hostOrganisationId: 'a', leadSupervisorId: 'l', freeSeats: 1 },
        { id: o2, hostOrganisationId: 'a', leadSupervisorId: 'l', freeSeats: 1 },
        { id: o3, hostOrganisationId: 'a', leadSupervisorId: 'l', freeSeats: 0 },
      ],
      choices: new Map([
        [ann, [o1, o2, o3]],
        [bob, [o1]],
        [cas, [o2, o1]],
      ]),
      hostRankings: new Map([[o1, [cas, bob, ann]]]),
      fit: new Map([
        [
          o2,
          new Map([
            [ann, { score: 0.9, eligible: true }],
            [cas, { score: 0.4, eligible: true, overrideReason: 'waived' }],
          ]),
        ],
      ]),
      excluded: new Set(),
      preAssigned: new Map([[pia, o2]]),
      preAssignedReasons: new Map([[pia, 'her lab']]),
      supervisorRoom: new Map(),
    };
    const document = buildRunInput(data);
    const assignment = { [ann]: o2, [bob]: o1, [cas]: null, [pia]: o2 };
    const migration = new RoundRunInputStorage1795918000000();
    // The text has its own table since 1795972000000, and a column there since 1796010000000: those
    // go down first and up last.
    const texts = new RoundRunInputTexts1795972000000();
    const lists = new RoundRunInputListsApart1796010000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await lists.down(runner);
      await texts.down(runner);
      await migration.down(runner);
      const [run] = await runner.query(
        `INSERT INTO round_runs (round_id, kind, scope, status, seed, created_by, input, input_hash, assignment, stats)
         VALUES ($1, 'PUBLISH', 'INITIAL', 'DONE', 7, $2, $3::jsonb, encode(sha256(convert_to($4, 'UTF8')), 'hex'), $5, '{}')
         RETURNING id`,
        [round.id, hr.id, canonicalJson(document), canonicalJson(document), JSON.stringify(assignment)],
      );
      await migration.up(runner);
      const [moved] = await t.dataSource.query(`SELECT input_json FROM round_runs WHERE id = $1`, [run.id]);
      expect(moved.input_json).toBe(canonicalJson(document));
      await texts.up(runner);
      await lists.up(runner);
      expect(await expectStoredInputConsistent(t.dataSource, run.id)).toBe(4);

      await lists.down(runner);
      await texts.down(runner);
      await migration.down(runner);
      const [back] = await t.dataSource.query(`SELECT input FROM round_runs WHERE id = $1`, [run.id]);
      expect(back.input).toEqual(document);
      await migration.up(runner);
      await texts.up(runner);
      await lists.up(runner);
    } finally {
      await runner.release();
    }
  });
});
