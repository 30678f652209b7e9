import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions: a refresh token in an httpOnly cookie, rotated on use. A session is a token
 * family; only the sha256 of each refresh token is kept, and a rotated token that comes back ends
 * the family (theft detection).
 */
export class AuthSessions1795720000000 implements MigrationInterface {
  name = 'AuthSessions1795720000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "ck_auth_sessions_revoked" CHECK (("revoked_at" IS NULL) = ("revoked_reason" IS NULL) AND ("revoked_reason" IS NULL OR "revoked_reason" IN ('SIGNED_OUT', 'TOKEN_REUSED', 'PASSWORD_CHANGED'))), CONSTRAINT "pk_auth_sessions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_auth_sessions_user" ON "auth_sessions"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "auth_refresh_tokens" ("token_hash" bytea NOT NULL, "session_id" uuid NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_auth_refresh_tokens_hash" CHECK (octet_length("token_hash") = 32), CONSTRAINT "pk_auth_refresh_tokens" PRIMARY KEY ("token_hash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_auth_refresh_tokens_session" ON "auth_refresh_tokens"  ("session_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_sessions" ADD CONSTRAINT "fk_auth_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_refresh_tokens" ADD CONSTRAINT "fk_auth_refresh_tokens_session" FOREIGN KEY ("session_id") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "auth_refresh_tokens" DROP CONSTRAINT "fk_auth_refresh_tokens_session"`,
    );
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP CONSTRAINT "fk_auth_sessions_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_auth_refresh_tokens_session"`);
    await queryRunner.query(`DROP TABLE "auth_refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."ix_auth_sessions_user"`);
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
  }
}
