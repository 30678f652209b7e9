import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsResolver } from './analytics.resolver';
import { AnalyticsService } from './analytics.service';

/**
 * HR analytics: readiness per role, the most ready findable candidates, competence coverage,
 * placement flows and allocation round statistics; GraphQL and CSV. Reads only (raw set-based SQL
 * over the other features' tables, analytics.repository.ts), so it imports no feature module.
 */
@Module({
  providers: [AnalyticsRepository, AnalyticsService, AnalyticsResolver],
  controllers: [AnalyticsController],
})
export class AnalyticsModule {}
