import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rejection (or any status change that keeps the deadline) becomes a HOT update of `applications`:
 * no index's key or predicate holds `status` any more, and pages keep 40% free for the new row
 * versions (fillfactor 60), so PostgreSQL writes the new version on the same page without a single
 * index entry (before: the heap tuple and three index entries per rejected application; a round's
 * publication rejects two to nine of each candidate's choices).
 *
 * - `ix_applications_candidate` on `(candidate_id)` (was `(candidate_id, status)`): a candidate's
 *   applications are a handful, their status filtered on the rows.
 * - `ix_applications_offer_expiry` on `(response_deadline) WHERE response_deadline IS NOT NULL` (was
 *   `WHERE status = 'OFFERED'`): only an offer sets a deadline; the expiry job filters the status.
 * - One live application per candidate and opportunity (was the partial unique index
 *   `uq_applications_live`, whose predicate holds `status`): `application_live_pairs` names, per
 *   pair, the application that last became live; its primary key is named `uq_applications_live`
 *   (the error callers already recognise). A write that makes an application live (an INSERT:
 *   statement trigger, set-based; an UPDATE that makes a non-live application live or moves a live
 *   one to another pair, which the workflow never does: row trigger whose WHEN skips every other
 *   update, a rejection included) claims its pair: a new pair is inserted (a concurrent claim of the
 *   same pair waits on its key); a pair naming another application is locked, then handed over only
 *   if that application is no longer live in the pair, read in a statement that starts after the
 *   lock (so after any concurrent claim committed); otherwise unique_violation on
 *   `uq_applications_live`. Leaving the live statuses writes nothing here: the pair's row then names
 *   a closed (or deleted) application. The pairs go with their candidate or opportunity (CASCADE).
 *
 * Existing pages keep their fill until rewritten (VACUUM FULL applications, outside a transaction).
 * Frozen history: the live statuses are copied here, not imported.
 */
const LIVE = `('SUBMITTED', 'SHORTLISTED', 'OFFERED', 'ACCEPTED')`;

export class ApplicationsHotRejections1795930000000 implements MigrationInterface {
  name = 'ApplicationsHotRejections1795930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_applications_live"`);
    await queryRunner.query(`
      CREATE TABLE "application_live_pairs" (
        "opportunity_id" uuid NOT NULL REFERENCES "opportunities" ("id") ON DELETE CASCADE,
        "candidate_id" uuid NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "application_id" uuid NOT NULL,
        CONSTRAINT "uq_applications_live" PRIMARY KEY ("opportunity_id", "candidate_id")
      )`);
    await queryRunner.query(`
      INSERT INTO "application_live_pairs" ("opportunity_id", "candidate_id", "application_id")
      SELECT "opportunity_id", "candidate_id", "id" FROM "applications" WHERE "status" IN ${LIVE}`);
    // Claims the pairs of applications that became live (same-length arrays); raises
    // unique_violation on uq_applications_live when a pair already has another live application.
    await queryRunner.query(`
      CREATE FUNCTION "application_live_pairs_claim"(opps uuid[], cands uuid[], ids uuid[]) RETURNS void
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
                                AND a.candidate_id = p.candidate_id AND a.status IN ${LIVE});
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
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "applications_live_inserted"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM application_live_pairs_claim(array_agg(opportunity_id), array_agg(candidate_id), array_agg(id))
           FROM new_rows WHERE status IN ${LIVE} HAVING count(*) > 0;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "applications_live_updated"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM application_live_pairs_claim(ARRAY[NEW.opportunity_id], ARRAY[NEW.candidate_id], ARRAY[NEW.id]);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_applications_live_ins" AFTER INSERT ON "applications"
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "applications_live_inserted"()`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_applications_live_upd" AFTER UPDATE ON "applications" FOR EACH ROW
      WHEN (NEW.status IN ${LIVE} AND (OLD.status NOT IN ${LIVE}
            OR NEW.opportunity_id <> OLD.opportunity_id OR NEW.candidate_id <> OLD.candidate_id))
      EXECUTE FUNCTION "applications_live_updated"()`);
    await queryRunner.query(`DROP INDEX "ix_applications_candidate"`);
    await queryRunner.query(`CREATE INDEX "ix_applications_candidate" ON "applications" ("candidate_id")`);
    await queryRunner.query(`DROP INDEX "ix_applications_offer_expiry"`);
    await queryRunner.query(
      `CREATE INDEX "ix_applications_offer_expiry" ON "applications" ("response_deadline")
        WHERE "response_deadline" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "applications" SET (fillfactor = 60)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" RESET (fillfactor)`);
    await queryRunner.query(`DROP INDEX "ix_applications_offer_expiry"`);
    await queryRunner.query(
      `CREATE INDEX "ix_applications_offer_expiry" ON "applications" ("response_deadline")
        WHERE "status" = 'OFFERED'`,
    );
    await queryRunner.query(`DROP INDEX "ix_applications_candidate"`);
    await queryRunner.query(
      `CREATE INDEX "ix_applications_candidate" ON "applications" ("candidate_id", "status")`,
    );
    await queryRunner.query(`DROP TRIGGER "tr_applications_live_upd" ON "applications"`);
    await queryRunner.query(`DROP TRIGGER "tr_applications_live_ins" ON "applications"`);
    await queryRunner.query(`DROP FUNCTION "applications_live_updated"()`);
    await queryRunner.query(`DROP FUNCTION "applications_live_inserted"()`);
    await queryRunner.query(`DROP FUNCTION "application_live_pairs_claim"(uuid[], uuid[], uuid[])`);
    await queryRunner.query(`DROP TABLE "application_live_pairs"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_applications_live" ON "applications" ("opportunity_id", "candidate_id")
        WHERE "status" IN ${LIVE}`,
    );
  }
}
