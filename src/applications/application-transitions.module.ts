import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { ApplicationContextRepository } from './application-context.repository';
import { ApplicationTransitions } from './application-transitions';
import { ApplicationsRepository } from './applications.repository';
import { EligibilityOverridesRepository } from './eligibility-overrides.repository';
import { PlacementContext } from './placement-context';
import {
  ApplicantRankingEntity,
  ApplicationEntity,
  ApplicationTransitionEntity,
} from './entities/application.entity';

/**
 * The applications feature's status changes, on their own so that the features that end or move
 * applications inside their own transactions (opportunities, rounds) can import them without the
 * rest of the feature (which itself reads opportunities); and its read service for them
 * (`PlacementContext`).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ApplicationEntity, ApplicationTransitionEntity, ApplicantRankingEntity]),
    NotificationsModule,
    UsersModule,
  ],
  providers: [
    ApplicationsRepository,
    ApplicationContextRepository,
    EligibilityOverridesRepository,
    ApplicationTransitions,
    PlacementContext,
  ],
  exports: [ApplicationTransitions, PlacementContext],
})
export class ApplicationTransitionsModule {}
