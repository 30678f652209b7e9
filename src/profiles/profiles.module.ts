import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompetencesModule } from '../competences/competences.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { DataCorrectionsRepository } from './data-corrections.repository';
import { DataCorrectionsResolver } from './data-corrections.resolver';
import { DataCorrectionsService } from './data-corrections.service';
import { DataCorrectionEntity } from './entities/data-correction.entity';
import { AssessmentEntity } from './entities/assessment.entity';
import { ProfileEntity } from './entities/profile.entity';
import { ProfilesLoaders } from './profiles.loaders';
import { ProfilesRepository } from './profiles.repository';
import { AssessmentResolver, EffectiveCompetenceResolver, ProfilesResolver } from './profiles.resolver';
import { ProfilesService } from './profiles.service';
import { ProfilesErasure } from './profiles.erasure';

@Module({
  imports: [
    TypeOrmModule.forFeature([ProfileEntity, AssessmentEntity, DataCorrectionEntity]),
    CompetencesModule,
    OrganisationsModule,
    UsersModule,
    NotificationsModule,
  ],
  providers: [
    ProfilesErasure,
    ProfilesRepository,
    ProfilesService,
    ProfilesLoaders,
    ProfilesResolver,
    EffectiveCompetenceResolver,
    AssessmentResolver,
    DataCorrectionsRepository,
    DataCorrectionsService,
    DataCorrectionsResolver,
  ],
  exports: [ProfilesErasure, ProfilesService, ProfilesLoaders],
})
export class ProfilesModule {}
