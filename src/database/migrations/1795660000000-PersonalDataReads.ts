import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail of HR and admin reads of personal data. Rows of a subject go with the subject's
 * account (erasure); the reader id has no foreign key, so deleting a reader keeps the trail.
 */
export class PersonalDataReads1795660000000 implements MigrationInterface {
  name = 'PersonalDataReads1795660000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "personal_data_reads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_id" uuid NOT NULL, "reader_id" uuid NOT NULL, "reader_organisation_id" uuid NOT NULL, "reader_roles" text array NOT NULL, "kind" text NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_personal_data_reads" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_personal_data_reads_subject" ON "personal_data_reads" ("subject_id", "read_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_personal_data_reads_reader" ON "personal_data_reads" ("reader_id", "read_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "personal_data_reads" ADD CONSTRAINT "fk_personal_data_reads_subject" FOREIGN KEY ("subject_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "personal_data_reads"`);
  }
}
