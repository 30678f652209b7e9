import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notifications.user_id` is checked against `users` once per statement instead of row by row.
 * The foreign key ran a `SELECT ... FOR KEY SHARE` of the user for each inserted notification: a
 * round's 55k ROUND_NOT_MATCHED notices cost 1,476 ms with it and 716 ms without (EXPLAIN ANALYZE
 * on a `bench:round --keep` database of 100k candidates, docs/performance.md). What the key did is
 * done by triggers:
 * - an insert statement's new rows are checked in one anti-join with `users` (a transition table),
 *   and refused with the foreign key's SQLSTATE (23503) when one names no user; an update that
 *   changes a notification's `user_id` (none does) is checked row by row;
 * - a statement deleting users deletes their notifications (`DELETE ... USING` the deleted rows),
 *   `TRUNCATE users` empties the notifications, and a user's id cannot change while notifications
 *   name it (ON DELETE CASCADE, ON UPDATE NO ACTION).
 * What the row lock gave besides: a user deleted by a transaction that commits after the check and
 * before the notification's commit leaves that notification behind. The application never deletes
 * users (erasure anonymises the account and deletes its notifications in the erasure's transaction,
 * which locks the account first).
 */
export class NotificationsUserCheck1795945000000 implements MigrationInterface {
  name = 'NotificationsUserCheck1795945000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"`);
    await queryRunner.query(`
      CREATE FUNCTION "notifications_users_check"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE missing uuid;
      BEGIN
        IF TG_LEVEL = 'ROW' THEN
          IF EXISTS (SELECT 1 FROM "users" u WHERE u."id" = NEW."user_id") THEN RETURN NULL; END IF;
          missing := NEW."user_id";
        ELSE
          SELECT n."user_id" INTO missing FROM new_notifications n
           WHERE NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = n."user_id") LIMIT 1;
          IF NOT FOUND THEN RETURN NULL; END IF;
        END IF;
        RAISE EXCEPTION 'insert or update on table "notifications" violates foreign key constraint "fk_notifications_user"'
          USING ERRCODE = 'foreign_key_violation', TABLE = 'notifications', CONSTRAINT = 'fk_notifications_user',
                DETAIL = format('Key (user_id)=(%s) is not present in table "users".', missing);
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_notifications_inserted" AFTER INSERT ON "notifications"
      REFERENCING NEW TABLE AS new_notifications
      FOR EACH STATEMENT EXECUTE FUNCTION "notifications_users_check"()`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_notifications_user_changed" AFTER UPDATE OF "user_id" ON "notifications"
      FOR EACH ROW WHEN (OLD."user_id" IS DISTINCT FROM NEW."user_id")
      EXECUTE FUNCTION "notifications_users_check"()`);
    await queryRunner.query(`
      CREATE FUNCTION "users_notifications_deleted"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "notifications" n USING deleted_users d WHERE n."user_id" = d."id";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_users_notifications_deleted" AFTER DELETE ON "users"
      REFERENCING OLD TABLE AS deleted_users
      FOR EACH STATEMENT EXECUTE FUNCTION "users_notifications_deleted"()`);
    await queryRunner.query(`
      CREATE FUNCTION "users_notifications_truncated"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE "notifications";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_users_notifications_truncated" AFTER TRUNCATE ON "users"
      FOR EACH STATEMENT EXECUTE FUNCTION "users_notifications_truncated"()`);
    await queryRunner.query(`
      CREATE FUNCTION "users_notifications_id_changed"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM "notifications" n WHERE n."user_id" = OLD."id") THEN
          RAISE EXCEPTION 'update on table "users" violates foreign key constraint "fk_notifications_user" on table "notifications"'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'notifications', CONSTRAINT = 'fk_notifications_user',
                  DETAIL = format('Key (id)=(%s) is still referenced from table "notifications".', OLD."id");
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_users_notifications_id_changed" AFTER UPDATE OF "id" ON "users"
      FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id")
      EXECUTE FUNCTION "users_notifications_id_changed"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_users_notifications_id_changed" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "users_notifications_id_changed"()`);
    await queryRunner.query(`DROP TRIGGER "tr_users_notifications_truncated" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "users_notifications_truncated"()`);
    await queryRunner.query(`DROP TRIGGER "tr_users_notifications_deleted" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "users_notifications_deleted"()`);
    await queryRunner.query(`DROP TRIGGER "tr_notifications_user_changed" ON "notifications"`);
    await queryRunner.query(`DROP TRIGGER "tr_notifications_inserted" ON "notifications"`);
    await queryRunner.query(`DROP FUNCTION "notifications_users_check"()`);
    // Notifications whose user is gone (none while the triggers ran) would refuse the key.
    await queryRunner.query(
      `DELETE FROM "notifications" n WHERE NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = n."user_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
