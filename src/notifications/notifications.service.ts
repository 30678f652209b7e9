import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { SqlSource } from '../common/database/sql-source';
import { AppError } from '../common/errors/app-error';
import { isUUID } from 'class-validator';
import { decodeCursor, encodeCursor, invalidCursor } from '../common/graphql/pagination';
import { NotificationsArgs, NotificationsConnectionArgs } from './dto/notification.inputs';
import { NotificationEntity } from './entities/notification.entity';
import { NotificationConnectionModel, NotificationModel } from './models/notification.model';
import { NewNotification, NotificationsRepository } from './notifications.repository';
import { NotificationsPublisher } from './notifications.publisher';
import { NotificationParams, paramsFromData, paramsToData } from './notification-params';

/** A notification to send: `type` is the template key (APPLICATION_OFFERED). */
export interface NotificationDraft {
  userId: string;
  type: string;
  message: string;
  /** The facts of `message`, for clients that write the text in their own language. */
  params?: NotificationParams;
  applicationId?: string;
  opportunityId?: string;
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly publisher: NotificationsPublisher,
  ) {}

  async list(viewer: AuthUser, args: NotificationsArgs): Promise<NotificationModel[]> {
    const rows = await this.repo.listOfUser(viewer.id, args);
    return rows.map(toModel);
  }

  /** The viewer's notifications as a connection: newest first, keyset pages of at most 100. */
  async page(viewer: AuthUser, args: NotificationsConnectionArgs): Promise<NotificationConnectionModel> {
    const after = args.after ? decodeCursor(args.after, NOTIFICATIONS_ORDER, 2) : null;
    if (after && !(CURSOR_TIME.test(after[0]) && isUUID(after[1]))) throw invalidCursor();
    const { rows, hasNextPage } = await this.repo.pageOfUser(viewer.id, {
      unreadOnly: args.unreadOnly,
      first: args.first,
      after: after ? [after[0], after[1]] : null,
    });
    const edges = rows.map(({ notification, sortKey }) => ({
      cursor: encodeCursor(NOTIFICATIONS_ORDER, [sortKey, notification.id]),
      node: toModel(notification),
    }));
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      count: () => this.repo.countOfUser(viewer.id, args.unreadOnly),
    };
  }

  unreadCount(viewer: AuthUser): Promise<number> {
    return this.repo.countUnreadOfUser(viewer.id);
  }

  async markRead(viewer: AuthUser, id: string): Promise<NotificationModel> {
    if (!(await this.repo.markRead(viewer.id, id))) throw AppError.notFound('Notification');
    const row = await this.repo.findOfUser(viewer.id, id);
    if (!row) throw AppError.notFound('Notification');
    return toModel(row);
  }

  markAllRead(viewer: AuthUser): Promise<number> {
    return this.repo.markAllRead(viewer.id);
  }

  /**
   * Stores the notifications in the caller's transaction (`em`), with their live pushes in the
   * outbox: they commit or roll back with the use case that caused them, and reach the recipients'
   * subscriptions after the commit.
   */
  async record(em: EntityManager, drafts: readonly NotificationDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const ids = await this.repo.insertMany(drafts.map(toRow), em);
    await this.publisher.notificationsAdded(
      em,
      ids.map((id, i) => ({ id, userId: drafts[i].userId })),
    );
  }

  /**
   * `record` for notifications PostgreSQL writes: the rows of `source` (columns user_id uuid,
   * type text, message text, data jsonb, where `data` holds the params as `paramsToData` writes
   * them and the ids) are stored and their pushes staged in the outbox, keyed by recipient, each
   * in one INSERT ... SELECT: a round's outcome for a hundred thousand people never passes
   * through Node. Returns how many were stored.
   */
  async recordFrom(em: EntityManager, source: SqlSource): Promise<number> {
    const stored = await this.repo.insertFrom(source, em);
    if (stored > 0) await this.publisher.notificationsAddedFrom(em, this.repo.storedSource());
    return stored;
  }

  /**
   * The viewer's notifications as they arrive (the `notificationAdded` subscription): the pushes
   * name them, each is read when it reaches the viewer's socket; one removed meanwhile (erasure,
   * retention) is skipped.
   */
  addedFor(viewer: AuthUser): AsyncIterableIterator<NotificationModel> {
    return mapEvents(this.publisher.notificationAddedEventsOf(viewer.id), async (event) => {
      const row = await this.repo.findOfUser(viewer.id, event.notificationId);
      return row ? toModel(row) : null;
    });
  }
}

/**
 * The events of `source` through `map`, those it maps to null left out. Unlike an async generator,
 * `return()` reaches `source` at once even while a `next()` waits for an event, so a socket that
 * unsubscribes ends its subscription.
 */
function mapEvents<T, U>(
  source: AsyncIterableIterator<T>,
  map: (event: T) => Promise<U | null>,
): AsyncIterableIterator<U> {
  const done = (): IteratorResult<U> => ({ done: true, value: undefined });
  const iterator: AsyncIterableIterator<U> = {
    async next(): Promise<IteratorResult<U>> {
      for (;;) {
        const event = await source.next();
        if (event.done) return done();
        const value = await map(event.value);
        if (value !== null) return { done: false, value };
      }
    },
    async return(): Promise<IteratorResult<U>> {
      await source.return?.();
      return done();
    },
    async throw(err?: unknown): Promise<IteratorResult<U>> {
      await source.return?.();
      throw err;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

const NOTIFICATIONS_ORDER = 'NOTIFICATIONS_NEWEST';
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A draft's stored `data`: its params (`paramsToData`) and the ids it links to. */
export function draftData(
  draft: Omit<NotificationDraft, 'userId' | 'type' | 'message'>,
): Record<string, string> {
  const data: Record<string, string> = paramsToData(draft.params);
  if (draft.applicationId) data.applicationId = draft.applicationId;
  if (draft.opportunityId) data.opportunityId = draft.opportunityId;
  return data;
}

function toRow(draft: NotificationDraft): NewNotification {
  return { userId: draft.userId, type: draft.type, message: draft.message, data: draftData(draft) };
}

export function toModel(row: NotificationEntity): NotificationModel {
  return {
    id: row.id,
    userId: row.userId,
    type: row.type,
    message: row.message,
    params: paramsFromData(row.data),
    applicationId: row.data.applicationId ?? null,
    opportunityId: row.data.opportunityId ?? null,
    read: row.readAt !== null,
    readAt: row.readAt,
    createdAt: row.createdAt,
  };
}
