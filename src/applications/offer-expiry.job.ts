import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Interval } from '@nestjs/schedule';
import { Env } from '../config/env.schema';
import { ApplicationWorkflowService } from './application-workflow.service';

/** How often every instance looks for offers past their response deadline. */
export const OFFER_EXPIRY_INTERVAL_MS = 60_000;

/**
 * Moves OFFERED applications past their response deadline to EXPIRED (with a transition row and
 * notifications). Every instance runs it; FOR UPDATE SKIP LOCKED keeps them from expiring an offer
 * twice, so no leader election is needed.
 */
@Injectable()
export class OfferExpiryJob {
  private readonly logger = new Logger(OfferExpiryJob.name);
  private running = false;

  /** BACKGROUND_WORK=off: this instance serves the API only. */
  private readonly enabled: boolean;

  constructor(
    private readonly applications: ApplicationWorkflowService,
    config: ConfigService<Env, true>,
  ) {
    this.enabled = config.get('BACKGROUND_WORK', { infer: true }) === 'on';
  }

  @Interval('offer-expiry', OFFER_EXPIRY_INTERVAL_MS)
  async tick(): Promise<void> {
    // A slow run is not overlapped by the next tick of this instance; BACKGROUND_WORK=off: none.
    if (this.running || !this.enabled) return;
    this.running = true;
    try {
      const expired = await this.expireDueOffers();
      if (expired > 0) this.logger.log(`expired ${expired} offer(s)`);
    } catch (err) {
      this.logger.error({ err }, 'offer expiry failed; retrying on the next tick');
    } finally {
      this.running = false;
    }
  }

  /** Expires the offers due before `now` (default: the current time); returns how many. */
  expireDueOffers(now: Date = new Date()): Promise<number> {
    return this.applications.expireDueOffers(now);
  }
}
