import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox (common/events/outbox.ts): a use case writes the live events it causes
 * (a notification was added, an application's status changed) here, in its own transaction. After
 * the commit they are published and deleted; a poller on every instance publishes what an instance
 * that died right after its commit left behind (claimed FOR UPDATE SKIP LOCKED: one instance each).
 */
export class OutboxEvents1795800000000 implements MigrationInterface {
  name = 'OutboxEvents1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "topic" text NOT NULL, "payload" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_outbox_events" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox_events"`);
  }
}
