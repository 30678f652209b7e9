import { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalJson, RoundRunInput } from '../../core/rounds/round-allocation';
import { splitRunInput } from '../../core/rounds/round-input-parts';
import { storeRunInput } from '../../rounds/round-run-inputs';

/**
 * A run's input no longer fits one jsonb value at national scale (300k candidates x 10 choices:
 * about 360 MB of canonical JSON; jsonb refuses more than 268 MB). It is stored as:
 * - `round_runs.input_json`: the document's canonical text, exactly what `input_hash` hashes (text
 *   takes up to 1 GB; compressed with lz4 where the server has it, pglz otherwise);
 * - `round_runs.input`: the document without `instance` and `choices` (settings, HR's decisions,
 *   full and fit-ordered opportunities; small);
 * - `round_run_candidates`: one row per candidate with their part, indexed by candidate, for the
 *   readers that look at one person.
 * Existing runs are moved one at a time (their input fits jsonb: they were stored that way).
 */
export class RoundRunInputStorage1795918000000 implements MigrationInterface {
  name = 'RoundRunInputStorage1795918000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round_runs" ADD "input_json" text`);
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE "round_runs" ALTER COLUMN "input_json" SET COMPRESSION lz4;
      EXCEPTION WHEN OTHERS THEN NULL; -- a server built without lz4 keeps pglz
      END $$`);
    await queryRunner.query(`
      CREATE TABLE "round_run_candidates" (
        "run_id" uuid NOT NULL,
        "candidate_id" uuid NOT NULL,
        "choices" uuid[] NOT NULL,
        "own_choices" smallint[] NOT NULL,
        "listed_by" smallint[] NOT NULL,
        "full_choices" smallint[] NOT NULL,
        "pre_assigned_to" uuid,
        "assigned" boolean NOT NULL,
        "placed_on" uuid,
        CONSTRAINT "pk_round_run_candidates" PRIMARY KEY ("run_id", "candidate_id"),
        CONSTRAINT "fk_round_run_candidates_run" FOREIGN KEY ("run_id") REFERENCES "round_runs"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_round_run_candidates_candidate" ON "round_run_candidates" ("candidate_id")`,
    );
    const runs: { id: string }[] = await queryRunner.query(
      `SELECT id FROM round_runs WHERE input IS NOT NULL ORDER BY id`,
    );
    const query = (sql: string, parameters?: unknown[]): Promise<unknown> =>
      queryRunner.query(sql, parameters);
    for (const { id } of runs) {
      const [row]: { input: string; assignment: string | null }[] = await queryRunner.query(
        `SELECT input::text AS input, assignment::text AS assignment FROM round_runs WHERE id = $1`,
        [id],
      );
      const input = JSON.parse(row.input) as RoundRunInput;
      const assignment = row.assignment
        ? (JSON.parse(row.assignment) as Record<string, string | null>)
        : null;
      await storeRunInput(query, id, canonicalJson(input), splitRunInput(input), assignment);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The whole document back into jsonb (refused for a document over jsonb's 268 MB).
    await queryRunner.query(`UPDATE round_runs SET input = input_json::jsonb WHERE input_json IS NOT NULL`);
    await queryRunner.query(`DROP TABLE "round_run_candidates"`);
    await queryRunner.query(`ALTER TABLE "round_runs" DROP COLUMN "input_json"`);
  }
}
