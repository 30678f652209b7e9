import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `round_run_candidates` loses its foreign key to `round_runs`: PostgreSQL checked it row by row
 * (a `SELECT ... FOR KEY SHARE` of the run per inserted candidate), 575 ms of a 100k round's
 * 1.5 s insert (EXPLAIN ANALYZE on a `bench:round --keep` database, docs/performance.md). The rows
 * are only written for the run the storing transaction has just updated and holds locked
 * (`storeRunInput`), so the check never refused anything. What the key did besides, deleting a
 * run's rows with the run (`ON DELETE CASCADE`: a round deleted, retention), is done by
 * statement-level triggers on `round_runs`: one `DELETE ... USING` the deleted runs (a transition
 * table) per statement, and a `TRUNCATE round_runs` empties the rows too.
 */
export class RoundRunCandidatesCascade1795931000000 implements MigrationInterface {
  name = 'RoundRunCandidatesCascade1795931000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "round_run_candidates" DROP CONSTRAINT "fk_round_run_candidates_run"`,
    );
    await queryRunner.query(`
      CREATE FUNCTION "round_runs_deleted"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "round_run_candidates" c USING deleted_runs d WHERE c."run_id" = d."id";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_round_runs_deleted" AFTER DELETE ON "round_runs"
      REFERENCING OLD TABLE AS deleted_runs
      FOR EACH STATEMENT EXECUTE FUNCTION "round_runs_deleted"()`);
    await queryRunner.query(`
      CREATE FUNCTION "round_runs_truncated"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE "round_run_candidates";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_round_runs_truncated" AFTER TRUNCATE ON "round_runs"
      FOR EACH STATEMENT EXECUTE FUNCTION "round_runs_truncated"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_round_runs_truncated" ON "round_runs"`);
    await queryRunner.query(`DROP FUNCTION "round_runs_truncated"()`);
    await queryRunner.query(`DROP TRIGGER "tr_round_runs_deleted" ON "round_runs"`);
    await queryRunner.query(`DROP FUNCTION "round_runs_deleted"()`);
    // Rows whose run is gone (none while the triggers ran) would refuse the key.
    await queryRunner.query(
      `DELETE FROM "round_run_candidates" c WHERE NOT EXISTS (SELECT 1 FROM "round_runs" r WHERE r."id" = c."run_id")`,
    );
    await queryRunner.query(`
      ALTER TABLE "round_run_candidates" ADD CONSTRAINT "fk_round_run_candidates_run"
      FOREIGN KEY ("run_id") REFERENCES "round_runs"("id") ON DELETE CASCADE`);
  }
}
