import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stored live event names its topic, so that the notification that refers to it can be skipped
 * by an instance nobody follows the topic on, and the outbox's batches can be copied here in SQL
 * (the body is now the message alone: a payload or a `{"$batch": [...]}`). The rows are a few
 * minutes of best-effort pushes, already delivered: those of the old shape go.
 */
export class LiveEventPayloadTopics1795919000000 implements MigrationInterface {
  name = 'LiveEventPayloadTopics1795919000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "live_event_payloads"`);
    await queryRunner.query(`ALTER TABLE "live_event_payloads" ADD "topic" text NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "live_event_payloads"`);
    await queryRunner.query(`ALTER TABLE "live_event_payloads" DROP COLUMN "topic"`);
  }
}
