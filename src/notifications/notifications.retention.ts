import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationJobsRepository } from './notification-jobs.repository';

/**
 * Retention of notifications (src/retention decides the cutoff): those created before it go, and
 * queued ones that failed for good (`notification_jobs`) queued before it.
 */
@Injectable()
export class NotificationsRetention {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: NotificationJobsRepository,
  ) {}

  async countBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM notifications WHERE created_at < $1',
      [cutoff],
    );
    return row.n + (await this.jobs.countFailedBefore(cutoff));
  }

  async deleteBefore(cutoff: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM notifications WHERE created_at < $1',
      [cutoff],
    );
    return affected + (await this.jobs.deleteFailedBefore(cutoff));
  }
}
