import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { UsersModule } from '../users/users.module';
import { ConsentEntity } from './entities/consent.entity';
import { ProcessingPurposeEntity } from './entities/processing-purpose.entity';
import { ProcessingRestrictionEntity } from './entities/processing-restriction.entity';
import { PrivacyRepository } from './privacy.repository';
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
  imports: [
    TypeOrmModule.forFeature([ProcessingPurposeEntity, ConsentEntity, ProcessingRestrictionEntity]),
    ProfilesModule,
    UsersModule,
    NotificationsModule,
  ],
  providers: [PrivacyRepository, PrivacyService, RestrictionsService, PrivacyResolver],
})
export class PrivacyModule {}
