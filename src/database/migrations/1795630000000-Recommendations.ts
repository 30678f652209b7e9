import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recommendations: a candidate's marks on opportunities (bookmark, not interested), and the indexes
 * the recommendation query needs: a GIN index on eligible stages (`eligible_stages @> ARRAY[stage]`),
 * a partial index on OPEN opportunities by deadline (the candidate-independent filter), and the
 * requirement lookup by competence (matching candidates by their assessments).
 */
export class Recommendations1795630000000 implements MigrationInterface {
  name = 'Recommendations1795630000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "opportunity_marks" ("user_id" uuid NOT NULL, "opportunity_id" uuid NOT NULL, "mark" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_opportunity_marks_mark" CHECK ("mark" IN ('BOOKMARK', 'NOT_INTERESTED')), CONSTRAINT "pk_opportunity_marks" PRIMARY KEY ("user_id", "opportunity_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_opportunity_marks_opportunity" ON "opportunity_marks" ("opportunity_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "opportunity_marks" ADD CONSTRAINT "fk_opportunity_marks_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "opportunity_marks" ADD CONSTRAINT "fk_opportunity_marks_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_opportunities_eligible_stages" ON "opportunities" USING GIN ("eligible_stages")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_opportunities_open_deadline" ON "opportunities" ("application_deadline", "id") WHERE "status" = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_opportunity_requirements_competence" ON "opportunity_requirements" ("competence_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_opportunity_requirements_competence"`);
    await queryRunner.query(`DROP INDEX "ix_opportunities_open_deadline"`);
    await queryRunner.query(`DROP INDEX "ix_opportunities_eligible_stages"`);
    await queryRunner.query(`DROP TABLE "opportunity_marks"`);
  }
}
