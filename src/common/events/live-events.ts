import { Injectable } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';

/**
 * Fan-out of live events (GraphQL subscriptions) to every API instance. Publish only after the
 * transaction that produced the event has committed; subscribers filter by recipient. Delivery is
 * best effort, like any push: what an event says is also stored and can be queried.
 *
 * Two transports: PostgreSQL LISTEN/NOTIFY (default: every instance on the same database gets every
 * event, nothing else to run) and in memory (one process only; for a database that cannot LISTEN,
 * such as a transaction-pooling PgBouncer).
 */
export abstract class LiveEvents {
  abstract publish(topic: string, payload: object): Promise<void>;
  abstract subscribe<T>(topic: string): AsyncIterableIterator<T>;

  /**
   * Many events of one topic as few messages (one per LIVE_EVENT_BATCH items), each event delivered
   * under its key: to the subscribers of `subscribeKeys(topic, [key])` only, with no filter over the
   * other sockets (a key is a recipient: a user, a round). An item without a key goes to
   * `subscribe(topic)`.
   */
  abstract publishBatch(topic: string, items: readonly LiveEventItem[]): Promise<void>;

  /** The events published under any of these keys of the topic. */
  abstract subscribeKeys<T>(topic: string, keys: readonly string[]): AsyncIterableIterator<T>;
}

/**
 * One event of a batch: `key` addresses it (null: every subscriber of the topic); or `keys`, several
 * recipients of one event (an application's candidate, its host staff, HR of the host): it travels
 * once and is handed to each key's subscribers with `via` (that key) added to the payload, so that a
 * subscriber holding several of the keys can take it once.
 */
export type LiveEventItem =
  { key: string | null; payload: object } | { keys: readonly string[]; payload: object };

/** Events per message of a batch (a message over NOTIFY's size limit travels by reference). */
export const LIVE_EVENT_BATCH = 1_000;

/** The local trigger of a keyed event: `topic` alone for unkeyed ones. */
export function triggerOf(topic: string, key: string | null): string {
  return key === null ? topic : `${topic}/${key}`;
}

/** Hands a batch's events to the local subscribers, each under its own trigger. */
export async function deliverBatch(
  local: PubSub<Record<string, object>>,
  topic: string,
  items: readonly LiveEventItem[],
): Promise<void> {
  for (const item of items) {
    if ('keys' in item) {
      for (const key of item.keys) await local.publish(triggerOf(topic, key), { ...item.payload, via: key });
    } else {
      await local.publish(triggerOf(topic, item.key), item.payload);
    }
  }
}

/** Reaches the subscribers of this process only. */
@Injectable()
export class InMemoryLiveEvents extends LiveEvents {
  private readonly local = new PubSub<Record<string, object>>();

  publish(topic: string, payload: object): Promise<void> {
    return this.local.publish(topic, payload);
  }

  subscribe<T>(topic: string): AsyncIterableIterator<T> {
    return this.local.asyncIterableIterator<T>(topic);
  }

  publishBatch(topic: string, items: readonly LiveEventItem[]): Promise<void> {
    return deliverBatch(this.local, topic, items);
  }

  subscribeKeys<T>(topic: string, keys: readonly string[]): AsyncIterableIterator<T> {
    return this.local.asyncIterableIterator<T>(keys.map((key) => triggerOf(topic, key)));
  }
}
