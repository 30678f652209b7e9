import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompetencesModule } from '../competences/competences.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { UsersModule } from '../users/users.module';
import {
  PersonTargetRoleEntity,
  RoleProfileEntity,
  RoleRequirementEntity,
} from './entities/role-profile.entity';
import { RolesLoaders } from './roles.loaders';
import {
  DevelopedGapResolver,
  DevelopmentStepResolver,
  GapAnalysisResolver,
  GapItemResolver,
  RoleRequirementResolver,
  RolesResolver,
} from './roles.resolver';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';
import { RolesErasure } from './roles.erasure';

@Module({
  imports: [
    TypeOrmModule.forFeature([RoleProfileEntity, RoleRequirementEntity, PersonTargetRoleEntity]),
    CompetencesModule,
    OpportunitiesModule,
    OrganisationsModule,
    ProfilesModule,
    UsersModule,
  ],
  providers: [
    RolesErasure,
    RolesRepository,
    RolesService,
    RolesLoaders,
    RolesResolver,
    RoleRequirementResolver,
    GapItemResolver,
    GapAnalysisResolver,
    DevelopedGapResolver,
    DevelopmentStepResolver,
  ],
  exports: [RolesErasure, RolesService],
})
export class RolesModule {}
