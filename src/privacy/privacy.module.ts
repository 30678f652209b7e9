import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { UsersModule } from '../users/users.module';
import { RestrictionsService } from './restrictions.service';
import { PrivacyResolver } from './privacy.resolver';
import { PrivacyService } from './privacy.service';

/**
 * Data protection as features (issue 12): the register of processing, consent and restriction of
 * processing. The records other features consult live in the global PrivacyRecordsModule; export and
 * erasure are src/privacy-rights, corrections by HR src/profiles (data-corrections), contests
 * src/contests.
 */
@Module({
  imports: [ProfilesModule, UsersModule, NotificationsModule],
  providers: [PrivacyService, RestrictionsService, PrivacyResolver],
})
export class PrivacyModule {}
