import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every API instance keeps the accounts of recent requests for a few seconds (users/users.cache.ts).
 * When an account changes or goes (roles, organisation, deletion: by the API or by hand in SQL), these
 * triggers tell every instance at commit, over the live events channel (`talent_exchange_live`, see
 * common/events/pg-live-events.ts) as the event `users.changed`: one notification per statement, with
 * the ids when there are at most 100, else `{ "all": true }` (an instance then drops its whole cache).
 */
export class UserChangeNotifications1795730000000 implements MigrationInterface {
  name = 'UserChangeNotifications1795730000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "notify_users_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
      BEGIN
        SELECT array_agg(id) INTO ids FROM (SELECT id FROM changed_users LIMIT 101) c;
        IF ids IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM pg_notify('talent_exchange_live', json_build_object(
          'topic', 'users.changed',
          'payload', CASE WHEN cardinality(ids) > 100 THEN json_build_object('all', true)
                          ELSE json_build_object('userIds', ids) END)::text);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "users_changed_on_update" AFTER UPDATE ON "users"
        REFERENCING OLD TABLE AS changed_users FOR EACH STATEMENT EXECUTE FUNCTION "notify_users_changed"()`);
    await queryRunner.query(`
      CREATE TRIGGER "users_changed_on_delete" AFTER DELETE ON "users"
        REFERENCING OLD TABLE AS changed_users FOR EACH STATEMENT EXECUTE FUNCTION "notify_users_changed"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "users_changed_on_delete" ON "users"`);
    await queryRunner.query(`DROP TRIGGER "users_changed_on_update" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "notify_users_changed"()`);
  }
}
