import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recommendations' change marker per opportunity (`opportunity_snapshot_changes`, 1795924000000)
 * gets the time of its last change (`changed_at`, moved with `changed_xid` by the same triggers), so
 * old markers can be deleted: a reader whose rows are older than the markers are kept reads in full
 * (src/recommendations/recommendations.retention.ts). Markers already there count as changed now.
 */
export class OpportunitySnapshotChangeTimes1795934000000 implements MigrationInterface {
  name = 'OpportunitySnapshotChangeTimes1795934000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "opportunity_snapshot_changes" ADD "changed_at" timestamptz NOT NULL DEFAULT clock_timestamp()`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_opportunity_snapshot_changes_at" ON "opportunity_snapshot_changes" ("changed_at")`,
    );
    await this.replaceFunctions(queryRunner, ', changed_at = EXCLUDED.changed_at');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.replaceFunctions(queryRunner, '');
    await queryRunner.query(`DROP INDEX "ix_opportunity_snapshot_changes_at"`);
    await queryRunner.query(`ALTER TABLE "opportunity_snapshot_changes" DROP COLUMN "changed_at"`);
  }

  /** The trigger functions of 1795924000000, their upsert moving `changed_xid` and then `also`. */
  private async replaceFunctions(queryRunner: QueryRunner, also: string): Promise<void> {
    const upsert = `ON CONFLICT (opportunity_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid${also}`;
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "opportunity_snapshot_opportunities_changed"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT n.id, pg_current_xact_id() FROM new_rows n ORDER BY n.id
          ${upsert};
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT o.id, pg_current_xact_id() FROM old_rows o ORDER BY o.id
          ${upsert};
        ELSE
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT n.id, pg_current_xact_id()
            FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE to_jsonb(n) - 'seats_taken' - 'updated_at' IS DISTINCT FROM to_jsonb(o) - 'seats_taken' - 'updated_at'
           ORDER BY n.id
          ${upsert};
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "opportunity_snapshot_parts_changed"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT DISTINCT n.opportunity_id, pg_current_xact_id() FROM new_rows n ORDER BY 1
          ${upsert};
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT DISTINCT o.opportunity_id, pg_current_xact_id() FROM old_rows o ORDER BY 1
          ${upsert};
        ELSE
          INSERT INTO opportunity_snapshot_changes (opportunity_id, changed_xid)
          SELECT c.opportunity_id, pg_current_xact_id()
            FROM (SELECT n.opportunity_id FROM new_rows n UNION SELECT o.opportunity_id FROM old_rows o) c
           ORDER BY 1
          ${upsert};
        END IF;
        RETURN NULL;
      END $$`);
  }
}
