import { MemoryThrottlerStorage } from '../../../src/common/auth/memory-throttler.storage';

const MINUTE = 60_000;

describe('MemoryThrottlerStorage', () => {
  let now: number;
  let storage: MemoryThrottlerStorage;
  const hit = (key = 'client', limit = 3, blockDuration = MINUTE) =>
    storage.increment(key, MINUTE, limit, blockDuration, 'default');

  beforeEach(() => {
    now = 1_800_000_000_000; // the start of a tenth of a minute
    storage = new MemoryThrottlerStorage(() => now);
  });
  afterEach(() => storage.onModuleDestroy());

  it('counts hits up to the limit and refuses the next one, blocking for the block duration', async () => {
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    now += 10_000;
    expect((await hit()).totalHits).toBe(2);
    expect(await hit()).toEqual({ totalHits: 3, timeToExpire: 50, isBlocked: false, timeToBlockExpire: 0 });
    expect(await hit()).toEqual({ totalHits: 4, timeToExpire: 50, isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    // Refused hits are not counted and do not lengthen the block.
    expect(await hit()).toEqual({ totalHits: 4, timeToExpire: 20, isBlocked: true, timeToBlockExpire: 30 });
    now += 30_000;
    // The block is over: counting starts afresh with this hit (its tenth of a minute began 4 s ago).
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 56, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('keeps clients and throttlers apart', async () => {
    for (let i = 0; i < 3; i++) await hit('a');
    expect((await hit('a')).isBlocked).toBe(true);
    expect((await hit('b')).isBlocked).toBe(false);
    expect((await storage.increment('a', MINUTE, 3, MINUTE, 'login')).totalHits).toBe(1);
  });

  it('forgets a hit a minute after it, to the tenth of a minute', async () => {
    await hit('c');
    now += 20_000;
    await hit('c');
    now += 20_000;
    await hit('c');
    now += 19_000; // 59 s after the first: all three still count
    expect(await hit('c', 3, 0)).toEqual({
      totalHits: 4,
      timeToExpire: 1,
      isBlocked: true,
      timeToBlockExpire: 1,
    });
    now += 1_000; // 60 s after the first: it left the count
    expect(await hit('c')).toEqual({
      totalHits: 3,
      timeToExpire: 18, // the second hit, 20 s in, counts until its tenth (18 to 24 s) is a minute old
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('never refuses a client that keeps to the limit, and refuses one that goes over it', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await hit()).isBlocked).toBe(false); // 3 a minute, one every 20 s, for ten minutes
      now += 20_000;
    }
    for (let i = 0; i < 2; i++) {
      expect((await hit('fast')).isBlocked).toBe(false);
      now += 19_999;
    }
    expect((await hit('fast')).isBlocked).toBe(false);
    now += 19_999; // the fourth hit within 60 s
    expect((await hit('fast')).isBlocked).toBe(true);
  });

  it('without a block duration, refuses while the last minute is full and counts nothing refused', async () => {
    for (let i = 0; i < 3; i++) await hit('d', 3, 0);
    expect(await hit('d', 3, 0)).toEqual({
      totalHits: 4,
      timeToExpire: 60,
      isBlocked: true,
      timeToBlockExpire: 60,
    });
    now += MINUTE;
    expect(await hit('d', 3, 0)).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('forgets idle clients when swept, but not a blocked one', async () => {
    await hit('idle');
    for (let i = 0; i < 4; i++) await hit('blocked', 3, 5 * MINUTE);
    now += MINUTE;
    storage.sweep();
    expect(storage.size).toBe(1);
    now += 4 * MINUTE;
    storage.sweep();
    expect(storage.size).toBe(0);
  });
});
