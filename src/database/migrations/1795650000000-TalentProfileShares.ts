import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Share links of talent profiles: a person's explicit, expiring, revocable choice to let someone
 * without an account read their talent profile. Only the sha256 of each token is kept.
 */
export class TalentProfileShares1795650000000 implements MigrationInterface {
  name = 'TalentProfileShares1795650000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "talent_profile_shares" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_viewed_at" TIMESTAMP WITH TIME ZONE, "view_count" integer NOT NULL DEFAULT 0, CONSTRAINT "uq_talent_profile_shares_token_hash" UNIQUE ("token_hash"), CONSTRAINT "ck_talent_profile_shares_token_hash" CHECK (octet_length("token_hash") = 32), CONSTRAINT "ck_talent_profile_shares_view_count" CHECK ("view_count" >= 0), CONSTRAINT "pk_talent_profile_shares" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_talent_profile_shares_person" ON "talent_profile_shares" ("person_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "talent_profile_shares" ADD CONSTRAINT "fk_talent_profile_shares_person" FOREIGN KEY ("person_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "talent_profile_shares"`);
  }
}
