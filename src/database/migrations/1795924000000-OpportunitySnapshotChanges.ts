import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A change marker for the recommendations' snapshot of OPEN opportunities, moved by the database
 * itself: every write that changes what the snapshot reads of an opportunity (the opportunity row
 * except `seats_taken` and `updated_at`, its requirements, its developed competences; inserting or
 * deleting any of them) records the writing transaction's id (`pg_current_xact_id()`) for that
 * opportunity in `opportunity_snapshot_changes`, by statement-level triggers (one upsert per
 * statement, so bulk writes stay set-based). TypeORM's save does not move `updated_at` when only the
 * requirements change; these triggers see every writer, SQL included.
 *
 * A reader that took `pg_current_snapshot()` with its rows later reads exactly the opportunities
 * whose last change is not visible in that snapshot (`NOT pg_visible_in_snapshot(changed_xid, s)`):
 * a transaction that was still running at the earlier read counts as a change even if its id is
 * lower than the ids of transactions the read saw, so no margin is needed. A deleted opportunity
 * keeps its row here (it reads as gone); rows are never removed (one per opportunity ever made), so
 * a reader's snapshot never outlives what it needs.
 */
export class OpportunitySnapshotChanges1795924000000 implements MigrationInterface {
  name = 'OpportunitySnapshotChanges1795924000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "opportunity_snapshot_changes" (
        "opportunity_id" uuid PRIMARY KEY,
        "changed_xid" xid8 NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_opportunity_snapshot_changes_xid" ON "opportunity_snapshot_changes" ("changed_xid")`,
    );
    await queryRunner.query(`
      INSERT INTO "opportunity_snapshot_changes" ("opportunity_id", "changed_xid")
      SELECT "id", pg_current_xact_id() FROM "opportunities"`);
    // The opportunity itself: an insert, a delete, or an update of anything but the seat count and
    // updated_at (any column added later counts without touching this function).
    await queryRunner.query(`
      CREATE FUNCTION "opportunity_snapshot_opportunities_changed"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT n.id, pg_current_xact_id() FROM new_rows n ORDER BY n.id
          ON CONFLICT (opportunity_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT o.id, pg_current_xact_id() FROM old_rows o ORDER BY o.id
          ON CONFLICT (opportunity_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
        ELSE
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT n.id, pg_current_xact_id()
            FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE to_jsonb(n) - 'seats_taken' - 'updated_at' IS DISTINCT FROM to_jsonb(o) - 'seats_taken' - 'updated_at'
           ORDER BY n.id
          ON CONFLICT (opportunity_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
        END IF;
        RETURN NULL;
      END $$`);
    // Its requirements and developed competences: any insert, update or delete.
    await queryRunner.query(`
      CREATE FUNCTION "opportunity_snapshot_parts_changed"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT DISTINCT n.opportunity_id, pg_current_xact_id() FROM new_rows n ORDER BY 1
          ON CONFLICT (opportunity_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT DISTINCT o.opportunity_id, pg_current_xact_id() FROM old_rows o ORDER BY 1
          ON CONFLICT (opportunity_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
        ELSE
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT c.opportunity_id, pg_current_xact_id()
            FROM (SELECT n.opportunity_id FROM new_rows n UNION SELECT o.opportunity_id FROM old_rows o) c
           ORDER BY 1
          ON CONFLICT (opportunity_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
        END IF;
        RETURN NULL;
      END $$`);
    for (const [table, fn] of [
      ['opportunities', 'opportunity_snapshot_opportunities_changed'],
      ['opportunity_requirements', 'opportunity_snapshot_parts_changed'],
      ['opportunity_developed_competences', 'opportunity_snapshot_parts_changed'],
    ]) {
      // A trigger with transition tables has one event each.
      await queryRunner.query(`
        CREATE TRIGGER "tr_${table}_snapshot_ins" AFTER INSERT ON "${table}"
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
      await queryRunner.query(`
        CREATE TRIGGER "tr_${table}_snapshot_upd" AFTER UPDATE ON "${table}"
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
      await queryRunner.query(`
        CREATE TRIGGER "tr_${table}_snapshot_del" AFTER DELETE ON "${table}"
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['opportunities', 'opportunity_requirements', 'opportunity_developed_competences']) {
      for (const event of ['ins', 'upd', 'del'])
        await queryRunner.query(`DROP TRIGGER "tr_${table}_snapshot_${event}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "opportunity_snapshot_parts_changed"()`);
    await queryRunner.query(`DROP FUNCTION "opportunity_snapshot_opportunities_changed"()`);
    await queryRunner.query(`DROP TABLE "opportunity_snapshot_changes"`);
  }
}
