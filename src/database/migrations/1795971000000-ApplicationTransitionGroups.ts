import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A round's status changes recorded compactly: `application_transition_groups` holds ONE history
 * row per candidate, status reached and reason of a publication (`recordDecided`: the system the
 * actor), listing the applications that moved and the status each moved from, instead of one
 * `application_transitions` row per application (a national round's 1.44 million changes wrote
 * 1.44 million history rows with two index entries each, about 890 MB of WAL; grouped, about
 * 290,000 rows and 170 MB: docs/performance.md, wave 5 "apply"). A group's id comes from the
 * history's own sequence, so that `(at, id)` orders the two kinds of rows as they were written.
 *
 * `application_history` is the history as it always read: one row per application and change
 * (id, application_id, from_status, to_status, actor_id, reason, at), the rows of
 * `application_transitions` and those of the groups unnested (a group is found by its candidate's
 * index, through the application: a reader's `application_id = ...` is a primary-key lookup).
 * Every reader reads the view.
 *
 * A group goes with its applications like the history rows (migration 1795940000000): a statement
 * trigger on `applications` takes the deleted applications out of their candidates' groups (and
 * deletes the groups left empty); `TRUNCATE applications` empties the groups.
 */
export class ApplicationTransitionGroups1795971000000 implements MigrationInterface {
  name = 'ApplicationTransitionGroups1795971000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [{ seq }]: { seq: string }[] = await queryRunner.query(
      `SELECT pg_get_serial_sequence('application_transitions', 'id') AS seq`,
    );
    await queryRunner.query(`
      CREATE TABLE "application_transition_groups" (
        "id" bigint NOT NULL DEFAULT nextval('${seq}'::regclass),
        "candidate_id" uuid NOT NULL,
        "application_ids" uuid[] NOT NULL,
        "from_statuses" text[] NOT NULL,
        "to_status" text NOT NULL,
        "actor_id" uuid,
        "reason" text,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_application_transition_groups" PRIMARY KEY ("id"),
        CONSTRAINT "ck_application_transition_groups_aligned"
          CHECK (cardinality("application_ids") = cardinality("from_statuses") AND cardinality("application_ids") > 0)
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_application_transition_groups_candidate" ON "application_transition_groups" ("candidate_id")`,
    );
    await queryRunner.query(`
      CREATE VIEW "application_history" AS
      SELECT t."id", t."application_id", t."from_status", t."to_status", t."actor_id", t."reason", t."at"
        FROM "application_transitions" t
      UNION ALL
      SELECT g."id", a."id", u."from_status", g."to_status", g."actor_id", g."reason", g."at"
        FROM "applications" a
        JOIN "application_transition_groups" g ON g."candidate_id" = a."candidate_id"
        CROSS JOIN LATERAL unnest(g."application_ids", g."from_statuses") AS u("application_id", "from_status")
       WHERE u."application_id" = a."id"`);
    await queryRunner.query(`
      CREATE FUNCTION "application_groups_deleted"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        WITH hit AS (
          SELECT g."id",
                 array_agg(u."application_id") FILTER (WHERE d."id" IS NULL) AS "ids",
                 array_agg(u."from_status") FILTER (WHERE d."id" IS NULL) AS "froms"
            FROM "application_transition_groups" g
            CROSS JOIN LATERAL unnest(g."application_ids", g."from_statuses") AS u("application_id", "from_status")
            LEFT JOIN deleted_applications d ON d."id" = u."application_id"
           WHERE g."candidate_id" IN (SELECT "candidate_id" FROM deleted_applications)
           GROUP BY g."id"
          HAVING bool_or(d."id" IS NOT NULL)
        ), gone AS (
          DELETE FROM "application_transition_groups" g USING hit WHERE g."id" = hit."id" AND hit."ids" IS NULL
        )
        UPDATE "application_transition_groups" g SET "application_ids" = hit."ids", "from_statuses" = hit."froms"
          FROM hit WHERE g."id" = hit."id" AND hit."ids" IS NOT NULL;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_application_groups_deleted" AFTER DELETE ON "applications"
      REFERENCING OLD TABLE AS deleted_applications
      FOR EACH STATEMENT EXECUTE FUNCTION "application_groups_deleted"()`);
    await queryRunner.query(`
      CREATE FUNCTION "application_groups_truncated"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE "application_transition_groups";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_application_groups_truncated" AFTER TRUNCATE ON "applications"
      FOR EACH STATEMENT EXECUTE FUNCTION "application_groups_truncated"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_application_groups_truncated" ON "applications"`);
    await queryRunner.query(`DROP FUNCTION "application_groups_truncated"()`);
    await queryRunner.query(`DROP TRIGGER "tr_application_groups_deleted" ON "applications"`);
    await queryRunner.query(`DROP FUNCTION "application_groups_deleted"()`);
    // The groups' changes back as one history row each (new ids: a group's changes shared one).
    await queryRunner.query(`
      INSERT INTO "application_transitions" ("application_id", "from_status", "to_status", "actor_id", "reason", "at")
      SELECT u."application_id", u."from_status", g."to_status", g."actor_id", g."reason", g."at"
        FROM "application_transition_groups" g
        CROSS JOIN LATERAL unnest(g."application_ids", g."from_statuses") AS u("application_id", "from_status")
       WHERE EXISTS (SELECT 1 FROM "applications" a WHERE a."id" = u."application_id")
       ORDER BY g."id"`);
    await queryRunner.query(`DROP VIEW "application_history"`);
    await queryRunner.query(`DROP TABLE "application_transition_groups"`);
  }
}
