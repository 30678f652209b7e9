import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Rows of the recommendations' change feeds are kept this long: `candidate_pool_changes` (read by
 * matchingCandidates' reach index) and `opportunity_snapshot_changes` (the recommendations' rows of
 * OPEN opportunities). Neither holds personal data beyond a person's id; they only serve the readers.
 */
export const CHANGE_FEEDS_KEPT_MS = 60 * 60_000;
/**
 * A reader whose last read is older than this reads everything again instead of the changes since:
 * the changes it would need may be deleted. Half the time they are kept, so a change written by a
 * transaction that ran for up to the other half is still there when such a reader reads.
 */
export const CHANGE_FEEDS_RELOAD_AFTER_MS = CHANGE_FEEDS_KEPT_MS / 2;

export interface ChangeFeedsPruned {
  candidatePoolChanges: number;
  opportunitySnapshotChanges: number;
}

/**
 * Deletes what no reader of the change feeds needs any more (the hourly RetentionJob calls it): the
 * changes written before `now` minus CHANGE_FEEDS_KEPT_MS. Every reader has read since (or will read
 * in full), so none of them asks for those. Each table is one statement.
 */
@Injectable()
export class RecommendationsRetention {
  constructor(private readonly dataSource: DataSource) {}

  async pruneChangeFeeds(now: Date): Promise<ChangeFeedsPruned> {
    const cutoff = new Date(now.getTime() - CHANGE_FEEDS_KEPT_MS);
    const [, candidatePoolChanges]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM candidate_pool_changes WHERE at < $1`,
      [cutoff],
    );
    const [, opportunitySnapshotChanges]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM opportunity_snapshot_changes WHERE changed_at < $1`,
      [cutoff],
    );
    return { candidatePoolChanges, opportunitySnapshotChanges };
  }
}
