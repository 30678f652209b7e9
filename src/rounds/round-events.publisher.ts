import { Injectable } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { RoundRunEntity } from './entities/round.entity';

/** A run of the round changed status (published after the change committed). */
export interface RoundRunUpdatedEvent {
  roundId: string;
  /** HR of this organisation (and admins) may follow it. */
  organisationId: string;
  run: RoundRunEntity;
}

const ROUND_RUN_UPDATED = 'roundRunUpdated';

/**
 * Fan-out of run status changes to GraphQL subscriptions (graphql-ws, set up by the notifications
 * feature). In memory, like NotificationsPublisher: it reaches subscribers of THIS instance only;
 * with several instances, bind a PostgreSQL LISTEN/NOTIFY or Redis PubSubEngine here.
 */
@Injectable()
export class RoundEventsPublisher {
  private readonly pubsub = new PubSub<Record<string, RoundRunUpdatedEvent>>();

  runUpdated(event: RoundRunUpdatedEvent): Promise<void> {
    return this.pubsub.publish(ROUND_RUN_UPDATED, event);
  }

  runUpdatedEvents(): AsyncIterableIterator<RoundRunUpdatedEvent> {
    return this.pubsub.asyncIterableIterator<RoundRunUpdatedEvent>(ROUND_RUN_UPDATED);
  }
}
