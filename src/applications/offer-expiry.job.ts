import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { ApplicationsService } from './applications.service';

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

  constructor(private readonly applications: ApplicationsService) {}

  @Interval('offer-expiry', OFFER_EXPIRY_INTERVAL_MS)
  async tick(): Promise<void> {
    if (this.running) return; // a slow run is not overlapped by the next tick of this instance
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
