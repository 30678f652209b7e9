import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { Env } from '../../config/env.schema';
import { paramAfter, SqlSource } from '../database/sql-source';
import { decodeLiveEvent, encodeLiveEvent } from './live-event-codec';
import {
  isStoredBatch,
  LIVE_EVENT_BATCH,
  LiveEventItem,
  LiveEvents,
  LocalSubscribers,
  StoredBatch,
  triggerOf,
} from './live-events';

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

/**
 * What a notification carries: the message itself (`body`: a payload, or a StoredBatch of keyed
 * events), or, when that is too big for NOTIFY, a reference to its row of live_event_payloads; or
 * one event as `payload` (what the database's own triggers send, see UserChangeNotifications).
 */
type Notice =
  | { topic: string; body: object }
  | { topic: string; ref: string | number; batch: boolean }
  | { topic: string; payload: object };

/** Bytes a notice adds around its body (`{"topic":…,"body":…}`), the topic aside. */
const NOTICE_OVERHEAD = 32;

/**
 * Live events over PostgreSQL LISTEN/NOTIFY: one dedicated connection per instance (not from the
 * pool: a LISTEN belongs to its session) both listens and publishes. Every instance, the publishing
 * one included, receives each event from PostgreSQL and hands it to its local subscribers, in the
 * order PostgreSQL delivered them.
 *
 * A message too big for NOTIFY (a batch of a round's events) is stored in live_event_payloads and
 * the notification names it; the outbox's batches are copied there in SQL (`publishStored`), so the
 * publishing instance never reads them. A listening instance reads of a stored batch only the events
 * for keys that have subscribers here (PostgreSQL picks them out), and nothing of a topic nobody
 * here follows.
 *
 * When the connection drops, it reconnects with backoff (250 ms doubling to 10 s); events published
 * while an instance is disconnected are lost for that instance's subscribers (push is best effort;
 * the data stays queryable), but a publish during the outage still reaches this instance's own
 * subscribers.
 */
@Injectable()
export class PgLiveEvents extends LiveEvents implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PgLiveEvents.name);
  private readonly local = new LocalSubscribers();
  private client: Client | null = null;
  /** Listening connections made so far: `listeningEpoch`. */
  private connections = 0;
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

  override get listeningEpoch(): number | null {
    return this.client !== null ? this.connections : null;
  }

  async publish(topic: string, payload: object): Promise<void> {
    await this.send(topic, payload);
  }

  async publishBatch(topic: string, items: readonly LiveEventItem[]): Promise<void> {
    for (let i = 0; i < items.length; i += LIVE_EVENT_BATCH) {
      await this.send(topic, { $batch: items.slice(i, i + LIVE_EVENT_BATCH) } satisfies StoredBatch);
    }
  }

  subscribe<T>(topic: string): AsyncIterableIterator<T> {
    return this.local.iterator<T>([topic]);
  }

  subscribeKeys<T>(topic: string, keys: readonly string[]): AsyncIterableIterator<T> {
    return this.local.iterator<T>(keys.map((key) => triggerOf(topic, key)));
  }

  /**
   * One statement in `em`'s transaction: each row of `source` becomes a notification (NOTIFY is
   * transactional: sent at commit, in this order), the big ones by reference to a copy of their
   * body in live_event_payloads. Not while this instance does not listen: it would not hear its
   * own events then.
   */
  override async publishStored(em: EntityManager, source: SqlSource): Promise<boolean> {
    if (!this.client) return false;
    await em.query(
      `DELETE FROM live_event_payloads WHERE created_at < now() - interval '${PAYLOAD_RETENTION}'`,
    );
    const channel = paramAfter(source, 0);
    const limit = paramAfter(source, 1);
    await em.query(
      `WITH src AS MATERIALIZED (
         SELECT n, topic, body,
                octet_length(body) + octet_length(topic) + ${NOTICE_OVERHEAD} > ${limit}::int AS big
           FROM (SELECT row_number() OVER () AS n, s.topic, s.body FROM (${source.sql}) AS s) AS numbered
       ),
       refs AS MATERIALIZED (
         SELECT n, nextval(pg_get_serial_sequence('live_event_payloads', 'id')) AS id
           FROM src WHERE big ORDER BY n
       ),
       stored AS (
         INSERT INTO live_event_payloads (id, topic, body) OVERRIDING SYSTEM VALUE
         SELECT refs.id, src.topic, src.body FROM refs JOIN src USING (n)
       )
       SELECT count(pg_notify(${channel}::text, notice))::int AS sent
         FROM (SELECT src.n,
                      CASE WHEN refs.id IS NULL
                           THEN '{"topic":' || to_json(src.topic)::text || ',"body":' || src.body || '}'
                           ELSE json_build_object(
                                  'ref', refs.id, 'topic', src.topic,
                                  'batch', substr(src.body, 1, 10) IN ('{"$batch":', '{"$batch" ')
                                )::text
                      END AS notice
                 FROM src LEFT JOIN refs USING (n)
                ORDER BY src.n) AS ordered`,
      [...source.params, LIVE_EVENTS_CHANNEL, INLINE_PAYLOAD_LIMIT],
    );
    return true;
  }

  /** This instance's subscribers of a message. */
  private deliverLocally(topic: string, body: object): void {
    if (isStoredBatch(body)) this.local.deliverBatch(topic, body.$batch);
    else this.local.publish(topic, body);
  }

  private async send(topic: string, body: object): Promise<void> {
    const client = this.client;
    if (!client) {
      this.logger.warn(`not listening: "${topic}" reaches this instance's subscribers only`);
      this.deliverLocally(topic, body);
      return;
    }
    const text = encodeLiveEvent(body);
    try {
      const topicText = JSON.stringify(topic);
      const inline = `{"topic":${topicText},"body":${text}}`;
      if (Buffer.byteLength(inline, 'utf8') <= INLINE_PAYLOAD_LIMIT) {
        await this.query(client, 'SELECT pg_notify($1, $2)', [LIVE_EVENTS_CHANNEL, inline]);
      } else {
        await this.query(
          client,
          `DELETE FROM live_event_payloads WHERE created_at < now() - interval '${PAYLOAD_RETENTION}'`,
        );
        // One statement: the notification cannot go out without its stored payload.
        await this.query(
          client,
          `WITH stored AS (INSERT INTO live_event_payloads (topic, body) VALUES ($2, $3) RETURNING id)
           SELECT pg_notify($1, json_build_object('ref', stored.id, 'topic', $2::text, 'batch', $4::boolean)::text)
             FROM stored`,
          [LIVE_EVENTS_CHANNEL, topic, text, isStoredBatch(body)],
        );
      }
    } catch (err) {
      this.logger.error({ err }, `could not publish "${topic}"; it reaches this instance's subscribers only`);
      // The connection's state is unknown after a failure (a timed-out statement may still run):
      // end it; its 'end' handler reconnects.
      void client.end().catch(() => undefined);
      this.deliverLocally(topic, body);
    }
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
    this.connections++;
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

  /**
   * Hands a notification's events to this instance's subscribers. Nothing is read of a topic nobody
   * here follows; of a stored batch, PostgreSQL returns only the events for keys followed here (and
   * those without a key when the topic itself is followed; a group, or its columns, when one of its
   * shared keys or of its members' is), one item per row, so a batch of 1,000
   * events for people connected elsewhere costs this instance one small round trip.
   */
  private async deliver(client: Client, text: string): Promise<void> {
    try {
      const notice = decodeLiveEvent<Notice>(text);
      const { topic } = notice;
      if (!this.local.follows(topic)) return;
      if ('payload' in notice) {
        this.local.publish(topic, notice.payload);
      } else if ('body' in notice) {
        this.deliverLocally(topic, notice.body);
      } else if (notice.batch) {
        const rows = await this.query<{ item: string | null }>(
          client,
          `SELECT i.item::text AS item
             FROM live_event_payloads p
             LEFT JOIN LATERAL json_array_elements(p.body::json -> '$batch') WITH ORDINALITY AS i(item, n)
               ON CASE WHEN i.item -> 'keys' IS NOT NULL
                       THEN EXISTS (SELECT 1 FROM json_array_elements_text(i.item -> 'keys') AS k(key)
                                     WHERE k.key = ANY($2::text[]))
                            -- A group (LiveEventGroup): its members' own keys too.
                            OR EXISTS (SELECT 1 FROM json_array_elements(i.item -> 'each') AS m(member),
                                                     json_array_elements_text(m.member -> 'keys') AS k(key)
                                        WHERE k.key = ANY($2::text[]))
                            -- The same as columns (LiveEventColumns): a member's key is the prefix
                            -- and its value (one that is a shared key too passed above already).
                            -- (OFFSET 0: the item's text is parsed for its prefix once, not per value.)
                            OR EXISTS (SELECT 1
                                         FROM (SELECT i.item #>> '{memberKey,prefix}' AS prefix,
                                                      i.item -> 'columns' -> (i.item #>> '{memberKey,of,0}')
                                                             -> (i.item #>> '{memberKey,of,1}') AS list
                                                OFFSET 0) AS c,
                                              json_array_elements_text(c.list) AS v(value)
                                        WHERE c.prefix || v.value = ANY($2::text[]))
                       ELSE coalesce(i.item ->> 'key' = ANY($2::text[]), $3::boolean)
                  END
            WHERE p.id = $1
            ORDER BY i.n`,
          [notice.ref, this.local.keysOf(topic), this.local.has(topic)],
        );
        if (rows.length === 0) throw new Error(`stored live event ${String(notice.ref)} is gone`);
        for (const row of rows) {
          if (row.item !== null) this.local.deliverItem(topic, decodeLiveEvent<LiveEventItem>(row.item));
        }
      } else {
        const rows = await this.query<{ body: string }>(
          client,
          'SELECT body FROM live_event_payloads WHERE id = $1',
          [notice.ref],
        );
        if (!rows[0]) throw new Error(`stored live event ${String(notice.ref)} is gone`);
        this.deliverLocally(topic, decodeLiveEvent<object>(rows[0].body));
      }
    } catch (err) {
      this.logger.error({ err }, 'could not deliver a live event');
    }
  }
}
