import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationEntity } from './entities/notification.entity';
import { NotificationsPublisher } from './notifications.publisher';
import { NotificationsRepository } from './notifications.repository';
import { NotificationConnectionResolver, NotificationsResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';
import { NotificationsErasure } from './notifications.erasure';
import { NotificationsRetention } from './notifications.retention';
import { NotificationJobs } from './notification-jobs';
import { NotificationJobsRepository } from './notification-jobs.repository';

@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity])],
  providers: [
    NotificationsRetention,
    NotificationsErasure,
    NotificationsRepository,
    NotificationsService,
    NotificationsResolver,
    NotificationConnectionResolver,
    NotificationsPublisher,
    NotificationJobsRepository,
    NotificationJobs,
  ],
  exports: [
    NotificationsRetention,
    NotificationsErasure,
    NotificationsService,
    NotificationsPublisher,
    NotificationJobs,
  ],
})
export class NotificationsModule {}
