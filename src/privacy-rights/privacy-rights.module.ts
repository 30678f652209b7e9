import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthModule } from '../auth/auth.module';
import { ContestsModule } from '../contests/contests.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { RolesModule } from '../roles/roles.module';
import { RoundsModule } from '../rounds/rounds.module';
import { TalentProfilesModule } from '../talent-profiles/talent-profiles.module';
import { UsersModule } from '../users/users.module';
import { DataExportRepository } from './data-export.repository';
import { DataExportService } from './data-export.service';
import { DataSubjectRequestsRepository } from './data-subject-requests.repository';
import { ErasureService } from './erasure.service';
import { PrivacyRightsController } from './privacy-rights.controller';
import { PrivacyRightsResolver } from './privacy-rights.resolver';

/**
 * Data subject rights over everything held about a person: export (access, portability) and erasure.
 * Each feature erases its own tables (its `*.erasure.ts`); this module decides and records.
 */
@Module({
  imports: [
    ApplicationsModule,
    AuthModule,
    ContestsModule,
    NotificationsModule,
    OpportunitiesModule,
    ProfilesModule,
    RecommendationsModule,
    RolesModule,
    RoundsModule,
    TalentProfilesModule,
    UsersModule,
  ],
  controllers: [PrivacyRightsController],
  providers: [
    DataExportRepository,
    DataSubjectRequestsRepository,
    DataExportService,
    ErasureService,
    PrivacyRightsResolver,
  ],
  exports: [ErasureService],
})
export class PrivacyRightsModule {}
