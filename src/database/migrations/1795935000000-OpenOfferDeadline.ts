import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The offer-expiry index over open offers only, without holding `status` (migration 1795930000000
 * keyed it on `response_deadline WHERE response_deadline IS NOT NULL`, so that a round's rejections
 * stay HOT updates; but a deadline stays on an answered offer, and the expiry job's index then grew
 * with every offer ever made: 56 ms, a sequential scan, with 143k answered offers among 300k).
 *
 * `open_offer_deadline` is a stored generated column, the deadline while the application is
 * OFFERED and null otherwise; the index is over its non-null values. A rejection of a submitted
 * application leaves it null (PostgreSQL compares the indexed values, so the update stays HOT: checked
 * in applications-live-pairs.e2e); an offer sets it, and leaving OFFERED clears it (those updates
 * write index entries, as every offer's did). TypeORM reads a generated column's expression from its
 * `typeorm_metadata` table, so the expression is recorded there too (the entity declares the same
 * text). Adding the column rewrites the table, which also gives the existing pages migration
 * 1795930000000's fillfactor.
 *
 * Frozen history: the expression is written out here, not imported.
 */
const EXPRESSION = `CASE WHEN "status" = 'OFFERED' THEN "response_deadline" END`;

export class OpenOfferDeadline1795935000000 implements MigrationInterface {
  name = 'OpenOfferDeadline1795935000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar,
         "schema" varchar, "table" varchar, "name" varchar, "value" text)`,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" ADD "open_offer_deadline" timestamptz GENERATED ALWAYS AS (${EXPRESSION}) STORED`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
       VALUES (current_database(), current_schema(), 'applications', 'GENERATED_COLUMN', 'open_offer_deadline', $1)`,
      [EXPRESSION],
    );
    await queryRunner.query(`DROP INDEX "ix_applications_offer_expiry"`);
    await queryRunner.query(
      `CREATE INDEX "ix_applications_offer_expiry" ON "applications" ("open_offer_deadline")
        WHERE "open_offer_deadline" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_applications_offer_expiry"`);
    await queryRunner.query(
      `CREATE INDEX "ix_applications_offer_expiry" ON "applications" ("response_deadline")
        WHERE "response_deadline" IS NOT NULL`,
    );
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'applications'
          AND "name" = 'open_offer_deadline' AND "schema" = current_schema()`,
    );
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "open_offer_deadline"`);
  }
}
