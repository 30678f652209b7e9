import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PrivacyRightsModule } from '../privacy-rights/privacy-rights.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { RoundsModule } from '../rounds/rounds.module';
import { TalentProfilesModule } from '../talent-profiles/talent-profiles.module';
import { RetentionRuleEntity } from './entities/retention-rule.entity';
import { RetentionJob } from './retention.job';
import { RetentionRepository } from './retention.repository';
import { RetentionResolver } from './retention.resolver';
import { RetentionService } from './retention.service';

/**
 * Retention per data category: the admin's rules, their preview, and the hourly job that applies
 * them (the audit feature is global). Each category is removed by the feature that owns its table.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([RetentionRuleEntity]),
    ApplicationsModule,
    AuthModule,
    NotificationsModule,
    PrivacyRightsModule,
    RecommendationsModule,
    RoundsModule,
    TalentProfilesModule,
  ],
  providers: [RetentionRepository, RetentionService, RetentionResolver, RetentionJob],
})
export class RetentionModule {}
