import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PubSub } from 'graphql-subscriptions';
import { Client } from 'pg';
import { Env } from '../../config/env.schema';
import { decodeLiveEvent, encodeLiveEvent } from './live-event-codec';
import { deliverBatch, LIVE_EVENT_BATCH, LiveEventItem, LiveEvents, triggerOf } from './live-events';

/** The one channel; LISTEN/NOTIFY is per database, so every database has its own. */
export const LIVE_EVENTS_CHANNEL = 'talent_exchange_live';
/** Connections of the listener show up under this name in pg_stat_activity. */
export const LIVE_EVENTS_APPLICATION_NAME = 'talent-exchange-live';
/**
 * NOTIFY refuses payloads of 8000 bytes or more. A bigger event (a finished round run with its
 * assignment) is stored in live_event_payloads and the notification carries its id.
 */
export const INLINE_PAYLOAD_LIMIT = 7_900;
/** Stored payloads are read within milliseconds; older ones are deleted on the next big publish. */
const PAYLOAD_RETENTION = '10 minutes';
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

/** One event, or a batch of keyed events of one topic. */
type Envelope = { topic: string; payload: object } | { topic: string; batch: LiveEventItem[] };

/**
 * Live events over PostgreSQL LISTEN/NOTIFY: one dedicated connection per instance (not from the
 * pool: a LISTEN belongs to its session) both listens and publishes. Every instance, the publishing
 * one included, receives each event from PostgreSQL and hands it to its local subscribers, in the
 * order PostgreSQL delivered them.
 *
 * When the connection drops, it reconnects with backoff (250 ms doubling to 10 s); events published
 * while an instance is disconnected are lost for that instance's subscribers (push is best effort;
 * the data stays queryable), but a publish during the outage still reaches this instance's own
 * subscribers.
 */
@Injectable()
export class PgLiveEvents extends LiveEvents implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PgLiveEvents.name);
  private readonly local = new PubSub<Record<string, object>>();
  private client: Client | null = null;
  private closed = false;
  private retryDelayMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Deliveries run one after another, so a stored payload cannot be overtaken by a later event. */
  private delivery: Promise<void> = Promise.resolve();
  /** Statements on the connection run one after another (pg 9 will not queue them itself). */
  private statements: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: ConfigService<Env, true>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.delivery;
  }

  /** True while this instance listens. */
  get listening(): boolean {
    return this.client !== null;
  }

  async publish(topic: string, payload: object): Promise<void> {
    await this.send({ topic, payload });
  }

  async publishBatch(topic: string, items: readonly LiveEventItem[]): Promise<void> {
    for (let i = 0; i < items.length; i += LIVE_EVENT_BATCH) {
      await this.send({ topic, batch: items.slice(i, i + LIVE_EVENT_BATCH) });
    }
  }

  subscribeKeys<T>(topic: string, keys: readonly string[]): AsyncIterableIterator<T> {
    return this.local.asyncIterableIterator<T>(keys.map((key) => triggerOf(topic, key)));
  }

  /** This instance's subscribers of the envelope's events. */
  private deliverLocally(envelope: Envelope): Promise<void> {
    return 'batch' in envelope
      ? deliverBatch(this.local, envelope.topic, envelope.batch)
      : this.local.publish(envelope.topic, envelope.payload);
  }

  private async send(envelope: Envelope): Promise<void> {
    const { topic } = envelope;
    const client = this.client;
    if (!client) {
      this.logger.warn(`not listening: "${topic}" reaches this instance's subscribers only`);
      await this.deliverLocally(envelope);
      return;
    }
    const text = encodeLiveEvent(envelope);
    try {
      if (Buffer.byteLength(text, 'utf8') <= INLINE_PAYLOAD_LIMIT) {
        await this.query(client, 'SELECT pg_notify($1, $2)', [LIVE_EVENTS_CHANNEL, text]);
      } else {
        await this.query(
          client,
          `DELETE FROM live_event_payloads WHERE created_at < now() - interval '${PAYLOAD_RETENTION}'`,
        );
        // One statement: the notification cannot go out without its stored payload.
        await this.query(
          client,
          `WITH stored AS (INSERT INTO live_event_payloads (body) VALUES ($2) RETURNING id)
           SELECT pg_notify($1, json_build_object('ref', stored.id)::text) FROM stored`,
          [LIVE_EVENTS_CHANNEL, text],
        );
      }
    } catch (err) {
      this.logger.error({ err }, `could not publish "${topic}"; it reaches this instance's subscribers only`);
      // The connection's state is unknown after a failure (a timed-out statement may still run):
      // end it; its 'end' handler reconnects.
      void client.end().catch(() => undefined);
      await this.deliverLocally(envelope);
    }
  }

  subscribe<T>(topic: string): AsyncIterableIterator<T> {
    return this.local.asyncIterableIterator<T>(topic);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({
      connectionString: this.config.get('DATABASE_URL', { infer: true }),
      application_name: LIVE_EVENTS_APPLICATION_NAME,
      keepAlive: true,
      // A publish is a side effect after commit: it must never hold up its caller for long.
      connectionTimeoutMillis: 5_000,
      query_timeout: 5_000,
    });
    let lost = false;
    const onLost = (err?: Error): void => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (!this.closed) {
        this.logger.warn(`live events connection lost${err ? `: ${err.message}` : ''}; reconnecting`);
        this.scheduleReconnect();
      }
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel !== LIVE_EVENTS_CHANNEL || message.payload === undefined) return;
      const text = message.payload;
      this.delivery = this.delivery.then(() => this.deliver(client, text));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_EVENTS_CHANNEL}`);
    } catch (err) {
      onLost(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (this.closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryDelayMs = RETRY_MIN_MS;
  }

  private query<R extends object = object>(
    client: Client,
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    const result = this.statements.then(() => client.query<R>(sql, params)).then((r) => r.rows);
    this.statements = result.catch(() => undefined);
    return result;
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.closed) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private async deliver(client: Client, text: string): Promise<void> {
    try {
      let envelopeText = text;
      const ref = (JSON.parse(text) as { ref?: unknown }).ref;
      if (typeof ref === 'number' || typeof ref === 'string') {
        const rows = await this.query<{ body: string }>(
          client,
          'SELECT body FROM live_event_payloads WHERE id = $1',
          [ref],
        );
        if (!rows[0]) throw new Error(`stored live event ${String(ref)} is gone`);
        envelopeText = rows[0].body;
      }
      await this.deliverLocally(decodeLiveEvent<Envelope>(envelopeText));
    } catch (err) {
      this.logger.error({ err }, 'could not deliver a live event');
    }
  }
}
