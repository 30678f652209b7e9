import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for lists that grow (keyset pages) and for text search at national scale:
 * - people by name (`users(display_name, id)`), an organisation's people in name order
 *   (`users(organisation_id, display_name, id)`), profiles by visibility (the findable lists), an
 *   opportunity's applicants in arrival order (`applications(opportunity_id, created_at, id)`);
 * - full-text search of opportunities (title and description) in English and in Dutch: GIN indexes
 *   on the same `to_tsvector` expressions opportunities.repository.ts queries, so a search does not
 *   read every row. (Competences are searched by the same stems, but also by code and substring, over
 *   a framework of a few hundred rows: no index helps there.)
 */
export class ListAndSearchIndexes1795860000000 implements MigrationInterface {
  name = 'ListAndSearchIndexes1795860000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_users_display_name" ON "users" ("display_name", "id")`);
    await queryRunner.query(
      `CREATE INDEX "ix_users_organisation" ON "users" ("organisation_id", "display_name", "id")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_profiles_visibility" ON "profiles" ("visibility")`);
    await queryRunner.query(
      `CREATE INDEX "ix_applications_opportunity" ON "applications" ("opportunity_id", "created_at", "id")`,
    );
    for (const config of ['english', 'dutch']) {
      const short = config === 'english' ? 'en' : 'nl';
      await queryRunner.query(
        `CREATE INDEX "ix_opportunities_text_${short}" ON "opportunities"
           USING GIN (to_tsvector('${config}'::regconfig, "title" || ' ' || "description"))`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'ix_opportunities_text_nl',
      'ix_opportunities_text_en',
      'ix_applications_opportunity',
      'ix_profiles_visibility',
      'ix_users_organisation',
      'ix_users_display_name',
    ]) {
      await queryRunner.query(`DROP INDEX "${name}"`);
    }
  }
}
