import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { UsersModule } from '../users/users.module';
import { RestrictionsService } from './restrictions.service';
import { PrivacyResolver } from './privacy.resolver';
import { PrivacyService } from './privacy.service';

/**
 * Data protection as features (issue 12): the register of processing, consent, restriction of
 * processing, rectification by HR and contesting decisions. The records other features consult live
 * in the global PrivacyRecordsModule.
 */
@Module({
  imports: [ProfilesModule, UsersModule, NotificationsModule],
  providers: [PrivacyService, RestrictionsService, PrivacyResolver],
})
export class PrivacyModule {}
