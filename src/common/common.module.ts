import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Env } from '../config/env.schema';
import { TransactionRunner } from './database/transaction';
import { InMemoryLiveEvents, LiveEvents } from './events/live-events';
import { Outbox } from './events/outbox';
import { OutboxRepository } from './events/outbox.repository';
import { PgLiveEvents } from './events/pg-live-events';
import { ReusedAnswers } from './graphql/reused-answers';

/** Cross-cutting providers every feature may inject. */
@Global()
@Module({
  providers: [
    TransactionRunner,
    OutboxRepository,
    Outbox,
    ReusedAnswers,
    {
      provide: LiveEvents,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>): LiveEvents =>
        config.get('LIVE_EVENTS', { infer: true }) === 'memory'
          ? new InMemoryLiveEvents()
          : new PgLiveEvents(config),
    },
  ],
  exports: [TransactionRunner, LiveEvents, Outbox, ReusedAnswers],
})
export class CommonModule {}
