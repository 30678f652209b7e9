import { MigrationInterface, QueryRunner } from 'typeorm';

/** HR's eligibility overrides: a candidate may apply to (be chosen for) one opportunity, with a reason. */
export class EligibilityOverrides1795901000000 implements MigrationInterface {
  name = 'EligibilityOverrides1795901000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "eligibility_overrides" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "opportunity_id" uuid NOT NULL, "candidate_id" uuid NOT NULL, "reason" text NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_eligibility_overrides_reason" CHECK (length(btrim("reason")) > 0), CONSTRAINT "PK_eligibility_overrides" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_eligibility_overrides_pair" ON "eligibility_overrides" ("opportunity_id", "candidate_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_eligibility_overrides_candidate" ON "eligibility_overrides" ("candidate_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "eligibility_overrides" ADD CONSTRAINT "fk_eligibility_overrides_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "eligibility_overrides" ADD CONSTRAINT "fk_eligibility_overrides_candidate" FOREIGN KEY ("candidate_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "eligibility_overrides" ADD CONSTRAINT "fk_eligibility_overrides_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "eligibility_overrides"`);
  }
}
