import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A round's rejections as one fact per placed candidate (docs/design/closed-choices.md): a row of
 * `application_transition_groups` marked `closes` is a **closure**: the applications it lists are
 * REJECTED since its `at`, for its reason, while their `applications.status` keeps the status they
 * were closed from (SUBMITTED or SHORTLISTED; never moved again). A national round's publication
 * then writes one row per placed candidate instead of moving 1.3 million application rows.
 *
 * - `closes` (constant default: no table rewrite) and `round_id` (the round whose run wrote it; no
 *   foreign key, support only). A closure is the system's rejection: to REJECTED, no actor.
 * - `ix_application_closures_candidate`: the closures by candidate (one entry per placed candidate
 *   and round), probed by every point read of an effective status.
 * - `application_states`: the applications with their effective `status` and `updated_at` (the
 *   closure's time), the table's columns in its order (but the expiry job's `open_offer_deadline`)
 *   and `closed_by` (the closure's id) last.
 * - The live-pair claim treats a closed application as no longer live, as after any rejection.
 *
 * No backfill: a REJECTED row and a closure are both valid for ever. `down` materialises the
 * closures first (the rows move to REJECTED at the closure's time), so the history reads the same.
 * Frozen history: the live statuses are copied here, not imported.
 */
const LIVE = `('SUBMITTED', 'SHORTLISTED', 'OFFERED', 'ACCEPTED')`;

/** The live-pair claim of migration 1795930000000, with `closedBy` added to "no longer live" when `closes`. */
function claimFunction(closes: boolean): string {
  const notClosed = closes
    ? `
                                AND NOT EXISTS (SELECT 1 FROM application_transition_groups k
                                                 WHERE k.closes AND k.candidate_id = a.candidate_id
                                                   AND a.id = ANY (k.application_ids))`
    : '';
  return `
      CREATE OR REPLACE FUNCTION "application_live_pairs_claim"(opps uuid[], cands uuid[], ids uuid[]) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        clash record;
      BEGIN
        SELECT o AS opportunity_id, c AS candidate_id INTO clash FROM unnest(opps, cands) AS x(o, c)
         GROUP BY o, c HAVING count(*) > 1 LIMIT 1;
        IF NOT FOUND THEN
          -- New pairs (waits for a concurrent claim of the same pair, then leaves it to the next steps).
          INSERT INTO application_live_pairs (opportunity_id, candidate_id, application_id)
          SELECT o, c, id FROM unnest(opps, cands, ids) AS x(o, c, id) ORDER BY o, c
          ON CONFLICT (opportunity_id, candidate_id) DO NOTHING;
          -- Pairs naming another application: locked, then (each statement its own snapshot, taken
          -- after the locks) handed over where the application named is no longer live in that pair.
          PERFORM 1 FROM application_live_pairs p
            JOIN unnest(opps, cands, ids) AS x(o, c, id)
              ON p.opportunity_id = x.o AND p.candidate_id = x.c AND p.application_id <> x.id
           ORDER BY p.opportunity_id, p.candidate_id FOR UPDATE OF p;
          UPDATE application_live_pairs p SET application_id = x.id
            FROM unnest(opps, cands, ids) AS x(o, c, id)
           WHERE p.opportunity_id = x.o AND p.candidate_id = x.c AND p.application_id <> x.id
             AND NOT EXISTS (SELECT 1 FROM applications a
                              WHERE a.id = p.application_id AND a.opportunity_id = p.opportunity_id
                                AND a.candidate_id = p.candidate_id AND a.status IN ${LIVE}${notClosed});
          SELECT p.opportunity_id, p.candidate_id INTO clash FROM application_live_pairs p
            JOIN unnest(opps, cands, ids) AS x(o, c, id)
              ON p.opportunity_id = x.o AND p.candidate_id = x.c AND p.application_id <> x.id
           LIMIT 1;
        END IF;
        IF FOUND THEN
          RAISE unique_violation USING
            MESSAGE = 'duplicate key value violates unique constraint "uq_applications_live"',
            DETAIL = format('Key (opportunity_id, candidate_id)=(%s, %s) already has a live application.',
                            clash.opportunity_id, clash.candidate_id),
            CONSTRAINT = 'uq_applications_live', TABLE = 'applications', SCHEMA = current_schema();
        END IF;
      END $$`;
}

export class ApplicationClosures1795980000000 implements MigrationInterface {
  name = 'ApplicationClosures1795980000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "application_transition_groups"
        ADD COLUMN "closes" boolean NOT NULL DEFAULT false,
        ADD COLUMN "round_id" uuid,
        ADD CONSTRAINT "ck_application_transition_groups_closes"
          CHECK (NOT "closes" OR ("to_status" = 'REJECTED' AND "actor_id" IS NULL))`);
    await queryRunner.query(
      `CREATE INDEX "ix_application_closures_candidate" ON "application_transition_groups" ("candidate_id")
        WHERE "closes"`,
    );
    await queryRunner.query(`
      CREATE VIEW "application_states" AS
      SELECT a."id", a."opportunity_id", a."candidate_id",
             CASE WHEN k."id" IS NULL THEN a."status" ELSE 'REJECTED' END AS "status",
             a."motivation", a."response_deadline", a."created_at",
             CASE WHEN k."id" IS NULL THEN a."updated_at" ELSE k."at" END AS "updated_at",
             k."id" AS "closed_by"
        FROM "applications" a
        LEFT JOIN "application_transition_groups" k
               ON k."closes" AND k."candidate_id" = a."candidate_id" AND a."id" = ANY (k."application_ids")`);
    await queryRunner.query(claimFunction(true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "applications" a SET "status" = 'REJECTED', "updated_at" = k."at"
        FROM "application_transition_groups" k
       WHERE k."closes" AND k."candidate_id" = a."candidate_id" AND a."id" = ANY (k."application_ids")`);
    await queryRunner.query(claimFunction(false));
    await queryRunner.query(`DROP VIEW "application_states"`);
    await queryRunner.query(`DROP INDEX "ix_application_closures_candidate"`);
    await queryRunner.query(`
      ALTER TABLE "application_transition_groups"
        DROP CONSTRAINT "ck_application_transition_groups_closes",
        DROP COLUMN "round_id",
        DROP COLUMN "closes"`);
  }
}
