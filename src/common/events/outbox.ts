import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource, EntityManager } from 'typeorm';
import { Env } from '../../config/env.schema';
import { SqlSource } from '../database/sql-source';
import { TransactionRunner } from '../database/transaction';
import { decodeLiveEvent, encodeLiveEvent } from './live-event-codec';
import { isStoredBatch, LIVE_EVENT_BATCH, LiveEventItem, LiveEvents, StoredBatch } from './live-events';
import { OutboxRepository } from './outbox.repository';

/** A live event to publish once the transaction that caused it has committed. */
export interface OutboxMessage {
  topic: string;
  payload: object;
}

/** The poller's name in the SchedulerRegistry. */
export const OUTBOX_POLLER = 'outbox';
/** Rows published per transaction. */
const DELIVERY_BATCH = 500;

/**
 * The transactional outbox of live events. A use case `stage`s the events it causes in its own
 * transaction (rows of `outbox_events`): they commit or roll back with what they announce. After the
 * commit, the transaction's after-commit hook publishes them over LiveEvents and deletes them. When
 * that does not happen (the process died right after the commit, the publish failed, or the caller's
 * transaction was not started by TransactionRunner), every instance's poller publishes what is left,
 * every OUTBOX_POLL_INTERVAL_MS. Rows are claimed FOR UPDATE SKIP LOCKED, so with several instances
 * each event is published by one of them: at least once (a crash between publish and delete
 * publishes it again), never before its transaction commits.
 */
@Injectable()
export class Outbox implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(Outbox.name);
  private polling: Promise<number> | null = null;

  constructor(
    private readonly repo: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly live: LiveEvents,
    private readonly dataSource: DataSource,
    private readonly config: ConfigService<Env, true>,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onModuleInit(): void {
    const every = this.config.get('OUTBOX_POLL_INTERVAL_MS', { infer: true });
    const timer = setInterval(() => void this.deliverPending(), every);
    timer.unref();
    this.scheduler.addInterval(OUTBOX_POLLER, timer);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('interval', OUTBOX_POLLER)) this.scheduler.deleteInterval(OUTBOX_POLLER);
    await this.polling;
  }

  /** Writes the messages in `em`'s transaction; they are published after it commits. */
  async stage(em: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const ids = await this.repo.insertMany(
      em,
      messages.map((m) => ({ topic: m.topic, payload: encodeLiveEvent(m.payload) })),
    );
    this.tx.afterCommit(em, async () => {
      await this.deliver(ids);
    });
  }

  /**
   * Many events of one topic, each addressed by its key (see `LiveEvents.publishBatch`), written as
   * one outbox row per LIVE_EVENT_BATCH events in `em`'s transaction; published after it commits,
   * one live message per row.
   */
  async stageBatch(em: EntityManager, topic: string, items: readonly LiveEventItem[]): Promise<void> {
    const messages: OutboxMessage[] = [];
    for (let i = 0; i < items.length; i += LIVE_EVENT_BATCH) {
      messages.push({
        topic,
        payload: { $batch: items.slice(i, i + LIVE_EVENT_BATCH) } satisfies StoredBatch,
      });
    }
    await this.stage(em, messages);
  }

  /**
   * `stageBatch` for events PostgreSQL builds: the rows of `source` (columns `key text` or
   * `keys text[]` as `addressing` says, and `payload json`; or `item text`, each item's JSON text
   * already written; a Date as `liveEventDateSql` writes it) become the batch rows in one
   * INSERT ... SELECT, without passing through Node. Published after
   * `em`'s transaction commits, one live message per row, like `stageBatch`'s.
   * With `heldBy`, the rows are **held** for it instead: written by `em`'s transaction but published
   * only once another transaction has released them (`release`, with the same holder) and committed,
   * or deleted by `dropHeld`. For work split over two transactions where the one that writes the
   * events commits first (a round run's, src/rounds/round-runs.service.ts).
   */
  async stageBatchFrom(
    em: EntityManager,
    topic: string,
    source: SqlSource,
    addressing: 'key' | 'keys' | 'item',
    opts: { heldBy?: string } = {},
  ): Promise<void> {
    const heldBy = opts.heldBy ?? null;
    const ids = await this.repo.insertBatchesFrom(em, topic, source, addressing, LIVE_EVENT_BATCH, heldBy);
    if (ids.length === 0 || heldBy !== null) return;
    this.tx.afterCommit(em, async () => {
      await this.deliver(ids);
    });
  }

  /**
   * Releases the events held for `holder` (`stageBatchFrom`'s `heldBy`) in `em`'s transaction: they
   * are published after it commits (and stay held if it rolls back). Returns how many rows.
   */
  async release(em: EntityManager, holder: string): Promise<number> {
    const ids = await this.repo.release(em, holder);
    if (ids.length > 0) {
      this.tx.afterCommit(em, async () => {
        await this.deliver(ids);
      });
    }
    return ids.length;
  }

  /** Deletes, in `em`'s transaction, the events held for any of `holders`: they are never published. */
  dropHeld(em: EntityManager, holders: readonly string[]): Promise<number> {
    return this.repo.dropHeld(em, holders);
  }

  /**
   * Publishes and deletes the given rows (those still waiting and not held by another deliverer), in
   * batches of 500 (one transaction each); returns how many it published. Never throws: what it
   * cannot publish waits for the poller.
   */
  async deliver(ids: readonly string[]): Promise<number> {
    let total = 0;
    for (let i = 0; i < ids.length; i += DELIVERY_BATCH) {
      const batch = ids.slice(i, i + DELIVERY_BATCH);
      try {
        const { claimed, done } = await this.dataSource.transaction((em) =>
          this.publishClaimed(em, { ids: batch }),
        );
        total += done;
        if (done < claimed) break;
      } catch (err) {
        this.logger.error({ err }, `could not publish ${ids.length - i} outbox event(s); the poller retries`);
        break;
      }
    }
    return total;
  }

  /**
   * Publishes everything waiting, in batches (one transaction each); returns how many. Within an
   * instance passes do not overlap. Never throws.
   */
  deliverPending(): Promise<number> {
    if (this.polling) return this.polling;
    const pass = (async () => {
      let total = 0;
      try {
        for (;;) {
          const { claimed, done } = await this.dataSource.transaction((em) =>
            this.publishClaimed(em, { limit: DELIVERY_BATCH }),
          );
          total += done;
          if (claimed < DELIVERY_BATCH || done < claimed) break;
        }
      } catch (err) {
        this.logger.error({ err }, 'an outbox poll failed; retrying on the next tick');
      }
      if (total > 0) this.logger.log(`published ${total} live event(s) left in the outbox`);
      return total;
    })();
    this.polling = pass;
    return pass.finally(() => {
      this.polling = null;
    });
  }

  /** How many events wait to be published (held ones included). */
  pendingCount(): Promise<number> {
    return this.repo.countPending(this.dataSource.manager);
  }

  /**
   * Publishes the claimed rows in order and deletes those done, in `em`'s transaction. Where the
   * transport can (PostgreSQL), the rows are handed to it in SQL and go out when `em` commits: this
   * instance never reads them. Otherwise they are read and published one by one: a publish that
   * fails stops the batch (the rest waits for the next pass); a row that cannot be decoded is logged
   * and dropped (it would block the outbox for ever). Returns how many were claimed and done.
   */
  private async publishClaimed(
    em: EntityManager,
    which: { ids: readonly string[] } | { limit: number },
  ): Promise<{ claimed: number; done: number }> {
    const ids = await this.repo.claim(em, which);
    if (ids.length === 0) return { claimed: 0, done: 0 };
    if (await this.live.publishStored(em, this.repo.messagesOf(ids))) {
      await this.repo.deleteMany(em, ids);
      return { claimed: ids.length, done: ids.length };
    }
    const rows = await this.repo.read(em, ids);
    const done: string[] = [];
    for (const row of rows) {
      let payload: object;
      try {
        payload = decodeLiveEvent<object>(row.payload);
      } catch (err) {
        this.logger.error({ err }, `outbox event ${row.id} ("${row.topic}") cannot be decoded; dropped`);
        done.push(row.id);
        continue;
      }
      try {
        if (isStoredBatch(payload)) await this.live.publishBatch(row.topic, payload.$batch);
        else await this.live.publish(row.topic, payload);
      } catch (err) {
        this.logger.error(
          { err },
          `could not publish outbox event ${row.id} ("${row.topic}"); retrying later`,
        );
        break;
      }
      done.push(row.id);
    }
    await this.repo.deleteMany(em, done);
    return { claimed: ids.length, done: done.length };
  }
}
