import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Interval } from '@nestjs/schedule';
import { SerialPasses } from '../common/serial-passes';
import { Env } from '../config/env.schema';
import { NotificationJobs } from '../notifications/notification-jobs';
import { RoundRunsService } from './round-runs.service';

/** How often every instance looks for queued allocation runs. */
export const ROUND_WORKER_INTERVAL_MS = 5_000;

/**
 * Runs queued allocation runs in the background. Every API instance runs a worker; a run is claimed
 * with FOR UPDATE SKIP LOCKED, so each is processed by one instance. `kick()` starts a pass right
 * after a run is queued; the interval catches whatever a kick missed (another instance queued it,
 * or this instance restarted). Within one instance passes never overlap (`SerialPasses`).
 * With BACKGROUND_WORK=off the instance serves the API only: neither the interval nor a kick runs
 * anything (instances with it on pick the queued runs up).
 */
@Injectable()
export class RoundWorker {
  private readonly logger = new Logger(RoundWorker.name);
  private readonly passes = new SerialPasses(() => this.drain());

  private readonly enabled: boolean;

  constructor(
    private readonly runs: RoundRunsService,
    private readonly notices: NotificationJobs,
    config: ConfigService<Env, true>,
  ) {
    this.enabled = config.get('BACKGROUND_WORK', { infer: true }) === 'on';
  }

  @Interval('round-runs', ROUND_WORKER_INTERVAL_MS)
  async tick(): Promise<void> {
    if (!this.enabled) return;
    await this.processPending().catch((err: unknown) => this.failed(err));
  }

  /** Starts a pass without waiting for it (none with BACKGROUND_WORK=off). */
  kick(): void {
    if (!this.enabled) return;
    this.processPending().catch((err: unknown) => this.failed(err));
  }

  private failed(err: unknown): void {
    this.logger.error({ err }, 'a round worker pass failed; retrying on the next tick');
  }

  /**
   * Processes queued runs until none is left (after any pass already running in this instance),
   * then the notices they queued (`NotificationJobs`: those a kick after a run's commit has not
   * written yet); resolves with how many runs this pass processed. Tests call it to run queued work
   * deterministically.
   */
  processPending(): Promise<number> {
    return this.passes.run();
  }

  private async drain(): Promise<number> {
    let processed = 0;
    for (;;) {
      let claimed;
      try {
        claimed = await this.runs.claim();
      } catch (err) {
        this.logger.error({ err }, 'could not claim a round run; retrying on the next tick');
        return processed;
      }
      if (!claimed) {
        if (processed > 0) await this.notices.processPending();
        return processed;
      }
      await this.runs.process(claimed);
      processed += 1;
    }
  }
}
