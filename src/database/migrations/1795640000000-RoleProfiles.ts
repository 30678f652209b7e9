import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Role profiles (future roles, versioned: an edit inserts version n+1 of the same lineage and marks
 * n superseded), their required competences, and each person's target roles (up to three).
 */
export class RoleProfiles1795640000000 implements MigrationInterface {
  name = 'RoleProfiles1795640000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "role_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lineage_id" uuid NOT NULL, "version" integer NOT NULL, "title" text NOT NULL, "organisation_id" uuid, "career_stage" text NOT NULL, "research_level" text NOT NULL, "description" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_role_profiles_version" CHECK ("version" >= 1), CONSTRAINT "pk_role_profiles" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_role_profiles_lineage_version" ON "role_profiles" ("lineage_id", "version")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_role_profiles_lineage_current" ON "role_profiles" ("lineage_id") WHERE "superseded_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_role_profiles_current_organisation" ON "role_profiles" ("organisation_id", "title") WHERE "superseded_at" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_profiles" ADD CONSTRAINT "fk_role_profiles_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_profiles" ADD CONSTRAINT "fk_role_profiles_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "role_requirements" ("role_profile_id" uuid NOT NULL, "competence_id" uuid NOT NULL, "required_level" smallint NOT NULL, "essential" boolean NOT NULL DEFAULT false, "weight" real NOT NULL DEFAULT 1, CONSTRAINT "ck_role_requirements_level" CHECK ("required_level" BETWEEN 1 AND 4), CONSTRAINT "ck_role_requirements_weight" CHECK ("weight" > 0), CONSTRAINT "pk_role_requirements" PRIMARY KEY ("role_profile_id", "competence_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_role_requirements_competence" ON "role_requirements" ("competence_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_requirements" ADD CONSTRAINT "fk_role_requirements_role" FOREIGN KEY ("role_profile_id") REFERENCES "role_profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "role_requirements" ADD CONSTRAINT "fk_role_requirements_competence" FOREIGN KEY ("competence_id") REFERENCES "competences"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "person_target_roles" ("person_id" uuid NOT NULL, "role_profile_id" uuid NOT NULL, "position" smallint NOT NULL, CONSTRAINT "ck_person_target_roles_position" CHECK ("position" BETWEEN 1 AND 3), CONSTRAINT "pk_person_target_roles" PRIMARY KEY ("person_id", "role_profile_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_person_target_roles_role" ON "person_target_roles" ("role_profile_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "person_target_roles" ADD CONSTRAINT "fk_person_target_roles_person" FOREIGN KEY ("person_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "person_target_roles" ADD CONSTRAINT "fk_person_target_roles_role" FOREIGN KEY ("role_profile_id") REFERENCES "role_profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "person_target_roles"`);
    await queryRunner.query(`DROP TABLE "role_requirements"`);
    await queryRunner.query(`DROP TABLE "role_profiles"`);
  }
}
