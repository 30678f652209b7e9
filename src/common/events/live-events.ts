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
}
