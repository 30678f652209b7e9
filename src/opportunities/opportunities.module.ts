import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from './entities/opportunity.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      OpportunityEntity,
      OpportunityRequirementEntity,
      OpportunityDevelopedCompetenceEntity,
      CoSupervisionEntity,
    ]),
  ],
  providers: [],
  exports: [],
})
export class OpportunitiesModule {}
