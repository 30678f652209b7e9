import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox's payloads are compressed with lz4 instead of the server's default pglz. A round's
 * batches are large (500 events per row: about 50 kB of JSON each, 5.5 MB for the 55k unmatched
 * candidates' notifications of a 100k round), every one of them compressed when it is staged and
 * deleted once it is delivered: staging those 110 rows cost 190 to 200 ms of backend CPU with pglz,
 * 90 with lz4 (of which about 80 the JSON itself) and 90 to 100 uncompressed (STORAGE EXTERNAL, twice
 * the WAL), docs/performance.md. Rows already staged keep theirs; a server built without lz4 keeps pglz.
 */
export class OutboxPayloadLz41795945200000 implements MigrationInterface {
  name = 'OutboxPayloadLz41795945200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE "outbox_events" ALTER COLUMN "payload" SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL; -- a server built without lz4 keeps pglz
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_events" ALTER COLUMN "payload" SET COMPRESSION default`);
  }
}
