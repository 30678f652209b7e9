import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Retention of notifications (src/retention decides the cutoff): those created before it go. */
@Injectable()
export class NotificationsRetention {
  constructor(private readonly dataSource: DataSource) {}

  async countBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM notifications WHERE created_at < $1',
      [cutoff],
    );
    return row.n;
  }

  async deleteBefore(cutoff: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM notifications WHERE created_at < $1',
      [cutoff],
    );
    return affected;
  }
}
