import { LRUCache } from 'lru-cache';
import { LiveEvents } from '../events/live-events';

/**
 * Rows by id, kept in this process for a bounded time (least recently used go first when full).
 * Misses are read in one batch. `forget` drops rows at once; a read that was under way when rows
 * were forgotten is not stored, so a change cannot be undone by a read that started before it.
 * A lifetime of 0 keeps nothing (every read goes to the loader).
 */
export class RowCache<T extends object> {
  private readonly cache: LRUCache<string, T> | null;
  private generation = 0;

  constructor(opts: { ttlMs: number; max: number }) {
    this.cache = opts.ttlMs > 0 ? new LRUCache<string, T>({ max: opts.max, ttl: opts.ttlMs }) : null;
  }

  get enabled(): boolean {
    return this.cache !== null;
  }

  /** The rows of `ids` that exist, cached or read with `load` (one call for all misses). */
  async getMany(ids: readonly string[], load: (missing: string[]) => Promise<T[]>, idOf: (row: T) => string) {
    const found: T[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const hit = this.cache?.get(id);
      if (hit) found.push(hit);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const generation = this.generation;
    const loaded = await load(missing);
    if (this.cache && generation === this.generation)
      for (const row of loaded) this.cache.set(idOf(row), row);
    return found.concat(loaded);
  }

  /** The row while it is cached and fresh, without reading: lets a field answer without a promise. */
  peek(id: string): T | undefined {
    return this.cache?.get(id);
  }

  /** Drops the given rows, or every row. */
  forget(ids: readonly string[] | 'all'): void {
    this.generation++;
    if (ids === 'all') this.cache?.clear();
    else for (const id of ids) this.cache?.delete(id);
  }

  /**
   * Forgets the rows that each event on `topic` names (another instance changed or ended them) until
   * the returned stop is called; `onError` hears why following ended early, after which entries live
   * their full lifetime. A disabled cache follows nothing.
   */
  forgetOn<E>(
    events: LiveEvents,
    topic: string,
    idsOf: (event: E) => readonly string[] | 'all',
    onError: (err: unknown) => void,
  ): () => Promise<void> {
    if (!this.cache) return () => Promise.resolve();
    const stream = events.subscribe<E>(topic);
    void (async () => {
      try {
        for await (const event of stream) this.forget(idsOf(event));
      } catch (err) {
        onError(err);
      }
    })();
    return async () => {
      await stream.return?.();
    };
  }
}
