import { MigrationInterface, QueryRunner } from 'typeorm';

/** Contests of decisions (src/contests): at most one open contest per person and thing contested. */
export class Contests1795906000000 implements MigrationInterface {
  name = 'Contests1795906000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "contests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "kind" text NOT NULL, "subject_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "reason" text NOT NULL, "computed" jsonb NOT NULL, "decided" jsonb, "status" text NOT NULL DEFAULT 'OPEN', "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answered_by" uuid, "answer_reason" text, "answered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_contests_kind" CHECK ("kind" IN ('RECOMMENDATION', 'APPLICATION_REJECTION', 'ROUND_OUTCOME')), CONSTRAINT "ck_contests_status" CHECK ("status" IN ('OPEN', 'UPHELD', 'DISMISSED')), CONSTRAINT "pk_contests" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_contests_open" ON "contests" ("person_id", "kind", "subject_id") WHERE "status" = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_contests_organisation" ON "contests" ("organisation_id", "status", "filed_at") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_contests_person" ON "contests" ("person_id", "filed_at") `);
    await queryRunner.query(
      `ALTER TABLE "contests" ADD CONSTRAINT "fk_contests_person" FOREIGN KEY ("person_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contests" DROP CONSTRAINT "fk_contests_person"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contests_person"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contests_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."uq_contests_open"`);
    await queryRunner.query(`DROP TABLE "contests"`);
  }
}
