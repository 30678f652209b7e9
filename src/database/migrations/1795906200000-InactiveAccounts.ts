import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention category INACTIVE_ACCOUNTS: when accounts last signed in (`account_activity`, filled
 * from the browser sessions so far: the GraphQL login left no trace before), and the category in the
 * rules' check.
 */
export class InactiveAccounts1795906200000 implements MigrationInterface {
  name = 'InactiveAccounts1795906200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "account_activity" ("user_id" uuid NOT NULL, "last_signed_in_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_account_activity" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_activity" ADD CONSTRAINT "fk_account_activity_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "account_activity" ("user_id", "last_signed_in_at")
       SELECT "user_id", max("created_at") FROM "auth_sessions" GROUP BY "user_id"`,
    );
    await queryRunner.query(`ALTER TABLE "retention_rules" DROP CONSTRAINT "ck_retention_rules_category"`);
    await queryRunner.query(
      `ALTER TABLE "retention_rules" ADD CONSTRAINT "ck_retention_rules_category" CHECK ("category" IN ('DECIDED_APPLICATIONS', 'ROUND_RUN_DATA', 'NOTIFICATIONS', 'AUDIT_READS', 'SHARE_LINKS', 'INACTIVE_ACCOUNTS'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "retention_rules" WHERE "category" = 'INACTIVE_ACCOUNTS'`);
    await queryRunner.query(`ALTER TABLE "retention_rules" DROP CONSTRAINT "ck_retention_rules_category"`);
    await queryRunner.query(
      `ALTER TABLE "retention_rules" ADD CONSTRAINT "ck_retention_rules_category" CHECK ("category" IN ('DECIDED_APPLICATIONS', 'ROUND_RUN_DATA', 'NOTIFICATIONS', 'AUDIT_READS', 'SHARE_LINKS'))`,
    );
    await queryRunner.query(`ALTER TABLE "account_activity" DROP CONSTRAINT "fk_account_activity_user"`);
    await queryRunner.query(`DROP TABLE "account_activity"`);
  }
}
