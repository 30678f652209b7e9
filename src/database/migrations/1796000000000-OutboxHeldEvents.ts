import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows can be **held**: `outbox_events.held_by` names what they wait for (a round run's id),
 * and no deliverer claims a held row. A round run writes its `applicationStatusChanged` events in
 * the transaction that stores its input, beside the one that applies its placements; that one
 * commits first, so its events are held, and the run's own transaction releases them (sets
 * `held_by` to NULL) when it commits the run DONE, or deletes them when the run fails
 * (`Outbox.stageBatchFrom`'s `heldBy`, `Outbox.release`, `Outbox.dropHeld`; docs/performance.md,
 * wave 14). `ix_outbox_events_held` finds a holder's rows; nothing else is held, so it stays small.
 */
export class OutboxHeldEvents1796000000000 implements MigrationInterface {
  name = 'OutboxHeldEvents1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_events" ADD "held_by" uuid`);
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_events_held" ON "outbox_events" ("held_by") WHERE "held_by" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Held rows were never announced: they go with the column.
    await queryRunner.query(`DELETE FROM "outbox_events" WHERE "held_by" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "ix_outbox_events_held"`);
    await queryRunner.query(`ALTER TABLE "outbox_events" DROP COLUMN "held_by"`);
  }
}
