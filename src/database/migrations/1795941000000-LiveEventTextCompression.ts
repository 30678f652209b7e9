import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live events too large for a NOTIFY (`live_event_payloads.body`: a round's batches of up to 1,000
 * status events, about 540 KB of JSON each, 136 of them at 100k) are compressed with lz4 instead of
 * PostgreSQL's default pglz, like the outbox rows they are copied from (migration 1795945200000):
 * storing a 100k round's status events cost about 0.55 s of backend CPU in pglz against 0.05 s in
 * lz4 (docs/performance.md "A round's publication writes ..."). Stored bodies keep theirs; a server
 * built without lz4 keeps pglz (the migration does nothing there).
 */
export class LiveEventTextCompression1795941000000 implements MigrationInterface {
  name = 'LiveEventTextCompression1795941000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE "live_event_payloads" ALTER COLUMN "body" SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL; -- a server built without lz4 keeps pglz
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "live_event_payloads" ALTER COLUMN "body" SET COMPRESSION DEFAULT`);
  }
}
