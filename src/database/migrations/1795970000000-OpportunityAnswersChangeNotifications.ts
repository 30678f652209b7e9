import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every API instance answers `opportunities` pages again, shared between viewers who would get the
 * same, while nothing they show changed (opportunities/page-answers.ts,
 * docs/opportunity-page-answers.md). These triggers tell every instance at commit, over the live
 * events channel (`talent_exchange_live`, see common/events/pg-live-events.ts) as the event
 * `opportunities.answers-changed`: one per statement (PostgreSQL sends one per transaction, as the
 * texts are equal), whatever the statement did, by the API or by hand in SQL.
 *
 * Only the rarely written tables: what a page shows (opportunities, their requirements and
 * developed competences, co-supervisions, competences and their areas, organisations and
 * departments, users' names and organisations) and what decides who hosts an opportunity. Not
 * `applications` (every application of a national call would pay a trigger call and a NOTIFY, and
 * PostgreSQL serialises the commits of notifying transactions): an application never changes a
 * shared page (it is made to an opportunity every viewer sees), and a viewer's own pages follow
 * their applications within the bound the contract documents. A statement-level trigger without
 * transition tables: a round's publication pays one call per statement.
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
];

export class OpportunityAnswersChangeNotifications1795970000000 implements MigrationInterface {
  name = 'OpportunityAnswersChangeNotifications1795970000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "notify_opportunity_answers_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('talent_exchange_live',
          '{"topic":"opportunities.answers-changed","payload":{}}');
        RETURN NULL;
      END
      $$`);
    for (const [table, events] of TABLES) {
      await queryRunner.query(`
        CREATE TRIGGER "${table}_answers_changed" AFTER ${events} ON "${table}"
          FOR EACH STATEMENT EXECUTE FUNCTION "notify_opportunity_answers_changed"()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of [...TABLES].reverse()) {
      await queryRunner.query(`DROP TRIGGER "${table}_answers_changed" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "notify_opportunity_answers_changed"()`);
  }
}
