import { ApplicationTransitionsModule } from '../applications/application-transitions.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompetencesModule } from '../competences/competences.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { RolesModule } from '../roles/roles.module';
import { OpportunityMarkEntity } from './entities/opportunity-mark.entity';
import {
  CandidateMatchLevelResolver,
  CandidateMatchResolver,
  MissingRequirementResolver,
  OpportunityMarkResolver,
  RecommendationsResolver,
} from './recommendations.resolver';
import { RecommendationsRepository } from './recommendations.repository';
import { RecommendationsService } from './recommendations.service';
import { RecommendationsErasure } from './recommendations.erasure';
import { RecommendationsRetention } from './recommendations.retention';
import { MatchingCandidatesRepository } from './matching-candidates.repository';
import { MatchingCandidatesResolver } from './matching-candidates.resolver';
import { MatchingCandidatesService } from './matching-candidates.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([OpportunityMarkEntity]),
    ApplicationTransitionsModule,
    CompetencesModule,
    OpportunitiesModule,
    OrganisationsModule,
    ProfilesModule,
    RolesModule,
  ],
  providers: [
    RecommendationsErasure,
    RecommendationsRetention,
    RecommendationsRepository,
    RecommendationsService,
    RecommendationsResolver,
    OpportunityMarkResolver,
    MissingRequirementResolver,
    CandidateMatchLevelResolver,
    CandidateMatchResolver,
    MatchingCandidatesRepository,
    MatchingCandidatesService,
    MatchingCandidatesResolver,
  ],
  exports: [RecommendationsErasure, RecommendationsRetention, RecommendationsService],
})
export class RecommendationsModule {}
