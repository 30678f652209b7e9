import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Interval } from '@nestjs/schedule';
import { Env } from '../config/env.schema';
import { AuthSessionsService } from '../auth/auth-sessions.service';
import { RecommendationsRetention } from '../recommendations/recommendations.retention';
import { RetentionCategory } from './entities/retention-rule.entity';
import { RetentionService } from './retention.service';

/** How often every instance deletes what has outlived its retention period. */
export const RETENTION_INTERVAL_MS = 60 * 60_000;

export interface RetentionResult {
  endedShares: number;
  personalDataReads: number;
  endedSessions: number;
  decidedApplications: number;
  roundRunData: number;
  notifications: number;
  /** Accounts erased for being inactive (INACTIVE_ACCOUNTS). */
  inactiveAccounts: number;
  /** Rows of the recommendations' change feeds no reader needs any more (not personal records). */
  candidatePoolChanges: number;
  opportunitySnapshotChanges: number;
}

/**
 * Storage limitation (GDPR art. 5(1)(e)): records about people are deleted once they have served
 * their purpose. Per data category the admin-managed rules apply, or the built-in defaults
 * (RetentionService: share links 30 days after they ended, the audit trail of reads after
 * PERSONAL_DATA_READS_RETENTION_DAYS, the other categories kept until a rule is set); ended browser
 * sessions (with their refresh token hashes) go 30 days after they ended; the recommendations'
 * change feeds lose the changes every reader has read past (RecommendationsRetention). Live event payloads go
 * after 10 minutes, in LiveEvents. Each step is one statement, so instances running it at the same
 * time do no harm.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);
  private running = false;

  /** BACKGROUND_WORK=off: this instance serves the API only. */
  private readonly enabled: boolean;

  constructor(
    private readonly retention: RetentionService,
    private readonly sessions: AuthSessionsService,
    private readonly recommendations: RecommendationsRetention,
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
      if (Object.values(deleted).some((n) => n > 0)) this.logger.log({ deleted }, 'retention: removed');
    } catch (err) {
      this.logger.error({ err }, 'retention failed; retrying on the next tick');
    } finally {
      this.running = false;
    }
  }

  /** Deletes what is past its retention at `now`; returns how much of each. */
  async purge(now: Date): Promise<RetentionResult> {
    const removed = await this.retention.apply(now);
    return {
      endedShares: removed[RetentionCategory.SHARE_LINKS],
      personalDataReads: removed[RetentionCategory.AUDIT_READS],
      decidedApplications: removed[RetentionCategory.DECIDED_APPLICATIONS],
      roundRunData: removed[RetentionCategory.ROUND_RUN_DATA],
      notifications: removed[RetentionCategory.NOTIFICATIONS],
      inactiveAccounts: removed[RetentionCategory.INACTIVE_ACCOUNTS],
      endedSessions: await this.sessions.purgeEnded(now),
      ...(await this.recommendations.pruneChangeFeeds(now)),
    };
  }
}
