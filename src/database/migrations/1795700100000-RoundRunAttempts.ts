import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How often a worker claimed an allocation run. A run whose process died is claimed again after a
 * while; after ROUND_RUN_MAX_ATTEMPTS claims it is failed instead of retried for ever.
 */
export class RoundRunAttempts1795700100000 implements MigrationInterface {
  name = 'RoundRunAttempts1795700100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round_runs" ADD "attempts" integer NOT NULL DEFAULT 0`);
    // Runs claimed before this migration were claimed once at least.
    await queryRunner.query(`UPDATE "round_runs" SET "attempts" = 1 WHERE "started_at" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round_runs" DROP COLUMN "attempts"`);
  }
}
