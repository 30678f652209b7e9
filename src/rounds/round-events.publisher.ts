import { Injectable } from '@nestjs/common';
import { LiveEvents } from '../common/events/live-events';
import { RoundRunEntity } from './entities/round.entity';

/** A run of the round changed status (published after the change committed). */
export interface RoundRunUpdatedEvent {
  roundId: string;
  /** HR of this organisation (and admins) may follow it. */
  organisationId: string;
  /**
   * The run's status and summary without its payload (the solved input and the assignment, megabytes
   * at national scale): `roundRunUpdated` loads those by the run's id when a subscriber selects them.
   */
  run: RunWithoutPayload;
}

export type RunWithoutPayload = Omit<RoundRunEntity, 'input' | 'assignment'>;

const ROUND_RUN_UPDATED = 'roundRunUpdated';

/**
 * Run status changes for GraphQL subscriptions (graphql-ws, set up by the notifications feature),
 * over LiveEvents: the instance whose worker runs the job need not be the one HR is connected to.
 * An event carries the run without its input and assignment (loaded by id when a subscriber asks),
 * so a finished run of 300,000 candidates is not copied through NOTIFY to every instance.
 */
@Injectable()
export class RoundEventsPublisher {
  constructor(private readonly live: LiveEvents) {}

  /** Keyed by round: it reaches the sockets following that round only. */
  runUpdated(event: { roundId: string; organisationId: string; run: RoundRunEntity }): Promise<void> {
    const { input: _input, assignment: _assignment, ...run } = event.run;
    const payload: RoundRunUpdatedEvent = {
      roundId: event.roundId,
      organisationId: event.organisationId,
      run,
    };
    return this.live.publishBatch(ROUND_RUN_UPDATED, [{ key: event.roundId, payload }]);
  }

  runUpdatedEventsOf(roundId: string): AsyncIterableIterator<RoundRunUpdatedEvent> {
    return this.live.subscribeKeys<RoundRunUpdatedEvent>(ROUND_RUN_UPDATED, [roundId]);
  }
}
