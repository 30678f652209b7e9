import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure (src/privacy-rights): an erased account stays as an anonymised row (so that the
 * applications, choices and round results that count it keep their statistics) marked `erased_at`,
 * which can never sign in again; its sessions end with the reason ACCOUNT_ERASED.
 */
export class PersonErasure1795841000000 implements MigrationInterface {
  name = 'PersonErasure1795841000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP CONSTRAINT "ck_auth_sessions_revoked"`);
    await queryRunner.query(
      `ALTER TABLE "auth_sessions" ADD CONSTRAINT "ck_auth_sessions_revoked" CHECK (("revoked_at" IS NULL) = ("revoked_reason" IS NULL) AND ("revoked_reason" IS NULL OR "revoked_reason" IN ('SIGNED_OUT', 'TOKEN_REUSED', 'PASSWORD_CHANGED', 'ACCOUNT_ERASED')))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP CONSTRAINT "ck_auth_sessions_revoked"`);
    await queryRunner.query(
      `ALTER TABLE "auth_sessions" ADD CONSTRAINT "ck_auth_sessions_revoked" CHECK (("revoked_at" IS NULL) = ("revoked_reason" IS NULL) AND ("revoked_reason" IS NULL OR "revoked_reason" IN ('SIGNED_OUT', 'TOKEN_REUSED', 'PASSWORD_CHANGED')))`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "erased_at"`);
  }
}
