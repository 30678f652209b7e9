import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops what 1795960000000 (OpportunityPageChangeNotifications) added: the statement triggers that
 * announced every commit to the tables an `opportunities` page shows, for the per-viewer reuse of a
 * page's answer, which was taken out again. The web app's own opportunities query (a second root
 * field and `totalCount`) was never eligible, so the reuse served repeated single-field queries of
 * GraphQL clients only, while every write to ten tables paid a trigger call and a NOTIFY (PostgreSQL
 * serialises the commits of notifying transactions). docs/performance.md, "The 25-row page
 * answered again", says what was measured.
 */
const TABLES: readonly [table: string, events: string][] = [
  ['opportunities', 'INSERT OR UPDATE OR DELETE OR TRUNCATE'],
  ['opportunity_requirements', 'INSERT OR UPDATE OR DELETE OR TRUNCATE'],
  ['opportunity_developed_competences', 'INSERT OR UPDATE OR DELETE OR TRUNCATE'],
  ['co_supervisions', 'INSERT OR UPDATE OR DELETE OR TRUNCATE'],
  ['competences', 'INSERT OR UPDATE OR DELETE OR TRUNCATE'],
  ['competence_areas', 'INSERT OR UPDATE OR DELETE OR TRUNCATE'],
  ['organisations', 'INSERT OR UPDATE OR DELETE OR TRUNCATE'],
  ['departments', 'INSERT OR UPDATE OR DELETE OR TRUNCATE'],
  ['users', 'UPDATE OF display_name, organisation_id OR DELETE OR TRUNCATE'],
  ['applications', 'INSERT OR UPDATE OF status, candidate_id, opportunity_id OR DELETE OR TRUNCATE'],
];

export class OpportunityPageChangeNotificationsDropped1795961000000 implements MigrationInterface {
  name = 'OpportunityPageChangeNotificationsDropped1795961000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of [...TABLES].reverse()) {
      await queryRunner.query(`DROP TRIGGER "${table}_pages_changed" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "notify_opportunity_pages_changed"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "notify_opportunity_pages_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('talent_exchange_live',
          '{"topic":"opportunities.pages-changed","payload":{}}');
        RETURN NULL;
      END
      $$`);
    for (const [table, events] of TABLES) {
      await queryRunner.query(`
        CREATE TRIGGER "${table}_pages_changed" AFTER ${events} ON "${table}"
          FOR EACH STATEMENT EXECUTE FUNCTION "notify_opportunity_pages_changed"()`);
    }
  }
}
