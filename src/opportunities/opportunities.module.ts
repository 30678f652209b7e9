import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompetenceEntity } from '../competences/entities/competence.entity';
import { ApplicationTransitionsModule } from '../applications/application-transitions.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ProfileEntity } from '../profiles/entities/profile.entity';
import { UserEntity } from '../users/entities/user.entity';
import { UsersModule } from '../users/users.module';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from './entities/opportunity.entity';
import { OpportunitiesLoaders } from './opportunities.loaders';
import { OpportunityPageAnswers } from './page-answers';
import { OpportunitiesRepository } from './opportunities.repository';
import { OpportunitiesResolver } from './opportunities.resolver';
import { CoSupervisionService } from './co-supervision.service';
import { OpportunityDecisions } from './opportunity-decisions';
import { OpportunityDraftingService } from './opportunity-drafting.service';
import { OpportunityLifecycleService } from './opportunity-lifecycle.service';
import { OpportunityReadsService } from './opportunity-reads.service';
import {
  CoSupervisionResolver,
  OpportunityConnectionResolver,
  SupervisorSummaryResolver,
} from './opportunity-relations.resolver';
import { OpportunitiesErasure } from './opportunities.erasure';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      OpportunityEntity,
      OpportunityRequirementEntity,
      OpportunityDevelopedCompetenceEntity,
      CoSupervisionEntity,
      CompetenceEntity,
      ProfileEntity,
      UserEntity,
    ]),
    NotificationsModule,
    ApplicationTransitionsModule,
    OrganisationsModule,
    UsersModule,
  ],
  providers: [
    OpportunitiesErasure,
    OpportunitiesRepository,
    OpportunityDecisions,
    OpportunityReadsService,
    OpportunityDraftingService,
    OpportunityLifecycleService,
    CoSupervisionService,
    OpportunitiesLoaders,
    OpportunityPageAnswers,
    OpportunitiesResolver,
    OpportunityConnectionResolver,
    CoSupervisionResolver,
    SupervisorSummaryResolver,
  ],
  exports: [OpportunitiesErasure, OpportunityReadsService, OpportunitiesLoaders],
})
export class OpportunitiesModule {}
