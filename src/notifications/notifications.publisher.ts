import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SqlSource } from '../common/database/sql-source';
import { LiveEvents } from '../common/events/live-events';
import { Outbox } from '../common/events/outbox';
import { applicationFollowerKeys } from '../access/access.policy';
import { ApplicationStatus } from '../core/domain/enums';

/**
 * A notification was stored for the user the event is keyed by. The push carries the id only: a
 * round stores hundreds of thousands at once, and every byte of a push travels through the outbox
 * and NOTIFY and is decoded by every instance, while few recipients are connected; the recipient's
 * subscription reads the notification (`NotificationsService.addedFor`).
 */
export interface NotificationAddedEvent {
  notificationId: string;
}

/** A stored notification to push: its id, to its recipient. */
export interface StoredNotification {
  id: string;
  userId: string;
}

/** Who may follow an application live: the same people who may read it. */
export interface ApplicationAudience {
  candidateId: string;
  /** The lead supervisor and accepted co-supervisors. */
  hostUserIds: string[];
  /** HR of this organisation (and admins) see it too. */
  hostOrganisationId: string;
}

export interface ApplicationStatusChangedEvent {
  audience: ApplicationAudience;
  /** Set on delivery: the key of the audience this copy travelled under (see applicationFollowerKeys). */
  via?: string;
  change: {
    applicationId: string;
    opportunityId: string;
    from: ApplicationStatus | null;
    to: ApplicationStatus;
    at: Date;
  };
}

const NOTIFICATION_ADDED = 'notificationAdded';
const APPLICATION_STATUS_CHANGED = 'applicationStatusChanged';

/**
 * Live events of notifications and application status changes. A use case stages them in its own
 * transaction (the outbox): they are published over LiveEvents (every API instance gets them) after
 * it commits, and never when it rolls back. They go out in batches (a round notifies hundreds of
 * thousands: a few hundred messages, not one NOTIFY each). A notification is keyed by its recipient
 * and reaches that user's sockets only; a status change is keyed by each of its audience (its
 * candidate, host staff, HR of the host, admins) and reaches their sockets only.
 */
@Injectable()
export class NotificationsPublisher {
  constructor(
    private readonly live: LiveEvents,
    private readonly outbox: Outbox,
  ) {}

  /** In `em`'s transaction; published after it commits. */
  notificationsAdded(em: EntityManager, stored: readonly StoredNotification[]): Promise<void> {
    return this.outbox.stageBatch(
      em,
      NOTIFICATION_ADDED,
      stored.map((n) => ({
        key: n.userId,
        payload: { notificationId: n.id } satisfies NotificationAddedEvent,
      })),
    );
  }

  /**
   * `notificationsAdded` for stored notifications PostgreSQL lists (`source`: columns id, user_id):
   * the batch rows are built by one INSERT ... SELECT.
   */
  notificationsAddedFrom(em: EntityManager, stored: SqlSource): Promise<void> {
    return this.outbox.stageBatchFrom(
      em,
      NOTIFICATION_ADDED,
      {
        sql: `SELECT n.user_id::text AS key, json_build_object('notificationId', n.id) AS payload
                FROM (${stored.sql}) AS n`,
        params: stored.params,
      },
      'key',
    );
  }

  /** In `em`'s transaction; published after it commits. */
  applicationStatusChanged(
    em: EntityManager,
    events: readonly ApplicationStatusChangedEvent[],
  ): Promise<void> {
    return this.outbox.stageBatch(
      em,
      APPLICATION_STATUS_CHANGED,
      events.map((payload) => ({ keys: applicationFollowerKeys(payload.audience), payload })),
    );
  }

  /**
   * `applicationStatusChanged` for events PostgreSQL builds: `source` gives each event as the JSON
   * text of its batch item (`item text`: `{"keys": [...], "payload": {...}}`, the keys those of
   * `applicationFollowerKeys` for its audience, `applicationFollowerKeysJsonSql`; the payload an
   * ApplicationStatusChangedEvent, its `at` written by `liveEventDateSql`). In `em`'s transaction;
   * published after it commits, or with `heldBy` once released (`Outbox.stageBatchFrom`).
   */
  applicationStatusChangedFrom(
    em: EntityManager,
    source: SqlSource,
    opts: { heldBy?: string } = {},
  ): Promise<void> {
    return this.outbox.stageBatchFrom(em, APPLICATION_STATUS_CHANGED, source, 'item', opts);
  }

  /** The ids of one user's new notifications. */
  notificationAddedEventsOf(userId: string): AsyncIterableIterator<NotificationAddedEvent> {
    return this.live.subscribeKeys<NotificationAddedEvent>(NOTIFICATION_ADDED, [userId]);
  }

  /** The status changes published under any of these keys (a viewer's applicationFollowKeysOf). */
  applicationStatusChangedEventsOf(
    keys: readonly string[],
  ): AsyncIterableIterator<ApplicationStatusChangedEvent> {
    return this.live.subscribeKeys<ApplicationStatusChangedEvent>(APPLICATION_STATUS_CHANGED, keys);
  }
}
