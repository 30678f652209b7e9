import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlSource } from '../common/database/sql-source';
import { binaryCopyData, copyInBinary } from '../common/database/copy-binary';
import { textArrayBinary } from '../common/database/uuid-bytes';

/**
 * A batch of notices of one type to queue: the recipients, and either each one's message and data
 * (JSON text of an object of strings) or one message and data for all. Lists as arrays or, for a
 * large batch written in Node, in PostgreSQL's binary `text[]` form (`textArrayBinaryOf`).
 */
export interface QueuedNotices {
  type: string;
  userIds: readonly string[] | Buffer;
  texts:
    | { each: { messages: readonly string[] | Buffer; data: readonly string[] | Buffer } }
    | { shared: { message: string; data: string } };
}

/**
 * A list in PostgreSQL's binary `text[]` form (a JavaScript array written as an escaped literal took
 * 0.8 s of the main thread for a national round's 156,000 unmatched candidates and 50,000 hosts).
 */
const binary = (list: readonly string[] | Buffer): Buffer =>
  Buffer.isBuffer(list) ? list : textArrayBinary(list);

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The binary form of jsonb: a version byte, then the JSON text. */
const JSONB_VERSION = Buffer.from([1]);

/** A job taken to be written: its id and how many times it was tried before. */
export interface TakenJob {
  id: string;
  attempts: number;
}

/** The SQL of `notification_jobs` (migration 1796020000000). */
@Injectable()
export class NotificationJobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One row, in the caller's transaction, by binary COPY: a national round's outcome notices (about
   * 190 MB of text, written in Node as binary arrays) go as they are, where a parameter would be
   * copied whole into its message first.
   */
  async insert(em: EntityManager, notices: QueuedNotices): Promise<void> {
    const { type, userIds, texts } = notices;
    const [columns, fields] =
      'each' in texts
        ? ['messages, data_each', [binary(texts.each.messages), binary(texts.each.data)]]
        : [
            'message, data',
            [utf8(texts.shared.message), Buffer.concat([JSONB_VERSION, utf8(texts.shared.data)])],
          ];
    await copyInBinary(
      em,
      `COPY notification_jobs (type, user_ids, ${columns}) FROM STDIN (FORMAT binary)`,
      binaryCopyData([[utf8(type), binary(userIds), ...fields]]),
    );
  }

  /**
   * The oldest job due (by the database's clock, the same for every instance), not failed for good,
   * locked FOR UPDATE in `em`'s transaction; jobs another transaction holds (being written, or being
   * erased from) are skipped.
   */
  async takeDue(em: EntityManager): Promise<TakenJob | null> {
    const [row]: TakenJob[] = await em.query(
      `SELECT id, attempts FROM notification_jobs
        WHERE failed_at IS NULL AND available_at <= now()
        ORDER BY available_at, id
        FOR UPDATE SKIP LOCKED
        LIMIT 1`,
    );
    return row ?? null;
  }

  /**
   * A job's notices as `NotificationsService.recordFrom` takes them (user_id, type, message, data),
   * in the order they were queued (a function scan's order: no sort of a national round's texts).
   */
  noticesOf(jobId: string): SqlSource {
    return {
      sql: `SELECT u.user_id::uuid AS user_id, j.type,
                   coalesce(j.message, u.message) AS message,
                   coalesce(j.data, u.data::jsonb) AS data
              FROM notification_jobs j
             CROSS JOIN LATERAL unnest(j.user_ids, coalesce(j.messages, '{}'), coalesce(j.data_each, '{}'))
                   AS u(user_id, message, data)
             WHERE j.id = $1`,
      params: [jobId],
    };
  }

  async delete(em: EntityManager, jobId: string): Promise<void> {
    await em.query('DELETE FROM notification_jobs WHERE id = $1', [jobId]);
  }

  /**
   * A failed attempt, outside the transaction that failed: tried again `retryInMs` from now, or,
   * with null, failed for good.
   */
  async recordFailure(jobId: string, error: string, retryInMs: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_jobs
          SET attempts = attempts + 1, last_error = $2,
              available_at = CASE WHEN $3::int IS NULL THEN available_at ELSE now() + $3::int * interval '1 millisecond' END,
              failed_at = CASE WHEN $3::int IS NULL THEN now() END
        WHERE id = $1`,
      [jobId, error, retryInMs],
    );
  }

  /**
   * Takes a person out of every job's lists (erasure), in `em`'s transaction. A job being written
   * meanwhile is waited for (its row is locked): its notices are then in `notifications`, for the
   * erasure's next statement.
   */
  async removeRecipient(em: EntityManager, personId: string): Promise<void> {
    await em.query(
      `UPDATE notification_jobs j
          SET last_error = replace(j.last_error, $1, '(an erased person)'),
              (user_ids, messages, data_each) = (
              SELECT coalesce(array_agg(u.user_id ORDER BY u.n), '{}'),
                     CASE WHEN j.messages IS NOT NULL THEN coalesce(array_agg(u.message ORDER BY u.n), '{}') END,
                     CASE WHEN j.data_each IS NOT NULL THEN coalesce(array_agg(u.data ORDER BY u.n), '{}') END
                FROM unnest(j.user_ids, coalesce(j.messages, '{}'), coalesce(j.data_each, '{}'))
                     WITH ORDINALITY AS u(user_id, message, data, n)
               WHERE u.user_id <> $1)
        WHERE $1 = ANY (j.user_ids)`,
      [personId],
    );
  }

  /** Jobs failed for good before `cutoff` (retention: they go with the notifications of their age). */
  async countFailedBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM notification_jobs WHERE failed_at IS NOT NULL AND created_at < $1',
      [cutoff],
    );
    return row.n;
  }

  async deleteFailedBefore(cutoff: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM notification_jobs WHERE failed_at IS NOT NULL AND created_at < $1',
      [cutoff],
    );
    return affected;
  }
}
