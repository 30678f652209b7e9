import { Injectable } from '@nestjs/common';
import { LiveEvents } from '../common/events/live-events';
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
 * Run status changes for GraphQL subscriptions (graphql-ws, set up by the notifications feature),
 * over LiveEvents: the instance whose worker runs the job need not be the one HR is connected to.
 * A finished run carries its assignment, which can pass NOTIFY's size limit: LiveEvents stores it.
 */
@Injectable()
export class RoundEventsPublisher {
  constructor(private readonly live: LiveEvents) {}

  /** Keyed by round: it reaches the sockets following that round only. */
  runUpdated(event: RoundRunUpdatedEvent): Promise<void> {
    return this.live.publishBatch(ROUND_RUN_UPDATED, [{ key: event.roundId, payload: event }]);
  }

  runUpdatedEventsOf(roundId: string): AsyncIterableIterator<RoundRunUpdatedEvent> {
    return this.live.subscribeKeys<RoundRunUpdatedEvent>(ROUND_RUN_UPDATED, [roundId]);
  }
}
