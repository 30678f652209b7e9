import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's notifications as keyset pages (`notificationsConnection`, newest first, ties by id): the
 * index on (user_id, created_at) gains id, so a page after a cursor reads only its own rows.
 */
export class NotificationKeysetIndex1795905000000 implements MigrationInterface {
  name = 'NotificationKeysetIndex1795905000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user"`);
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user" ON "notifications" ("user_id", "created_at", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user"`);
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user" ON "notifications" ("user_id", "created_at")`,
    );
  }
}
