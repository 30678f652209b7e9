import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ApplicantRankingEntity,
  ApplicationEntity,
  ApplicationTransitionEntity,
} from './entities/application.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([ApplicationEntity, ApplicationTransitionEntity, ApplicantRankingEntity]),
  ],
  providers: [],
  exports: [],
})
export class ApplicationsModule {}
