import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The log of data subject rights used (exports, erasures) and the queue of erasures people asked for
 * until an admin confirms them (src/privacy-rights).
 */
export class DataSubjectRequests1795840000000 implements MigrationInterface {
  name = 'DataSubjectRequests1795840000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_subject_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "requested_by" uuid NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by" uuid, "kept" jsonb, CONSTRAINT "ck_data_subject_requests_status" CHECK ("status" IN ('REQUESTED', 'DONE')), CONSTRAINT "ck_data_subject_requests_kind" CHECK ("kind" IN ('EXPORT', 'ERASURE')), CONSTRAINT "pk_data_subject_requests" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_data_subject_requests_open_erasure" ON "data_subject_requests" ("subject_id") WHERE "kind" = 'ERASURE' AND "status" = 'REQUESTED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_data_subject_requests_subject" ON "data_subject_requests" ("subject_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "data_subject_requests" ADD CONSTRAINT "fk_data_subject_requests_subject" FOREIGN KEY ("subject_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "data_subject_requests"`);
  }
}
