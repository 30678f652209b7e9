import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApplicationStatus } from '../core/domain/enums';

/** The final statuses: nothing follows them (application-workflow.ts, isTerminal). */
export const DECIDED_STATUSES: readonly ApplicationStatus[] = [
  ApplicationStatus.WITHDRAWN,
  ApplicationStatus.REJECTED,
  ApplicationStatus.DECLINED,
  ApplicationStatus.EXPIRED,
  ApplicationStatus.COMPLETED,
];

/**
 * Retention of decided applications (src/retention decides the cutoff): an application in a final
 * status whose last change is before the cutoff goes, with its history and ranking (cascade).
 */
@Injectable()
export class ApplicationsRetention {
  constructor(private readonly dataSource: DataSource) {}

  async countDecidedBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM applications WHERE status = ANY($2::text[]) AND updated_at < $1',
      [cutoff, DECIDED_STATUSES],
    );
    return row.n;
  }

  async deleteDecidedBefore(cutoff: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM applications WHERE status = ANY($2::text[]) AND updated_at < $1',
      [cutoff, DECIDED_STATUSES],
    );
    return affected;
  }
}
