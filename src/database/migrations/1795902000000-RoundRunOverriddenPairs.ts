import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Placements HR reassigned after publication, kept on the run that made them: the run's stability
 * verdict covers the rest of its assignment.
 */
export class RoundRunOverriddenPairs1795902000000 implements MigrationInterface {
  name = 'RoundRunOverriddenPairs1795902000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round_runs" ADD "overridden_pairs" jsonb NOT NULL DEFAULT '[]'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round_runs" DROP COLUMN "overridden_pairs"`);
  }
}
