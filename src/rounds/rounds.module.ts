import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { RolesModule } from '../roles/roles.module';
import { UsersModule } from '../users/users.module';
import {
  ChoiceOutcomeResolver,
  RoundAssignmentResolver,
  RoundFlowResolver,
  RoundOutcomeResolver,
  RoundOverrideResolver,
  RoundRunStatsResolver,
} from './round-relations.resolver';
import { RoundEventsPublisher } from './round-events.publisher';
import { RoundLoader } from './round-loader';
import { RoundPlacements } from './round-placements';
import { RoundReassignmentService } from './round-reassignment.service';
import { RoundRunsService } from './round-runs.service';
import { RoundSolver } from './round-solver.service';
import { RoundWorker } from './round.worker';
import { RoundsLoaders } from './rounds.loaders';
import { RoundsRepository } from './rounds.repository';
import { RoundChoiceResolver, RoundRunResolver, RoundsResolver } from './rounds.resolver';
import { RoundsService } from './rounds.service';
import { RoundsErasure } from './rounds.erasure';
import { RoundsRetention } from './rounds.retention';

@Module({
  imports: [
    ApplicationsModule,
    NotificationsModule,
    OpportunitiesModule,
    OrganisationsModule,
    ProfilesModule,
    RolesModule,
    UsersModule,
  ],
  providers: [
    RoundsRetention,
    RoundsErasure,
    RoundsRepository,
    RoundEventsPublisher,
    RoundLoader,
    RoundPlacements,
    RoundRunsService,
    RoundSolver,
    RoundWorker,
    RoundsService,
    RoundReassignmentService,
    RoundsLoaders,
    RoundsResolver,
    RoundChoiceResolver,
    RoundRunResolver,
    RoundOutcomeResolver,
    ChoiceOutcomeResolver,
    RoundAssignmentResolver,
    RoundRunStatsResolver,
    RoundOverrideResolver,
    RoundFlowResolver,
  ],
  exports: [RoundsRetention, RoundsErasure, RoundWorker],
})
export class RoundsModule {}
