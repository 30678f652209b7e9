import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompetenceEntity } from '../competences/entities/competence.entity';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { NotificationsModule } from '../notifications/notifications.module';
import {
  CoSupervisionEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from '../opportunities/entities/opportunity.entity';
import { OrganisationsModule } from '../organisations/organisations.module';
import { AssessmentEntity } from '../profiles/entities/assessment.entity';
import { ProfileEntity } from '../profiles/entities/profile.entity';
import { ProfilesModule } from '../profiles/profiles.module';
import { UsersModule } from '../users/users.module';
import { ApplicationContextRepository } from './application-context.repository';
import { ApplicationEvidenceService } from './application-evidence.service';
import { ApplicationHosts } from './application-hosts';
import { ApplicationRankingService } from './application-ranking.service';
import { ApplicationReadsService } from './application-reads.service';
import { ApplicationSubmissionService } from './application-submission.service';
import { ApplicationWorkflowService } from './application-workflow.service';
import { ApplicationTransitionsModule } from './application-transitions.module';
import { ApplicationOpportunityResolver } from './application-relations.resolver';
import { ApplicationsLoaders } from './applications.loaders';
import { ApplicationsRepository } from './applications.repository';
import {
  ApplicantResolver,
  ApplicationConnectionResolver,
  ApplicationsResolver,
} from './applications.resolver';
import {
  ApplicantRankingEntity,
  ApplicationEntity,
  ApplicationTransitionEntity,
} from './entities/application.entity';
import { OfferExpiryJob } from './offer-expiry.job';
import { EligibilityOverridesRepository } from './eligibility-overrides.repository';
import { PlacementOverridesResolver } from './placement-overrides.resolver';
import { PlacementOverridesService } from './placement-overrides.service';
import { ApplicationsErasure } from './applications.erasure';
import { ApplicationsRetention } from './applications.retention';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ApplicationEntity,
      ApplicationTransitionEntity,
      ApplicantRankingEntity,
      // Read through this feature's own queries (ApplicationContextRepository).
      OpportunityEntity,
      OpportunityRequirementEntity,
      CoSupervisionEntity,
      ProfileEntity,
      AssessmentEntity,
      CompetenceEntity,
    ]),
    NotificationsModule,
    ApplicationTransitionsModule,
    OpportunitiesModule,
    OrganisationsModule,
    ProfilesModule,
    UsersModule,
  ],
  providers: [
    ApplicationsRetention,
    ApplicationsErasure,
    ApplicationsRepository,
    ApplicationContextRepository,
    ApplicationHosts,
    ApplicationSubmissionService,
    ApplicationWorkflowService,
    ApplicationReadsService,
    ApplicationRankingService,
    ApplicationEvidenceService,
    ApplicationsLoaders,
    ApplicationsResolver,
    ApplicationConnectionResolver,
    ApplicantResolver,
    ApplicationOpportunityResolver,
    OfferExpiryJob,
    EligibilityOverridesRepository,
    PlacementOverridesService,
    PlacementOverridesResolver,
  ],
  exports: [
    ApplicationsRetention,
    ApplicationsErasure,
    ApplicationSubmissionService,
    ApplicationTransitionsModule,
  ],
})
export class ApplicationsModule {}
