import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationEntity } from './entities/notification.entity';
import { InMemoryNotificationsPublisher, NotificationsPublisher } from './notifications.publisher';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity])],
  providers: [
    NotificationsRepository,
    NotificationsService,
    NotificationsResolver,
    // One instance: in memory. Several instances: bind a Redis- or PostgreSQL-backed publisher here.
    { provide: NotificationsPublisher, useClass: InMemoryNotificationsPublisher },
  ],
  exports: [NotificationsService, NotificationsPublisher],
})
export class NotificationsModule {}
