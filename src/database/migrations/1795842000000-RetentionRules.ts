import { MigrationInterface, QueryRunner } from 'typeorm';

/** Admin-managed retention per data category (src/retention); a category without a row keeps its default. */
export class RetentionRules1795842000000 implements MigrationInterface {
  name = 'RetentionRules1795842000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "retention_rules" ("category" text NOT NULL, "retention_days" integer NOT NULL, "updated_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_retention_rules_category" CHECK ("category" IN ('DECIDED_APPLICATIONS', 'ROUND_RUN_DATA', 'NOTIFICATIONS', 'AUDIT_READS', 'SHARE_LINKS')), CONSTRAINT "ck_retention_rules_days" CHECK ("retention_days" BETWEEN 1 AND 36500), CONSTRAINT "pk_retention_rules" PRIMARY KEY ("category"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "retention_rules"`);
  }
}
