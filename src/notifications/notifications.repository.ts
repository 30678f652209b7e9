import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { SqlSource } from '../common/database/sql-source';
import { NotificationEntity } from './entities/notification.entity';

/** A cursor's time: UTC with microseconds (a JavaScript Date would lose them and skip rows). */
const CURSOR_TIME = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export type NewNotification = Pick<NotificationEntity, 'userId' | 'type' | 'message' | 'data'>;

@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
  ) {}

  listOfUser(userId: string, opts: { unreadOnly: boolean; first: number }): Promise<NotificationEntity[]> {
    return this.notifications.find({
      where: opts.unreadOnly ? { userId, readAt: IsNull() } : { userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: opts.first,
    });
  }

  /**
   * A page of the user's notifications, newest first (ties by id, descending), after the keyset
   * `after` ([created_at as ISO text with microseconds, id]); one row more than `first` tells whether
   * another page follows. Reads the index (user_id, created_at, id) from the cursor on.
   */
  async pageOfUser(
    userId: string,
    opts: { unreadOnly: boolean; first: number; after: readonly [string, string] | null },
  ): Promise<{ rows: { notification: NotificationEntity; sortKey: string }[]; hasNextPage: boolean }> {
    const qb = this.notifications
      .createQueryBuilder('n')
      .addSelect(`to_char(n.created_at AT TIME ZONE 'UTC', ${CURSOR_TIME})`, 'sort_key')
      .where('n.user_id = :userId', { userId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(opts.first + 1);
    if (opts.unreadOnly) qb.andWhere('n.read_at IS NULL');
    if (opts.after)
      qb.andWhere('(n.created_at, n.id) < (:at::timestamptz, :id::uuid)', {
        at: opts.after[0],
        id: opts.after[1],
      });
    const { entities, raw } = await qb.getRawAndEntities<{ sort_key: string }>();
    const rows = entities.map((notification, i) => ({ notification, sortKey: raw[i].sort_key }));
    return { rows: rows.slice(0, opts.first), hasNextPage: rows.length > opts.first };
  }

  countOfUser(userId: string, unreadOnly: boolean): Promise<number> {
    return this.notifications.countBy(unreadOnly ? { userId, readAt: IsNull() } : { userId });
  }

  countUnreadOfUser(userId: string): Promise<number> {
    return this.notifications.countBy({ userId, readAt: IsNull() });
  }

  findOfUser(userId: string, id: string): Promise<NotificationEntity | null> {
    return this.notifications.findOneBy({ id, userId });
  }

  /**
   * One INSERT for any number of rows, in the caller's transaction (columns as array parameters: no
   * bind-parameter limit, no statement per batch); returns the ids of the stored rows in input order.
   */
  async insertMany(rows: NewNotification[], em: EntityManager): Promise<string[]> {
    if (rows.length === 0) return [];
    const stored = await em.query<{ id: string }[]>(
      `INSERT INTO notifications (user_id, type, message, data)
       SELECT user_id, type, message, data
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS r(user_id, type, message, data, n)
        ORDER BY n
       RETURNING id`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.type),
        rows.map((r) => r.message),
        rows.map((r) => JSON.stringify(r.data)),
      ],
    );
    return stored.map((r) => r.id);
  }

  /**
   * Stores the rows of `source` (columns user_id, type, message, data jsonb) in one INSERT ...
   * SELECT, in the caller's transaction, and keeps the stored ids with their recipients in the
   * transaction's temporary table `stored_notifications` (emptied first; dropped at commit), which
   * `storedSource` reads: the rows never pass through Node. Returns how many were stored.
   */
  async insertFrom(source: SqlSource, em: EntityManager): Promise<number> {
    if (!em.queryRunner?.isTransactionActive) throw new Error('insertFrom needs the caller’s transaction');
    await em.query(
      `CREATE TEMP TABLE IF NOT EXISTS stored_notifications (id uuid NOT NULL, user_id uuid NOT NULL) ON COMMIT DROP;
       TRUNCATE stored_notifications`,
    );
    const [row]: { stored: number }[] = await em.query(
      `WITH stored AS (
         INSERT INTO notifications (user_id, type, message, data)
         SELECT user_id, type, message, data FROM (${source.sql}) AS source
         RETURNING id, user_id
       ), kept AS (
         INSERT INTO stored_notifications (id, user_id) SELECT id, user_id FROM stored
       )
       SELECT count(*)::int AS stored FROM stored`,
      [...source.params],
    );
    return row.stored;
  }

  /** The notifications the last `insertFrom` of this transaction stored, as (id, user_id). */
  storedSource(): SqlSource {
    return { sql: 'SELECT id, user_id FROM stored_notifications', params: [] };
  }

  /** Marks one notification of the user read (keeps the first read time); false when it is not theirs. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const result = await this.notifications
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({ readAt: () => 'COALESCE(read_at, now())' })
      .where('id = :id AND user_id = :userId', { id, userId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.notifications
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({ readAt: () => 'now()' })
      .where('user_id = :userId AND read_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }
}
