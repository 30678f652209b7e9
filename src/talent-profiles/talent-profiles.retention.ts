import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** When a share link ended: revoked, or expired, whichever came first. */
const ENDED_AT = 'LEAST(COALESCE(revoked_at, expires_at), expires_at)';

/** Retention of share links (src/retention decides the cutoff): links that ended before it go. */
@Injectable()
export class TalentProfilesRetention {
  constructor(private readonly dataSource: DataSource) {}

  async countEndedBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM talent_profile_shares WHERE ${ENDED_AT} < $1`,
      [cutoff],
    );
    return row.n;
  }

  async deleteEndedBefore(cutoff: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM talent_profile_shares WHERE ${ENDED_AT} < $1`,
      [cutoff],
    );
    return affected;
  }
}
