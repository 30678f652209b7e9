import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LiveEvents } from '../common/events/live-events';
import { Outbox } from '../common/events/outbox';
import { ApplicationStatus } from '../core/domain/enums';
import { NotificationModel } from './models/notification.model';

/** A notification was stored for `notification.userId`. */
export interface NotificationAddedEvent {
  notification: NotificationModel;
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
 * it commits, and never when it rolls back. Subscribers filter by recipient.
 */
@Injectable()
export class NotificationsPublisher {
  constructor(
    private readonly live: LiveEvents,
    private readonly outbox: Outbox,
  ) {}

  /** In `em`'s transaction; published after it commits. */
  notificationsAdded(em: EntityManager, events: readonly NotificationAddedEvent[]): Promise<void> {
    return this.outbox.stage(
      em,
      events.map((payload) => ({ topic: NOTIFICATION_ADDED, payload })),
    );
  }

  /** In `em`'s transaction; published after it commits. */
  applicationStatusChanged(
    em: EntityManager,
    events: readonly ApplicationStatusChangedEvent[],
  ): Promise<void> {
    return this.outbox.stage(
      em,
      events.map((payload) => ({ topic: APPLICATION_STATUS_CHANGED, payload })),
    );
  }

  notificationAddedEvents(): AsyncIterableIterator<NotificationAddedEvent> {
    return this.live.subscribe<NotificationAddedEvent>(NOTIFICATION_ADDED);
  }

  applicationStatusChangedEvents(): AsyncIterableIterator<ApplicationStatusChangedEvent> {
    return this.live.subscribe<ApplicationStatusChangedEvent>(APPLICATION_STATUS_CHANGED);
  }
}
