import { Args, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { UserRole } from '../core/domain/enums';
import { AnalyticsService } from './analytics.service';
import {
  CompetenceCoverageArgs,
  MostReadyCandidatesArgs,
  PlacementFlowsArgs,
  RoleReadinessArgs,
  RoundStatisticsArgs,
} from './dto/analytics.inputs';
import {
  CompetenceCoverageModel,
  PlacementFlowsModel,
  ReadyCandidateModel,
  RoleReadinessDistributionModel,
  RoundStatisticsModel,
} from './models/analytics.model';

const ACCESS =
  'HR: their own organisation (ORGANISATION scope) or consortium aggregates; admins: any organisation or the consortium. Counts of 1..4 are suppressed.';

/** HR analytics; every report is also a CSV download (analytics.controller.ts). */
@Resolver()
@Roles(UserRole.HR, UserRole.ADMIN)
export class AnalyticsResolver {
  constructor(private readonly service: AnalyticsService) {}

  @Query(() => RoleReadinessDistributionModel, {
    description: `People by readiness score for a role, and how many target it. ${ACCESS}`,
  })
  roleReadinessDistribution(
    @CurrentUser() viewer: AuthUser,
    @Args() args: RoleReadinessArgs,
  ): Promise<RoleReadinessDistributionModel> {
    return this.service.roleReadinessDistribution(viewer, args);
  }

  @Query(() => [ReadyCandidateModel], {
    description:
      'The findable people of your organisation most ready for a role (score, then share, then name). ORGANISATION scope only: CONSORTIUM is BAD_USER_INPUT (AGGREGATES_ONLY).',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 10) * childComplexity,
  })
  mostReadyCandidates(
    @CurrentUser() viewer: AuthUser,
    @Args() args: MostReadyCandidatesArgs,
  ): Promise<ReadyCandidateModel[]> {
    return this.service.mostReadyCandidates(viewer, args);
  }

  @Query(() => CompetenceCoverageModel, {
    description: `People per effective level of each competence, per department (ORGANISATION) or organisation (CONSORTIUM). ${ACCESS}`,
  })
  competenceCoverage(
    @CurrentUser() viewer: AuthUser,
    @Args() args: CompetenceCoverageArgs,
  ): Promise<CompetenceCoverageModel> {
    return this.service.competenceCoverage(viewer, args);
  }

  @Query(() => PlacementFlowsModel, {
    description: `Completed placements from candidate organisation to host organisation. ${ACCESS}`,
  })
  placementFlows(
    @CurrentUser() viewer: AuthUser,
    @Args() args: PlacementFlowsArgs,
  ): Promise<PlacementFlowsModel> {
    return this.service.placementFlows(viewer, args);
  }

  @Query(() => [RoundStatisticsModel], {
    description: `Seats, fill rate and choice ranks per published allocation round (ORGANISATION: the rounds it ran). ${ACCESS}`,
    complexity: ({ childComplexity }) => 20 * childComplexity,
  })
  roundStatistics(
    @CurrentUser() viewer: AuthUser,
    @Args() args: RoundStatisticsArgs,
  ): Promise<RoundStatisticsModel[]> {
    return this.service.roundStatistics(viewer, args);
  }
}
