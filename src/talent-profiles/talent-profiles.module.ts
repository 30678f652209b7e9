import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompetencesModule } from '../competences/competences.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { RolesModule } from '../roles/roles.module';
import { UsersModule } from '../users/users.module';
import { TalentProfileShareEntity } from './entities/talent-profile-share.entity';
import { TalentProfilesController } from './talent-profiles.controller';
import { TalentProfilesRepository } from './talent-profiles.repository';
import { TalentProfilesResolver } from './talent-profiles.resolver';
import { TalentProfilesService } from './talent-profiles.service';
import { TalentProfilesErasure } from './talent-profiles.erasure';
import { TalentProfilesRetention } from './talent-profiles.retention';

/** The talent profile (GraphQL, JSON, printable page) and its share links. */
@Module({
  imports: [
    TypeOrmModule.forFeature([TalentProfileShareEntity]),
    CompetencesModule,
    OrganisationsModule,
    ProfilesModule,
    RolesModule,
    UsersModule,
  ],
  controllers: [TalentProfilesController],
  providers: [
    TalentProfilesRetention,
    TalentProfilesErasure,
    TalentProfilesRepository,
    TalentProfilesService,
    TalentProfilesResolver,
  ],
  exports: [TalentProfilesRetention, TalentProfilesErasure, TalentProfilesService],
})
export class TalentProfilesModule {}
