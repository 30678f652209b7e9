import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Retention of the audit trail of reads (src/retention decides the cutoff): reads before it go. */
@Injectable()
export class AuditRetention {
  constructor(private readonly dataSource: DataSource) {}

  async countReadsBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM personal_data_reads WHERE read_at < $1',
      [cutoff],
    );
    return row.n;
  }

  async deleteReadsBefore(cutoff: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM personal_data_reads WHERE read_at < $1',
      [cutoff],
    );
    return affected;
  }
}
