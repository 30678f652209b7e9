import { MigrationInterface, QueryRunner } from 'typeorm';

/** The jsonb columns of a run that grow with the round (the text `input_json` has lz4 since 1795918000000). */
const COLUMNS = ['assignment', 'stats', 'violations', 'input'];

/**
 * A run's large jsonb values (the assignment of 100k candidates is 6 MB of JSON, its statistics
 * 2 MB) are compressed with lz4 instead of the server's default pglz: storing them cost 335 to
 * 424 ms with pglz and 90 to 171 ms with lz4 for a 100k round (EXPLAIN ANALYZE, docs/performance.md),
 * for about the same size. Values already stored keep their compression (PostgreSQL reads both);
 * a server built without lz4 keeps pglz.
 */
export class RoundRunJsonLz41795945100000 implements MigrationInterface {
  name = 'RoundRunJsonLz41795945100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE "round_runs" ${COLUMNS.map((c) => `ALTER COLUMN "${c}" SET COMPRESSION lz4`).join(', ')};
      EXCEPTION WHEN feature_not_supported THEN NULL; -- a server built without lz4 keeps pglz
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "round_runs" ${COLUMNS.map((c) => `ALTER COLUMN "${c}" SET COMPRESSION default`).join(', ')}`,
    );
  }
}
