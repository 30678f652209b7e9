import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationEntity } from './entities/notification.entity';
import { NotificationsPublisher } from './notifications.publisher';
import { NotificationsRepository } from './notifications.repository';
import { NotificationConnectionResolver, NotificationsResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';
import { NotificationsErasure } from './notifications.erasure';
import { NotificationsRetention } from './notifications.retention';

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
  ],
  exports: [NotificationsRetention, NotificationsErasure, NotificationsService, NotificationsPublisher],
})
export class NotificationsModule {}
