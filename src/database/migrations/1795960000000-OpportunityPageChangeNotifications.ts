import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every API instance answers a viewer's `opportunities` page again while nothing it shows changed
 * (opportunities/page-answers.ts). These triggers tell every instance at commit, over the live
 * events channel (`talent_exchange_live`, see common/events/pg-live-events.ts) as the event
 * `opportunities.pages-changed`: one per statement (PostgreSQL sends one per transaction, as the
 * texts are equal), whatever the statement did, by the API or by hand in SQL. The tables: what a
 * page shows (opportunities, their requirements and developed competences, co-supervisions,
 * competences and their areas, organisations and departments, users' names and organisations) and
 * what decides who sees an opportunity (applications, co-supervisions). A statement-level trigger
 * without transition tables: a round's publication of 100,000 applications pays one call.
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

export class OpportunityPageChangeNotifications1795960000000 implements MigrationInterface {
  name = 'OpportunityPageChangeNotifications1795960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
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

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of [...TABLES].reverse()) {
      await queryRunner.query(`DROP TRIGGER "${table}_pages_changed" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "notify_opportunity_pages_changed"()`);
  }
}
