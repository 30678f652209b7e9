import { Injectable } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
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

/**
 * Fan-out of live events to GraphQL subscriptions. Publish only after the transaction that produced
 * the event has committed. Subscribers filter by recipient.
 *
 * The provider is abstract so the transport can change without touching features: the in-memory
 * implementation below reaches only subscribers connected to THIS instance. With several API
 * instances behind a load balancer, bind a PostgreSQL LISTEN/NOTIFY or Redis engine instead
 * (e.g. graphql-redis-subscriptions' RedisPubSub, or a PubSubEngine over pg NOTIFY) in
 * NotificationsModule: `{ provide: NotificationsPublisher, useClass: PgNotificationsPublisher }`.
 */
export abstract class NotificationsPublisher {
  abstract notificationAdded(event: NotificationAddedEvent): Promise<void>;
  abstract applicationStatusChanged(event: ApplicationStatusChangedEvent): Promise<void>;
  abstract notificationAddedEvents(): AsyncIterableIterator<NotificationAddedEvent>;
  abstract applicationStatusChangedEvents(): AsyncIterableIterator<ApplicationStatusChangedEvent>;
}

const NOTIFICATION_ADDED = 'notificationAdded';
const APPLICATION_STATUS_CHANGED = 'applicationStatusChanged';

interface Events {
  [NOTIFICATION_ADDED]: NotificationAddedEvent;
  [APPLICATION_STATUS_CHANGED]: ApplicationStatusChangedEvent;
  [event: string]: unknown;
}

/** One process only: fine for a single instance and for tests. */
@Injectable()
export class InMemoryNotificationsPublisher extends NotificationsPublisher {
  private readonly pubsub = new PubSub<Events>();

  notificationAdded(event: NotificationAddedEvent): Promise<void> {
    return this.pubsub.publish(NOTIFICATION_ADDED, event);
  }

  applicationStatusChanged(event: ApplicationStatusChangedEvent): Promise<void> {
    return this.pubsub.publish(APPLICATION_STATUS_CHANGED, event);
  }

  notificationAddedEvents(): AsyncIterableIterator<NotificationAddedEvent> {
    return this.pubsub.asyncIterableIterator<NotificationAddedEvent>(NOTIFICATION_ADDED);
  }

  applicationStatusChangedEvents(): AsyncIterableIterator<ApplicationStatusChangedEvent> {
    return this.pubsub.asyncIterableIterator<ApplicationStatusChangedEvent>(APPLICATION_STATUS_CHANGED);
  }
}
