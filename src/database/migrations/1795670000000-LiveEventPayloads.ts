import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live events travel between API instances as PostgreSQL notifications, whose payloads must stay
 * under 8000 bytes. A bigger one waits here for a few minutes, and the notification carries its id.
 */
export class LiveEventPayloads1795670000000 implements MigrationInterface {
  name = 'LiveEventPayloads1795670000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "live_event_payloads" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_live_event_payloads" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_live_event_payloads_created_at" ON "live_event_payloads" ("created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "live_event_payloads"`);
  }
}
