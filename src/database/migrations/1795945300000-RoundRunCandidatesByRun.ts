import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `round_run_candidates` loses its index on `candidate_id`: every run wrote an entry per candidate
 * into it at a random place (100k at 100k candidates, beside the primary key's, which a run
 * appends in order). The readers by person (the outcome view, contests, the data export,
 * erasure) go through the runs instead: the primary key (run_id, candidate_id) probed once per
 * run, a nested loop over `round_runs`, which holds a few runs per round.
 */
export class RoundRunCandidatesByRun1795945300000 implements MigrationInterface {
  name = 'RoundRunCandidatesByRun1795945300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_round_run_candidates_candidate"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_round_run_candidates_candidate" ON "round_run_candidates" ("candidate_id")`,
    );
  }
}
