import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompetencesModule } from '../competences/competences.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { UsersModule } from '../users/users.module';
import { AssessmentEntity } from './entities/assessment.entity';
import { ProfileEntity } from './entities/profile.entity';
import { ProfilesLoaders } from './profiles.loaders';
import { ProfilesRepository } from './profiles.repository';
import { AssessmentResolver, EffectiveCompetenceResolver, ProfilesResolver } from './profiles.resolver';
import { ProfilesService } from './profiles.service';
import { ProfilesErasure } from './profiles.erasure';

@Module({
  imports: [
    TypeOrmModule.forFeature([ProfileEntity, AssessmentEntity]),
    CompetencesModule,
    OrganisationsModule,
    UsersModule,
  ],
  providers: [
    ProfilesErasure,
    ProfilesRepository,
    ProfilesService,
    ProfilesLoaders,
    ProfilesResolver,
    EffectiveCompetenceResolver,
    AssessmentResolver,
  ],
  exports: [ProfilesErasure, ProfilesService, ProfilesLoaders],
})
export class ProfilesModule {}
