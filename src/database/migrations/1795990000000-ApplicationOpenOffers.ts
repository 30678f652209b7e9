import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An offer becomes a HOT update of `applications`: the expiry job's open offers move from an index
 * of the table (`ix_applications_offer_expiry` over the stored generated column
 * `open_offer_deadline`, migration 1795935000000) to a table of their own, `application_open_offers`
 * (application id, deadline), kept by triggers. No index of `applications` then holds a column that
 * a change of status or deadline writes, so every such change (an offer, an answer, an expiry, as a
 * rejection already was) writes its new row version on the same page (fillfactor 60) without an
 * index entry. Before, an offer wrote four: at 143,984 offers (a 300k x 10 round) the `UPDATE`
 * took 7.3 to 7.7 s and 950 MB of WAL; HOT, with the trigger, 2.8 to 3.4 s and 330 MB
 * (docs/performance.md, wave 10 "hot offers").
 *
 * - `application_open_offers`: one row per OFFERED application with a deadline; primary key
 *   `application_id` (no foreign key: its check would lock each application's row, as the live pairs
 *   have none), `ix_application_open_offers_deadline (deadline, application_id)` for the job's order.
 * - Statement triggers on `applications` (set-based: a round's offers are one statement): after
 *   INSERT, the new open offers; after UPDATE, the rows that are no longer open offers deleted and
 *   the open ones inserted or their deadline updated; after DELETE and TRUNCATE, theirs go.
 * - The generated column, its index and its `typeorm_metadata` row go.
 *
 * Frozen history: the statuses are written out here, not imported.
 */
/** A row of `row` (a table or alias) that is an open offer. */
const open = (row: string): string => `${row}.status = 'OFFERED' AND ${row}.response_deadline IS NOT NULL`;

/** The expression of migration 1795935000000's generated column (for `down`). */
const EXPRESSION = `CASE WHEN "status" = 'OFFERED' THEN "response_deadline" END`;

export class ApplicationOpenOffers1795990000000 implements MigrationInterface {
  name = 'ApplicationOpenOffers1795990000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "application_open_offers" (
        "application_id" uuid NOT NULL CONSTRAINT "pk_application_open_offers" PRIMARY KEY,
        "deadline" timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO "application_open_offers" ("application_id", "deadline")
      SELECT a.id, a.response_deadline FROM applications a WHERE ${open('a')}`);
    await queryRunner.query(
      `CREATE INDEX "ix_application_open_offers_deadline" ON "application_open_offers" ("deadline", "application_id")`,
    );
    await queryRunner.query(`
      CREATE FUNCTION "application_open_offers_inserted"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO application_open_offers (application_id, deadline)
        SELECT n.id, n.response_deadline FROM new_rows n WHERE ${open('n')};
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "application_open_offers_updated"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM application_open_offers o USING new_rows n
         WHERE o.application_id = n.id AND NOT (${open('n')});
        INSERT INTO application_open_offers (application_id, deadline)
        SELECT n.id, n.response_deadline FROM new_rows n WHERE ${open('n')}
        ON CONFLICT (application_id) DO UPDATE SET deadline = EXCLUDED.deadline
         WHERE application_open_offers.deadline IS DISTINCT FROM EXCLUDED.deadline;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "application_open_offers_deleted"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM application_open_offers o USING old_rows d WHERE o.application_id = d.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "application_open_offers_truncated"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE application_open_offers;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_application_open_offers_ins" AFTER INSERT ON "applications"
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_open_offers_inserted"()`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_application_open_offers_upd" AFTER UPDATE ON "applications"
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_open_offers_updated"()`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_application_open_offers_del" AFTER DELETE ON "applications"
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "application_open_offers_deleted"()`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_application_open_offers_truncated" AFTER TRUNCATE ON "applications"
      FOR EACH STATEMENT EXECUTE FUNCTION "application_open_offers_truncated"()`);
    await queryRunner.query(`DROP INDEX "ix_applications_offer_expiry"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "open_offer_deadline"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'applications'
          AND "name" = 'open_offer_deadline' AND "schema" = current_schema()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "applications" ADD "open_offer_deadline" timestamptz GENERATED ALWAYS AS (${EXPRESSION}) STORED`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
       VALUES (current_database(), current_schema(), 'applications', 'GENERATED_COLUMN', 'open_offer_deadline', $1)`,
      [EXPRESSION],
    );
    await queryRunner.query(
      `CREATE INDEX "ix_applications_offer_expiry" ON "applications" ("open_offer_deadline")
        WHERE "open_offer_deadline" IS NOT NULL`,
    );
    for (const [trigger, fn] of [
      ['tr_application_open_offers_truncated', 'application_open_offers_truncated'],
      ['tr_application_open_offers_del', 'application_open_offers_deleted'],
      ['tr_application_open_offers_upd', 'application_open_offers_updated'],
      ['tr_application_open_offers_ins', 'application_open_offers_inserted'],
    ]) {
      await queryRunner.query(`DROP TRIGGER "${trigger}" ON "applications"`);
      await queryRunner.query(`DROP FUNCTION "${fn}"()`);
    }
    await queryRunner.query(`DROP TABLE "application_open_offers"`);
  }
}
