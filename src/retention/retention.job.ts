import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Interval } from '@nestjs/schedule';
import { Env } from '../config/env.schema';
import { PersonalDataAudit } from '../audit/audit.service';
import { AuthSessionsService } from '../auth/auth-sessions.service';
import { TalentProfilesService } from '../talent-profiles/talent-profiles.service';

/** How often every instance deletes what has outlived its retention period. */
export const RETENTION_INTERVAL_MS = 60 * 60_000;

export interface RetentionResult {
  endedShares: number;
  personalDataReads: number;
  endedSessions: number;
}

/**
 * Storage limitation (GDPR art. 5(1)(e)): records about people are deleted once they have served
 * their purpose. Ended talent profile share links go 30 days after they ended; the audit trail of
 * personal data reads after PERSONAL_DATA_READS_RETENTION_DAYS; ended browser sessions (with their
 * refresh token hashes) 30 days after they ended. (A person's account takes everything
 * of theirs with it; live event payloads go after 10 minutes, in LiveEvents.) Each step is one
 * DELETE, so instances running it at the same time do no harm.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);
  private running = false;

  /** BACKGROUND_WORK=off: this instance serves the API only. */
  private readonly enabled: boolean;

  constructor(
    private readonly shares: TalentProfilesService,
    private readonly audit: PersonalDataAudit,
    private readonly sessions: AuthSessionsService,
    config: ConfigService<Env, true>,
  ) {
    this.enabled = config.get('BACKGROUND_WORK', { infer: true }) === 'on';
  }

  @Interval('retention', RETENTION_INTERVAL_MS)
  async tick(): Promise<void> {
    if (this.running || !this.enabled) return;
    this.running = true;
    try {
      const deleted = await this.purge(new Date());
      if (deleted.endedShares + deleted.personalDataReads + deleted.endedSessions > 0)
        this.logger.log(
          `retention: deleted ${deleted.endedShares} ended share link(s), ${deleted.personalDataReads} personal data read(s), ${deleted.endedSessions} ended session(s)`,
        );
    } catch (err) {
      this.logger.error({ err }, 'retention failed; retrying on the next tick');
    } finally {
      this.running = false;
    }
  }

  /** Deletes what is past its retention at `now`; returns how much of each. */
  async purge(now: Date): Promise<RetentionResult> {
    return {
      endedShares: await this.shares.purgeEndedShares(now),
      personalDataReads: await this.audit.purgeExpiredReads(now),
      endedSessions: await this.sessions.purgeEnded(now),
    };
  }
}
