import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { paramAfter, SqlSource } from '../database/sql-source';

/** A live event waiting in the outbox; `payload` is encoded with the live event codec. */
export interface OutboxRow {
  id: string;
  topic: string;
  payload: string;
}

/** The SQL of the `outbox_events` table (see common/events/outbox.ts). */
@Injectable()
export class OutboxRepository {
  /** One INSERT for all rows, in the caller's transaction; returns their ids in order. */
  async insertMany(em: EntityManager, rows: readonly Omit<OutboxRow, 'id'>[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted: { id: string }[] = await em.query(
      `INSERT INTO outbox_events (topic, payload)
       SELECT topic, payload FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(topic, payload, n)
       ORDER BY n
       RETURNING id`,
      [rows.map((r) => r.topic), rows.map((r) => r.payload)],
    );
    return inserted.map((r) => String(r.id));
  }

  /**
   * One row of `topic` per `perRow` events of `source`, built in PostgreSQL: each row's payload is a
   * stored batch (`{"$batch": [item, ...]}`, see Outbox) whose items are the source's rows,
   * `{key, payload}` or `{keys, payload}` as `addressing` says (source columns `key text` or
   * `keys text[]`, and `payload json`), or with `'item'` the source's column `item text`, each
   * already the JSON text of such an item (joined as text: nothing is built or parsed per event).
   * One statement, in the caller's transaction; returns the rows' ids in order. With `heldBy`, the
   * rows are held for it: no deliverer claims them until they are released (`release`).
   */
  async insertBatchesFrom(
    em: EntityManager,
    topic: string,
    source: SqlSource,
    addressing: 'key' | 'keys' | 'item',
    perRow: number,
    heldBy: string | null = null,
  ): Promise<string[]> {
    const item =
      addressing === 'key'
        ? `json_build_object('key', s.key, 'payload', s.payload)`
        : addressing === 'keys'
          ? `json_build_object('keys', s.keys, 'payload', s.payload)`
          : 's.item';
    const batch =
      addressing === 'item'
        ? `'{"$batch":[' || string_agg(item, ',' ORDER BY n) || ']}'`
        : `json_build_object('$batch', json_agg(item ORDER BY n))::text`;
    const inserted: { id: string }[] = await em.query(
      `INSERT INTO outbox_events (topic, payload, held_by)
       SELECT ${paramAfter(source, 0)}::text, ${batch}, ${paramAfter(source, 2)}::uuid
         FROM (SELECT row_number() OVER () - 1 AS n, ${item} AS item FROM (${source.sql}) AS s) AS items
        GROUP BY n / ${paramAfter(source, 1)}::bigint
        ORDER BY n / ${paramAfter(source, 1)}::bigint
       RETURNING id`,
      [...source.params, topic, perRow, heldBy],
    );
    return inserted.map((r) => String(r.id));
  }

  /**
   * Locks undelivered rows for this transaction, oldest first: the given ids, or any `limit` rows;
   * returns their ids in order. Rows another transaction holds are skipped, so each row goes to one
   * deliverer; held rows (`insertBatchesFrom`'s `heldBy`) are not claimed.
   */
  async claim(em: EntityManager, which: { ids: readonly string[] } | { limit: number }): Promise<string[]> {
    const rows: { id: string }[] =
      'ids' in which
        ? await em.query(
            `SELECT id::text AS id FROM outbox_events WHERE id = ANY($1::bigint[]) AND held_by IS NULL
             ORDER BY id FOR UPDATE SKIP LOCKED`,
            [which.ids],
          )
        : await em.query(
            `SELECT id::text AS id FROM outbox_events WHERE held_by IS NULL
             ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
            [which.limit],
          );
    return rows.map((r) => r.id);
  }

  /**
   * Releases the rows held for `holder` (they can be claimed once the caller's transaction commits);
   * returns their ids in order. Only the flag is written: a payload's stored value is not copied.
   */
  async release(em: EntityManager, holder: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `WITH released AS (UPDATE outbox_events SET held_by = NULL WHERE held_by = $1::uuid RETURNING id)
       SELECT id::text AS id FROM released ORDER BY id`,
      [holder],
    );
    return rows.map((r) => r.id);
  }

  /** Deletes the rows held for any of `holders` (never announced); returns how many. */
  async dropHeld(em: EntityManager, holders: readonly string[]): Promise<number> {
    if (holders.length === 0) return 0;
    const [row]: { n: number }[] = await em.query(
      `WITH dropped AS (DELETE FROM outbox_events WHERE held_by = ANY($1::uuid[]) RETURNING 1)
       SELECT count(*)::int AS n FROM dropped`,
      [holders],
    );
    return row.n;
  }

  /** The rows (claimed by this transaction), in order. */
  async read(em: EntityManager, ids: readonly string[]): Promise<OutboxRow[]> {
    return em.query(
      `SELECT id::text AS id, topic, payload FROM outbox_events WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    );
  }

  /** The rows as a source of stored messages (columns `topic`, `body`), in order: see LiveEvents. */
  messagesOf(ids: readonly string[]): SqlSource {
    return {
      sql: `SELECT topic, payload AS body FROM outbox_events WHERE id = ANY($1::bigint[]) ORDER BY id`,
      params: [ids],
    };
  }

  async deleteMany(em: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await em.query(`DELETE FROM outbox_events WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** How many events wait, held or not (for health checks and tests). */
  async countPending(em: EntityManager): Promise<number> {
    const [row]: { count: string }[] = await em.query(`SELECT count(*) AS count FROM outbox_events`);
    return Number(row.count);
  }
}
