import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { UserRole } from '../core/domain/enums';
import { coverageCsv, flowsCsv, mostReadyCsv, readinessCsv, roundsCsv } from './analytics.csv';
import { AnalyticsService } from './analytics.service';
import {
  AnalyticsScope,
  CompetenceCoverageArgs,
  MostReadyCandidatesArgs,
  PlacementFlowsArgs,
  RoleReadinessArgs,
  RoundStatisticsArgs,
} from './dto/analytics.inputs';

/**
 * The analytics reports as CSV downloads: `GET /analytics/<report>.csv` with the GraphQL arguments as
 * query parameters (validated by the global ValidationPipe: bad input is a 400 through the AppError
 * filter), a Bearer token like GraphQL (401 without), HR and admins only (403 otherwise). The same
 * service methods as the GraphQL queries, so the same access rules and suppression.
 */
@Controller('analytics')
@Roles(UserRole.HR, UserRole.ADMIN)
export class AnalyticsController {
  constructor(private readonly service: AnalyticsService) {}

  private send(res: Response, name: string, scope: AnalyticsScope, body: string): string {
    const day = new Date().toISOString().slice(0, 10);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}-${scope.toLowerCase()}-${day}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    return body;
  }

  @Get('role-readiness.csv')
  async roleReadiness(
    @CurrentUser() viewer: AuthUser,
    @Query() args: RoleReadinessArgs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const report = await this.service.roleReadinessDistribution(viewer, args);
    return this.send(res, 'role-readiness', args.scope, readinessCsv(report));
  }

  @Get('most-ready-candidates.csv')
  async mostReady(
    @CurrentUser() viewer: AuthUser,
    @Query() args: MostReadyCandidatesArgs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const list = await this.service.mostReadyCandidates(viewer, args);
    return this.send(res, 'most-ready-candidates', args.scope, mostReadyCsv(list));
  }

  @Get('competence-coverage.csv')
  async coverage(
    @CurrentUser() viewer: AuthUser,
    @Query() args: CompetenceCoverageArgs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const report = await this.service.competenceCoverage(viewer, args);
    return this.send(res, 'competence-coverage', args.scope, coverageCsv(report));
  }

  @Get('placement-flows.csv')
  async flows(
    @CurrentUser() viewer: AuthUser,
    @Query() args: PlacementFlowsArgs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const report = await this.service.placementFlows(viewer, args);
    return this.send(res, 'placement-flows', args.scope, flowsCsv(report));
  }

  @Get('round-statistics.csv')
  async rounds(
    @CurrentUser() viewer: AuthUser,
    @Query() args: RoundStatisticsArgs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const rounds = await this.service.roundStatistics(viewer, args);
    return this.send(res, 'round-statistics', args.scope, roundsCsv(rounds));
  }
}
