import { Injectable } from '@nestjs/common';
import { LiveEvents } from '../common/events/live-events';
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
 * Live events of notifications and application status changes, over LiveEvents (every API instance
 * gets them). Publish only after the transaction that produced the event has committed; subscribers
 * filter by recipient.
 */
@Injectable()
export class NotificationsPublisher {
  constructor(private readonly live: LiveEvents) {}

  notificationAdded(event: NotificationAddedEvent): Promise<void> {
    return this.live.publish(NOTIFICATION_ADDED, event);
  }

  applicationStatusChanged(event: ApplicationStatusChangedEvent): Promise<void> {
    return this.live.publish(APPLICATION_STATUS_CHANGED, event);
  }

  notificationAddedEvents(): AsyncIterableIterator<NotificationAddedEvent> {
    return this.live.subscribe<NotificationAddedEvent>(NOTIFICATION_ADDED);
  }

  applicationStatusChangedEvents(): AsyncIterableIterator<ApplicationStatusChangedEvent> {
    return this.live.subscribe<ApplicationStatusChangedEvent>(APPLICATION_STATUS_CHANGED);
  }
}
