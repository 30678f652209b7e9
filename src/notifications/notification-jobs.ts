import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Interval } from '@nestjs/schedule';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../common/database/transaction';
import { SerialPasses } from '../common/serial-passes';
import { Env } from '../config/env.schema';
import { NotificationJobsRepository, QueuedNotices, TakenJob } from './notification-jobs.repository';
import { draftData, NotificationDraft, NotificationsService } from './notifications.service';

export type { QueuedNotices } from './notification-jobs.repository';

/** How often every instance looks for notification jobs due (a kick after each commit comes first). */
export const NOTIFICATION_JOBS_INTERVAL_MS = 2_000;
/** Attempts at a job before it is failed for good. */
export const NOTIFICATION_JOB_ATTEMPTS = 5;
/** The wait after a job's `attempts`-th failed attempt: 1 s, 4 s, 16 s, 64 s. */
export const notificationJobRetryMs = (attempts: number): number => 1000 * 4 ** (attempts - 1);

/**
 * Notices queued by a use case and written after it commits: for announcements too large to write
 * in the use case's own transaction (a national round's 340,000 notices took 7 s of the run's one
 * backend; docs/performance.md, wave 18). `queue` stores a batch in the caller's transaction (one
 * `notification_jobs` row); it commits or rolls back with the use case. A job is then written to
 * `notifications`, with the recipients' live pushes, in one transaction of its own, which deletes
 * it: by the instance that queued it (a kick after the commit), or by any instance's poller every
 * NOTIFICATION_JOBS_INTERVAL_MS (a job is taken FOR UPDATE SKIP LOCKED, so by one of them). A job
 * that fails is tried again later (notificationJobRetryMs), NOTIFICATION_JOB_ATTEMPTS times in all,
 * then kept as failed, with its error, until retention deletes it. Erasure takes the person out of
 * every job (`NotificationsErasure`). With BACKGROUND_WORK=off neither the kick nor the poller runs.
 */
@Injectable()
export class NotificationJobs implements OnModuleDestroy {
  private readonly logger = new Logger(NotificationJobs.name);
  private readonly passes = new SerialPasses(() => this.drain());
  private enabled: boolean;

  constructor(
    private readonly repo: NotificationJobsRepository,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionRunner,
    config: ConfigService<Env, true>,
  ) {
    this.enabled = config.get('BACKGROUND_WORK', { infer: true }) === 'on';
  }

  /** No pass starts any more; the one running is let finish (its transaction, its pushes). */
  async onModuleDestroy(): Promise<void> {
    this.enabled = false;
    await this.passes.settled();
  }

  /** Queues the notices in `em`'s transaction; written once it has committed. */
  async queue(em: EntityManager, notices: QueuedNotices): Promise<void> {
    await this.repo.insert(em, notices);
    this.tx.afterCommit(em, () => {
      this.kick();
      return Promise.resolve();
    });
  }

  /** `queue` for drafts: one job per type, each recipient's message and data their draft's. */
  async queueDrafts(em: EntityManager, drafts: readonly NotificationDraft[]): Promise<void> {
    const byType = new Map<string, NotificationDraft[]>();
    for (const draft of drafts) {
      const same = byType.get(draft.type);
      if (same) same.push(draft);
      else byType.set(draft.type, [draft]);
    }
    for (const [type, same] of byType) {
      await this.queue(em, {
        type,
        userIds: same.map((d) => d.userId),
        texts: {
          each: { messages: same.map((d) => d.message), data: same.map((d) => JSON.stringify(draftData(d))) },
        },
      });
    }
  }

  /** `queue` for one notice to many people. */
  async queueShared(
    em: EntityManager,
    notice: Omit<NotificationDraft, 'userId'>,
    userIds: readonly string[],
  ): Promise<void> {
    if (userIds.length === 0) return;
    await this.queue(em, {
      type: notice.type,
      userIds,
      texts: { shared: { message: notice.message, data: JSON.stringify(draftData(notice)) } },
    });
  }

  @Interval('notification-jobs', NOTIFICATION_JOBS_INTERVAL_MS)
  async tick(): Promise<void> {
    if (!this.enabled) return;
    await this.processPending().catch((err: unknown) => this.passFailed(err));
  }

  /** Starts a pass without waiting for it (none with BACKGROUND_WORK=off). */
  kick(): void {
    if (!this.enabled) return;
    this.processPending().catch((err: unknown) => this.passFailed(err));
  }

  /**
   * Writes the jobs due until none is left (after any pass already running in this instance);
   * resolves with how many jobs this pass wrote or failed. Tests and the round worker call it.
   */
  processPending(): Promise<number> {
    return this.passes.run();
  }

  private passFailed(err: unknown): void {
    this.logger.error({ err }, 'a notification jobs pass failed; retrying on the next tick');
  }

  private async drain(): Promise<number> {
    let done = 0;
    while (await this.writeOne()) done += 1;
    return done;
  }

  /** One job due, written and deleted in one transaction; false when none is due. */
  private async writeOne(): Promise<boolean> {
    const taken: { job: TakenJob | null } = { job: null };
    try {
      return await this.tx.run(async (em) => {
        taken.job = await this.repo.takeDue(em);
        if (!taken.job) return false;
        await this.notifications.recordFrom(em, this.repo.noticesOf(taken.job.id));
        await this.repo.delete(em, taken.job.id);
        return true;
      });
    } catch (err) {
      const job = taken.job;
      if (!job) throw err;
      const attempts = job.attempts + 1;
      const last = attempts >= NOTIFICATION_JOB_ATTEMPTS;
      this.logger.error(
        { err, jobId: job.id, attempts },
        last
          ? `notification job ${job.id} failed ${attempts} times: kept as failed`
          : `notification job ${job.id} failed; tried again later`,
      );
      const message = err instanceof Error ? err.message : String(err);
      await this.repo.recordFailure(job.id, message, last ? null : notificationJobRetryMs(attempts));
      return true;
    }
  }
}
