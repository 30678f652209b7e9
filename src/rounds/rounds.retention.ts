import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const HOLDS_DATA =
  '(input IS NOT NULL OR assignment IS NOT NULL OR stats IS NOT NULL OR violations IS NOT NULL)';

/**
 * Retention of allocation run data (src/retention decides the cutoff): a run finished before it
 * loses its stored input, assignment, statistics and violations; the run's record (kind, status,
 * algorithm, seed, input hash, times) stays.
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
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE round_runs SET input = NULL, assignment = NULL, stats = NULL, violations = NULL
        WHERE finished_at < $1 AND ${HOLDS_DATA}`,
      [cutoff],
    );
    return affected;
  }
}
