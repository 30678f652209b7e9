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
 * status whose last change is before the cutoff goes, with its history and ranking (cascade) and its
 * live-pair marker. Status and last change are the effective ones (`application_states`): a
 * round's closed application is REJECTED since its closure, and goes when a moved one would.
 */
@Injectable()
export class ApplicationsRetention {
  constructor(private readonly dataSource: DataSource) {}

  async countDecidedBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM application_states WHERE status = ANY($2::text[]) AND updated_at < $1',
      [cutoff, DECIDED_STATUSES],
    );
    return row.n;
  }

  /**
   * Deletes them, and the live-pair markers (`application_live_pairs`, migration 1795930000000) that
   * name them: a marker is left naming an application once it is no longer live (so that a rejection
   * writes nothing there), and it would otherwise keep the candidate and the opportunity together
   * after the application went. A marker naming a decided application has no live one in its pair
   * (a live one would have claimed it).
   */
  async deleteDecidedBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM applications
                      WHERE id IN (SELECT id FROM application_states
                                    WHERE status = ANY($2::text[]) AND updated_at < $1)
                     RETURNING id),
            markers AS (DELETE FROM application_live_pairs p USING gone WHERE p.application_id = gone.id)
       SELECT count(*)::int AS n FROM gone`,
      [cutoff, DECIDED_STATUSES],
    );
    return row.n;
  }
}
