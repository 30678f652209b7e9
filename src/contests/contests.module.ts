import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { UsersModule } from '../users/users.module';
import { ContestsErasure } from './contests.erasure';
import { ContestsRepository } from './contests.repository';
import { ContestsResolver } from './contests.resolver';
import { ContestsService } from './contests.service';
import { ContestEntity } from './entities/contest.entity';

/** Contesting decisions (issue 12): a candidate contests, HR of the organisation concerned answers. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ContestEntity]),
    NotificationsModule,
    OpportunitiesModule,
    RecommendationsModule,
    UsersModule,
  ],
  providers: [ContestsRepository, ContestsService, ContestsResolver, ContestsErasure],
  exports: [ContestsErasure],
})
export class ContestsModule {}
