import { MigrationInterface, QueryRunner } from 'typeorm';

/** Corrections of a person's data by HR or an admin, with who and why (src/profiles). */
export class DataCorrections1795906100000 implements MigrationInterface {
  name = 'DataCorrections1795906100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_corrections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "corrected_by" uuid NOT NULL, "target" text NOT NULL, "assessment_id" uuid, "competence_id" uuid, "changes" jsonb NOT NULL, "reason" text NOT NULL, "corrected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_data_corrections_target" CHECK ("target" IN ('PROFILE', 'ASSESSMENT')), CONSTRAINT "pk_data_corrections" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_data_corrections_person" ON "data_corrections" ("person_id", "corrected_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "data_corrections" ADD CONSTRAINT "fk_data_corrections_person" FOREIGN KEY ("person_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "data_corrections" DROP CONSTRAINT "fk_data_corrections_person"`);
    await queryRunner.query(`DROP INDEX "public"."ix_data_corrections_person"`);
    await queryRunner.query(`DROP TABLE "data_corrections"`);
  }
}
