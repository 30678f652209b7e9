import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's input text moves from `round_runs.input_json` to a table of its own, `round_run_inputs`
 * (one row per run: `run_id`, `input_json` text, lz4 where the server has it, exactly what `input_hash` hashes). The
 * run's transaction holds its `round_runs` row locked from the start, so the text could only be
 * written there by that transaction, one statement after another with everything else; in a table
 * of its own, with no foreign key to `round_runs` (its check, a `FOR KEY SHARE` of the run, would
 * wait for that lock), it is written by a second transaction while the first applies
 * the placements (`RoundRunsService`, docs/performance.md). Like `round_run_candidates`
 * (migration 1795931000000), the rows go with their run: the statement-level triggers on
 * `round_runs` delete or truncate them too.
 */
export class RoundRunInputTexts1795972000000 implements MigrationInterface {
  name = 'RoundRunInputTexts1795972000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "round_run_inputs" (
        "run_id" uuid NOT NULL,
        "input_json" text NOT NULL,
        CONSTRAINT "pk_round_run_inputs" PRIMARY KEY ("run_id")
      )`);
    await this.lz4(queryRunner, 'round_run_inputs');
    await queryRunner.query(
      `INSERT INTO "round_run_inputs" ("run_id", "input_json")
       SELECT "id", "input_json" FROM "round_runs" WHERE "input_json" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "round_runs" DROP COLUMN "input_json"`);
    await this.triggers(queryRunner, ['round_run_candidates', 'round_run_inputs']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.triggers(queryRunner, ['round_run_candidates']);
    await queryRunner.query(`ALTER TABLE "round_runs" ADD "input_json" text`);
    await this.lz4(queryRunner, 'round_runs');
    await queryRunner.query(
      `UPDATE "round_runs" r SET "input_json" = i."input_json" FROM "round_run_inputs" i WHERE i."run_id" = r."id"`,
    );
    await queryRunner.query(`DROP TABLE "round_run_inputs"`);
  }

  /** `input_json` of `table` compressed with lz4 where the server has it (pglz otherwise, as in 1795918000000). */
  private async lz4(queryRunner: QueryRunner, table: string): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE "${table}" ALTER COLUMN "input_json" SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL; -- a server built without lz4 keeps pglz
      END $$`);
  }

  /** The trigger functions of migration 1795931000000, over these tables. */
  private async triggers(queryRunner: QueryRunner, tables: string[]): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "round_runs_deleted"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        ${tables.map((t) => `DELETE FROM "${t}" c USING deleted_runs d WHERE c."run_id" = d."id";`).join('\n        ')}
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "round_runs_truncated"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')};
        RETURN NULL;
      END $$`);
  }
}
