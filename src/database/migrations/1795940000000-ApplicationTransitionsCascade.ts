import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `application_transitions` loses its foreign key to `applications`: PostgreSQL checked it row by
 * row (a `SELECT ... FOR KEY SHARE` of the application per history row), 0.6 to 1.0 s of backend
 * CPU of a 100k round's 135,558 changes (EXPLAIN ANALYZE on a `bench:round --keep` database,
 * docs/performance.md "A round's publication: ..."). Every history row is written by
 * `ApplicationsRepository` (the status-owner unit test holds every other file to that) for an
 * application the same transaction has just inserted or updated and so holds locked (the round's
 * `UPDATE ... RETURNING` feeds its history `INSERT`), so the check never refused anything, and no
 * concurrent delete can slip between the row and its history. What the key did besides, deleting
 * an application's history with it (`ON DELETE CASCADE`: retention, erasure, an opportunity or a
 * person deleted), is done by statement-level triggers on `applications`: one `DELETE ... USING`
 * the deleted applications (a transition table) per statement, and a `TRUNCATE applications`
 * empties the history too.
 */
export class ApplicationTransitionsCascade1795940000000 implements MigrationInterface {
  name = 'ApplicationTransitionsCascade1795940000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "application_transitions" DROP CONSTRAINT "FK_78ade3beee245d11b0ad99f78b3"`,
    );
    await queryRunner.query(`
      CREATE FUNCTION "applications_deleted"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "application_transitions" t USING deleted_applications d
         WHERE t."application_id" = d."id";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_applications_deleted" AFTER DELETE ON "applications"
      REFERENCING OLD TABLE AS deleted_applications
      FOR EACH STATEMENT EXECUTE FUNCTION "applications_deleted"()`);
    await queryRunner.query(`
      CREATE FUNCTION "applications_truncated"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE "application_transitions";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "tr_applications_truncated" AFTER TRUNCATE ON "applications"
      FOR EACH STATEMENT EXECUTE FUNCTION "applications_truncated"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_applications_truncated" ON "applications"`);
    await queryRunner.query(`DROP FUNCTION "applications_truncated"()`);
    await queryRunner.query(`DROP TRIGGER "tr_applications_deleted" ON "applications"`);
    await queryRunner.query(`DROP FUNCTION "applications_deleted"()`);
    // History whose application is gone (none while the triggers ran) would refuse the key.
    await queryRunner.query(
      `DELETE FROM "application_transitions" t
        WHERE NOT EXISTS (SELECT 1 FROM "applications" a WHERE a."id" = t."application_id")`,
    );
    await queryRunner.query(`
      ALTER TABLE "application_transitions" ADD CONSTRAINT "FK_78ade3beee245d11b0ad99f78b3"
      FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }
}
