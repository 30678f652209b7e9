import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const HOLDS_DATA =
  '(input IS NOT NULL OR EXISTS (SELECT 1 FROM round_run_inputs i WHERE i.run_id = round_runs.id) OR assignment IS NOT NULL OR stats IS NOT NULL OR violations IS NOT NULL)';

/**
 * Retention of allocation run data (src/retention decides the cutoff): a run finished before it
 * loses its stored input (the document's text, its rest and its rows per candidate), assignment,
 * statistics and violations; the run's record (kind, status, algorithm, seed, input hash, times) stays.
 */
@Injectable()
export class RoundsRetention {
  constructor(private readonly dataSource: DataSource) {}

  async countFinishedBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM round_runs WHERE finished_at < $1 AND ${HOLDS_DATA}`,
      [cutoff],
    );
    return row.n;
  }

  async clearFinishedBefore(cutoff: Date): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [cleared]: [{ id: string }[], number] = await em.query(
        `UPDATE round_runs SET input = NULL, assignment = NULL, stats = NULL, violations = NULL
          WHERE finished_at < $1 AND ${HOLDS_DATA}
        RETURNING id`,
        [cutoff],
      );
      const ids = cleared.map((r) => r.id);
      await em.query(`DELETE FROM round_run_inputs WHERE run_id = ANY($1::uuid[])`, [ids]);
      await em.query(`DELETE FROM round_run_candidates WHERE run_id = ANY($1::uuid[])`, [ids]);
      return cleared.length;
    });
  }
}
