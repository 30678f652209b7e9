import { MigrationInterface, QueryRunner } from 'typeorm';

/** Restrictions of processing (src/privacy): at most one in force per person. */
export class ProcessingRestrictions1795830100000 implements MigrationInterface {
  name = 'ProcessingRestrictions1795830100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "processing_restrictions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "reason" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lifted_at" TIMESTAMP WITH TIME ZONE, "lifted_by" uuid, "lift_reason" text, CONSTRAINT "PK_abd4cb84f99d9ba83eaf2d8d023" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_processing_restrictions_in_force" ON "processing_restrictions"  ("person_id") WHERE "lifted_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_processing_restrictions_person" ON "processing_restrictions"  ("person_id", "started_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "processing_restrictions" ADD CONSTRAINT "fk_processing_restrictions_person" FOREIGN KEY ("person_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "processing_restrictions" DROP CONSTRAINT "fk_processing_restrictions_person"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_processing_restrictions_person"`);
    await queryRunner.query(`DROP INDEX "public"."uq_processing_restrictions_in_force"`);
    await queryRunner.query(`DROP TABLE "processing_restrictions"`);
  }
}
