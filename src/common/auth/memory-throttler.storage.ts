import { OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Parts a window of `ttl` is counted in: a hit is forgotten between `ttl - ttl / SLOTS` and `ttl` after it. */
const SLOTS = 10;

/** One client's hits for one throttler: counts per tenth of `ttl`, a ring of the last SLOTS. */
interface Counter {
  ttl: number;
  /** Hits per slot; slot n (n = floor(time / (ttl / SLOTS))) is at n % SLOTS. */
  slots: number[];
  /** The newest slot counted into `slots` (absolute n). */
  newest: number;
  /** Hits in the ring. */
  total: number;
  /** While now is before this (ms since the epoch), the client is refused; 0: not blocked. */
  blockedUntil: number;
}

/**
 * @nestjs/throttler's counters in this process (RATE_LIMIT_STORE=memory, one instance), at a fixed
 * cost per hit, where the library's own memory store kept a timestamp per hit and filtered the
 * whole list on every request (with one busy client, every request of the last minute).
 *
 * Per client and throttler, the hits of the last `ttl` are counted in ten slots of `ttl / 10`: a hit
 * leaves the count between 0.9 `ttl` and `ttl` after it (the library: exactly `ttl`), so a client
 * that keeps to the limit is never refused, and one that does not is refused after at most a slot's
 * worth of extra hits. Otherwise as before: a hit that takes the count over `limit` blocks the client
 * for `blockDuration`, refused hits are not counted, and when the block ends the count starts
 * afresh. `timeToExpire` (X-RateLimit-Reset) is the time until the oldest counted hit leaves the
 * count; `timeToBlockExpire` (Retry-After) the time until the block ends.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly counters = new Map<string, Counter>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    sweepEveryMs = 60_000,
  ) {
    // Idle clients are forgotten once both windows and any block are over.
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.incrementNow(key, ttl, limit, blockDuration, throttlerName));
  }

  /** increment, answered at once (no promise). */
  incrementNow(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ThrottlerStorageRecord {
    return this.hit(`${throttlerName}:${key}`, ttl, limit, blockDuration);
  }

  /** How many clients are tracked (for tests). */
  get size(): number {
    return this.counters.size;
  }

  /** Forgets the counters no longer needed (no hit in the last `ttl`, not blocked). */
  sweep(): void {
    const now = this.now();
    for (const [id, c] of this.counters) {
      if (slotOf(now, c.ttl) - c.newest >= SLOTS && c.blockedUntil <= now) this.counters.delete(id);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private hit(id: string, ttl: number, limit: number, blockDuration: number): ThrottlerStorageRecord {
    const now = this.now();
    const slot = slotOf(now, ttl);
    let c = this.counters.get(id);
    if (!c || c.ttl !== ttl) {
      c = { ttl, slots: new Array<number>(SLOTS).fill(0), newest: slot, total: 0, blockedUntil: 0 };
      this.counters.set(id, c);
    } else {
      advance(c, slot);
    }
    if (c.blockedUntil > now) {
      return {
        totalHits: Math.max(c.total, limit + 1),
        timeToExpire: timeToExpire(c, now),
        isBlocked: true,
        timeToBlockExpire: seconds(c.blockedUntil - now),
      };
    }
    if (c.blockedUntil !== 0) {
      // The block is over: counting starts afresh, with this hit.
      c.blockedUntil = 0;
      c.slots.fill(0);
      c.total = 0;
    }
    if (blockDuration <= 0 && c.total >= limit) {
      // No block: refused (and not counted) while the last `ttl` holds `limit` hits.
      const wait = timeToExpire(c, now);
      return { totalHits: c.total + 1, timeToExpire: wait, isBlocked: true, timeToBlockExpire: wait };
    }
    c.slots[slot % SLOTS]++;
    c.total++;
    const totalHits = c.total;
    if (totalHits > limit && blockDuration > 0) {
      c.blockedUntil = now + blockDuration;
      return {
        totalHits,
        timeToExpire: timeToExpire(c, now),
        isBlocked: true,
        timeToBlockExpire: seconds(blockDuration),
      };
    }
    return { totalHits, timeToExpire: timeToExpire(c, now), isBlocked: false, timeToBlockExpire: 0 };
  }
}

function slotOf(time: number, ttl: number): number {
  return Math.floor((time * SLOTS) / ttl);
}

/** Moves the ring on to `slot`, emptying the slots that fell out of it (at most SLOTS steps). */
function advance(c: Counter, slot: number): void {
  if (slot <= c.newest) return;
  if (slot - c.newest >= SLOTS) {
    c.slots.fill(0);
    c.total = 0;
  } else {
    for (let n = c.newest + 1; n <= slot; n++) {
      c.total -= c.slots[n % SLOTS];
      c.slots[n % SLOTS] = 0;
    }
  }
  c.newest = slot;
}

/** Seconds until the oldest counted hit leaves the count (a full `ttl` when none is counted). */
function timeToExpire(c: Counter, now: number): number {
  for (let n = c.newest - SLOTS + 1; n <= c.newest; n++) {
    if (c.slots[((n % SLOTS) + SLOTS) % SLOTS] > 0) return seconds(((n + SLOTS) * c.ttl) / SLOTS - now);
  }
  return seconds(c.ttl);
}

function seconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}
