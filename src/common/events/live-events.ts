import { Injectable } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { EventEmitter } from 'node:events';
import { EntityManager } from 'typeorm';
import { SqlSource } from '../database/sql-source';

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

  /**
   * Publishes stored messages without reading them into Node: `source` yields their rows in publish
   * order, columns `topic text` and `body text` (a payload, or a `StoredBatch`, as the live event
   * codec encodes them). They are written as part of `em`'s transaction: they go out when it
   * commits, never when it rolls back. False (and nothing done) when this transport cannot do that
   * now (in memory, or PostgreSQL while not listening): the caller then decodes and publishes them.
   */
  publishStored(_em: EntityManager, _source: SqlSource): Promise<boolean> {
    return Promise.resolve(false);
  }

  /**
   * While this instance hears the database's notifications (what triggers announce at commit, on
   * every instance): a number that changes with every new listening connection, so that a cache
   * can tell that notifications may have been missed in between; null while it does not listen
   * (and always in memory).
   */
  get listeningEpoch(): number | null {
    return null;
  }
}

/**
 * One event of a batch: `key` addresses it (null: every subscriber of the topic); or `keys`, several
 * recipients of one event (an application's candidate, its host staff, HR of the host): it travels
 * once and is handed to each key's subscribers with `via` (that key) added to the payload, so that a
 * subscriber holding several of the keys can take it once.
 */
export type LiveEventItem =
  | { key: string | null; payload: object }
  | { keys: readonly string[]; payload: object }
  | LiveEventGroup
  | LiveEventColumns;

/**
 * Several events that share part of their keys and of their payload, as one item (a round's status
 * changes of one opportunity: its host staff's keys and its audience and id once, each change its
 * candidate's key and its own fields): each member is the event `payload` with the member's
 * `payload` merged into it one level deep (`{ a: { x } }` and `{ a: { y } }` give `{ a: { x, y } }`),
 * delivered under the shared `keys` and the member's own, exactly as a `keys` item of that event.
 */
export interface LiveEventGroup {
  keys: readonly string[];
  payload: Record<string, unknown>;
  each: readonly { keys: readonly string[]; payload: Record<string, unknown> }[];
}

/**
 * A `LiveEventGroup` written as columns (a round's status changes of one opportunity, as PostgreSQL
 * builds them: a list per field rather than an object per change, so that nothing is written per
 * change but its values). Member `i`'s own payload is `{ [name]: { [field]: columns[name][field][i] } }`
 * for every column, merged into the shared `payload` as a group's member is; its own key is
 * `memberKey.prefix` followed by its value of the column `memberKey.of` (none when that is one of the
 * shared `keys` already: each key of an event once). Every column has one value per member.
 */
export interface LiveEventColumns {
  keys: readonly string[];
  payload: Record<string, unknown>;
  columns: Record<string, Record<string, readonly unknown[]>>;
  memberKey: LiveEventMemberKey;
}

/** How a `LiveEventColumns` member's own key is made of one of its values. */
export interface LiveEventMemberKey {
  prefix: string;
  of: readonly [name: string, field: string];
}

/** How many members a `LiveEventColumns` item has. */
function columnsLength(item: LiveEventColumns): number {
  return item.columns[item.memberKey.of[0]]?.[item.memberKey.of[1]]?.length ?? 0;
}

/** Member `i` of a `LiveEventColumns` item: its own keys (none or one). */
function columnsMemberKeys(item: LiveEventColumns, i: number, shared: ReadonlySet<string>): string[] {
  const key = `${item.memberKey.prefix}${String(item.columns[item.memberKey.of[0]][item.memberKey.of[1]][i])}`;
  return shared.has(key) ? [] : [key];
}

/** Member `i` of a `LiveEventColumns` item as the event it stands for. */
function columnsMemberPayload(item: LiveEventColumns, i: number): Record<string, unknown> {
  const own: Record<string, unknown> = {};
  for (const [name, fields] of Object.entries(item.columns)) {
    const part: Record<string, unknown> = {};
    for (const [field, values] of Object.entries(fields)) part[field] = values[i];
    own[name] = part;
  }
  return groupMemberEvent(item.payload, own);
}

/** A group's member as the event it stands for (see `LiveEventGroup`). */
export function groupMemberEvent(
  shared: Record<string, unknown>,
  own: Record<string, unknown>,
): Record<string, unknown> {
  const event: Record<string, unknown> = { ...shared };
  for (const [name, value] of Object.entries(own)) {
    const base = event[name];
    event[name] = isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value;
  }
  return event;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** The events of an item as `keys` (or `key`) items: a group's members each as its own. */
export function eventsOfItem(
  item: LiveEventItem,
): Exclude<LiveEventItem, LiveEventGroup | LiveEventColumns>[] {
  if ('columns' in item) {
    const shared = new Set(item.keys);
    return Array.from({ length: columnsLength(item) }, (_, i) => ({
      keys: [...columnsMemberKeys(item, i, shared), ...item.keys],
      payload: columnsMemberPayload(item, i),
    }));
  }
  if (!('each' in item)) return [item];
  return item.each.map((m) => ({
    keys: [...m.keys, ...item.keys],
    payload: groupMemberEvent(item.payload, m.payload),
  }));
}

/**
 * A batch of one topic's events as one stored message (an outbox row, a stored live event payload):
 * `{"$batch": [item, ...]}`.
 */
export interface StoredBatch {
  $batch: LiveEventItem[];
}

export function isStoredBatch(body: object): body is StoredBatch {
  return Array.isArray((body as Partial<StoredBatch>).$batch);
}

/** Events per message of a batch (a message over NOTIFY's size limit travels by reference). */
export const LIVE_EVENT_BATCH = 1_000;

/** The local trigger of a keyed event: `topic` alone for unkeyed ones. */
export function triggerOf(topic: string, key: string | null): string {
  return key === null ? topic : `${topic}/${key}`;
}

/**
 * This process's subscribers, by trigger. An event is handed over only where a subscriber is
 * waiting for it: a batch of 100,000 events for users mostly connected elsewhere (or not at all)
 * costs a lookup per key, not a copy of each payload. The keys followed are kept per topic as
 * subscribers come and go (a topic has no `/` in its name), so asking for them costs nothing per
 * event.
 */
export class LocalSubscribers {
  private readonly emitter = new EventEmitter();
  private readonly pubsub = new PubSub<Record<string, object>>({ eventEmitter: this.emitter });
  /** Topic -> the keys of it that have a subscriber here ('' for the topic itself). */
  private readonly followed = new Map<string, Set<string>>();

  constructor() {
    this.emitter.on('newListener', (trigger: string | symbol) => {
      if (typeof trigger !== 'string' || this.emitter.listenerCount(trigger) > 0) return;
      const [topic, key] = LocalSubscribers.split(trigger);
      let keys = this.followed.get(topic);
      if (!keys) this.followed.set(topic, (keys = new Set()));
      keys.add(key);
    });
    this.emitter.on('removeListener', (trigger: string | symbol) => {
      if (typeof trigger !== 'string' || this.emitter.listenerCount(trigger) > 0) return;
      const [topic, key] = LocalSubscribers.split(trigger);
      const keys = this.followed.get(topic);
      keys?.delete(key);
      if (keys?.size === 0) this.followed.delete(topic);
    });
  }

  private static split(trigger: string): [topic: string, key: string] {
    const slash = trigger.indexOf('/');
    return slash < 0 ? [trigger, ''] : [trigger.slice(0, slash), trigger.slice(slash + 1)];
  }

  iterator<T>(triggers: readonly string[]): AsyncIterableIterator<T> {
    return this.pubsub.asyncIterableIterator<T>([...triggers]);
  }

  has(trigger: string): boolean {
    return this.emitter.listenerCount(trigger) > 0;
  }

  /** Whether anyone here follows the topic, under any key or none. */
  follows(topic: string): boolean {
    return this.followed.has(topic);
  }

  /** The keys of the topic someone here follows. */
  keysOf(topic: string): string[] {
    const keys = this.followed.get(topic);
    return keys ? [...keys].filter((key) => key !== '') : [];
  }

  publish(trigger: string, payload: object): void {
    this.emitter.emit(trigger, payload);
  }

  /** Hands one event of a batch to the subscribers of its key(s) here, if there are any. */
  deliverItem(topic: string, item: LiveEventItem): void {
    if ('columns' in item) {
      // As a group's: a member's event is made only for a socket here that follows one of its keys;
      // its own key is one string and a lookup (most candidates are connected elsewhere or not at all).
      const followed = item.keys.filter((key) => this.has(triggerOf(topic, key)));
      const shared = new Set(item.keys);
      for (let i = 0, n = columnsLength(item); i < n; i++) {
        const own = columnsMemberKeys(item, i, shared);
        const keys = followed.length > 0 ? [...own, ...item.keys] : own;
        let event: Record<string, unknown> | null = null;
        for (const key of keys) {
          const trigger = triggerOf(topic, key);
          if (!this.has(trigger)) continue;
          event ??= columnsMemberPayload(item, i);
          this.emitter.emit(trigger, { ...event, via: key });
        }
      }
    } else if ('each' in item) {
      // A member is made into its event only when someone here follows one of its keys.
      const shared = item.keys.filter((key) => this.has(triggerOf(topic, key)));
      for (const member of item.each) {
        const keys = shared.length > 0 ? [...member.keys, ...item.keys] : member.keys;
        let event: Record<string, unknown> | null = null;
        for (const key of keys) {
          const trigger = triggerOf(topic, key);
          if (!this.has(trigger)) continue;
          event ??= groupMemberEvent(item.payload, member.payload);
          this.emitter.emit(trigger, { ...event, via: key });
        }
      }
    } else if ('keys' in item) {
      for (const key of item.keys) {
        const trigger = triggerOf(topic, key);
        if (this.has(trigger)) this.emitter.emit(trigger, { ...item.payload, via: key });
      }
    } else {
      this.emitter.emit(triggerOf(topic, item.key), item.payload);
    }
  }

  /** Hands a batch's events to the local subscribers, each under its own trigger. */
  deliverBatch(topic: string, items: readonly LiveEventItem[]): void {
    for (const item of items) this.deliverItem(topic, item);
  }
}

/** Reaches the subscribers of this process only. */
@Injectable()
export class InMemoryLiveEvents extends LiveEvents {
  private readonly local = new LocalSubscribers();

  publish(topic: string, payload: object): Promise<void> {
    this.local.publish(topic, payload);
    return Promise.resolve();
  }

  subscribe<T>(topic: string): AsyncIterableIterator<T> {
    return this.local.iterator<T>([topic]);
  }

  publishBatch(topic: string, items: readonly LiveEventItem[]): Promise<void> {
    this.local.deliverBatch(topic, items);
    return Promise.resolve();
  }

  subscribeKeys<T>(topic: string, keys: readonly string[]): AsyncIterableIterator<T> {
    return this.local.iterator<T>(keys.map((key) => triggerOf(topic, key)));
  }
}
