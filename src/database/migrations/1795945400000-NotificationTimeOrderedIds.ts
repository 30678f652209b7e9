import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications get time-ordered ids (UUID version 7: 48 bits of Unix milliseconds, then 74 random
 * bits) instead of random ones (version 4). A round stores its notices in one statement (55k
 * ROUND_NOT_MATCHED at 100k candidates, and the applications' ROUND_OUTCOME); with random ids each
 * went to a random leaf of the primary key, with time-ordered ones they go to its right edge: the
 * 55k insert 520-740 -> 380-410 ms of backend CPU (load 8 to 10, docs/performance.md). The ids are
 * as unguessable as they need be (every read is by the recipient's id too) and still uuids; a
 * notification's order stays (created_at, id). Existing ids stay as they are.
 *
 * `uuid_time_ordered()` is SQL (PostgreSQL 15 has no uuidv7()): gen_random_uuid's bytes with the
 * first six replaced by the milliseconds and the version nibble set from 4 to 7 (bits 52 and 53).
 */
export class NotificationTimeOrderedIds1795945400000 implements MigrationInterface {
  name = 'NotificationTimeOrderedIds1795945400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "uuid_time_ordered"() RETURNS uuid
      LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                 PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                 FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
      $$`);
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "id" SET DEFAULT uuid_time_ordered()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()`);
    await queryRunner.query(`DROP FUNCTION "uuid_time_ordered"()`);
  }
}
