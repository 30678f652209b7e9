import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for browsing opportunities and for the access checks on every read: the NEWEST keyset
 * order (created_at, id), the opportunities a supervisor leads, a co-supervisor's invitations, and the
 * competenceId filter over developed competences (requirements by competence exist already).
 */
export class OpportunityBrowseIndexes1795632000000 implements MigrationInterface {
  name = 'OpportunityBrowseIndexes1795632000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_opportunities_created" ON "opportunities" ("created_at", "id")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_opportunities_lead" ON "opportunities" ("lead_supervisor_id")`);
    await queryRunner.query(
      `CREATE INDEX "ix_co_supervisions_co_supervisor" ON "co_supervisions" ("co_supervisor_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_opportunity_developed_competence" ON "opportunity_developed_competences" ("competence_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_opportunity_developed_competence"`);
    await queryRunner.query(`DROP INDEX "ix_co_supervisions_co_supervisor"`);
    await queryRunner.query(`DROP INDEX "ix_opportunities_lead"`);
    await queryRunner.query(`DROP INDEX "ix_opportunities_created"`);
  }
}
