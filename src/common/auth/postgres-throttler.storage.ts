import { ThrottlerStorage } from '@nestjs/throttler';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** The table the counters live in (migration 1795700000000-RateLimits; never created at run time). */
export const RATE_LIMIT_TABLE = 'rate_limits';

/**
 * @nestjs/throttler's counters in PostgreSQL, through rate-limiter-flexible's RateLimiterPostgres:
 * every API instance on the database counts into the same bucket for a client (one atomic upsert
 * per counted request, on the app's own connection pool). A client over its limit is blocked for
 * the throttler's block duration in the table, and for as long in this process's memory (no more
 * queries for it meanwhile). Should the database not answer, the counters fall back to this
 * process's memory (the library's insurance limiter) rather than failing requests. Keys are stored
 * hashed (SHA-256), so they fit the table's column whatever the client address and operation.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly dataSource: DataSource) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const limiter = this.limiter(throttlerName, ttl, limit, blockDuration);
    try {
      const res = await limiter.consume(createHash('sha256').update(key).digest('hex'));
      return {
        totalHits: res.consumedPoints,
        timeToExpire: seconds(res.msBeforeNext),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return {
        totalHits: rejection.consumedPoints,
        timeToExpire: seconds(rejection.msBeforeNext),
        isBlocked: true,
        timeToBlockExpire: seconds(rejection.msBeforeNext),
      };
    }
  }

  /** One limiter per throttler and its numbers (they are fixed per throttler, or per route override). */
  private limiter(name: string, ttl: number, limit: number, blockDuration: number): RateLimiterAbstract {
    const id = `${name}:${ttl}:${limit}:${blockDuration}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const numbers = {
        keyPrefix: id,
        points: limit,
        duration: Math.max(1, Math.ceil(ttl / 1000)),
        blockDuration: Math.max(1, Math.ceil(blockDuration / 1000)),
      };
      limiter = new RateLimiterPostgres({
        ...numbers,
        storeClient: this.dataSource,
        storeType: 'typeorm',
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        inMemoryBlockOnConsumed: limit + 1,
        inMemoryBlockDuration: numbers.blockDuration,
        insuranceLimiter: new RateLimiterMemory(numbers),
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

function seconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}
