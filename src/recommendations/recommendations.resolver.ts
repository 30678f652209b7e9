import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { computedPage } from '../common/graphql/operation-cost';
import { CompetencesLoaders } from '../competences/competences.loaders';
import { CompetenceModel } from '../competences/models/competence.model';
import { OpportunityModel } from '../opportunities/models/opportunity.model';
import { OpportunitiesLoaders } from '../opportunities/opportunities.loaders';
import { OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import {
  MarkOpportunityArgs,
  MyFitArgs,
  RecommendedOpportunitiesArgs,
  UnmarkOpportunityArgs,
} from './dto/recommendation.inputs';
import {
  CandidateMatchLevelModel,
  CandidateMatchModel,
  MissingRequirementModel,
  OpportunityMarkModel,
  RecommendationModel,
} from './models/recommendation.model';
import { RecommendationsService } from './recommendations.service';

/** An opportunity reached through a recommendation or a mark; the service decided the viewer sees it. */
async function loadOpportunity(
  loaders: OpportunitiesLoaders,
  ctx: GqlContext,
  id: string,
): Promise<OpportunityModel> {
  const opportunity = await loaders.opportunity(ctx).load(id);
  if (!opportunity) throw AppError.notFound('Opportunity');
  return opportunity;
}

@Resolver(() => RecommendationModel)
export class RecommendationsResolver {
  constructor(
    private readonly service: RecommendationsService,
    private readonly opportunityLoaders: OpportunitiesLoaders,
  ) {}

  @Query(() => [RecommendationModel], {
    description:
      'Your best-fitting OPEN opportunities before their deadline, by fit score (ties by id), each ' +
      'explained. Leaves out what you applied to or marked NOT_INTERESTED, and (unless includeIneligible) ' +
      'what you are not eligible for.',
    // Ranks the cached OPEN set, scores the few that can reach the top, confirms them in SQL.
    complexity: computedPage(100),
  })
  recommendedOpportunities(
    @CurrentUser() viewer: AuthUser,
    @Args() args: RecommendedOpportunitiesArgs,
  ): Promise<RecommendationModel[]> {
    return this.service.recommendedOpportunities(viewer, args);
  }

  @Query(() => RecommendationModel, {
    description:
      'Your fit with one opportunity you may see (its detail page): score, parts, what is missing and ' +
      'why you are not eligible, as in recommendedOpportunities, also after you applied. NOT_FOUND as ' +
      'for `opportunity`.',
  })
  myFit(@CurrentUser() viewer: AuthUser, @Args() { opportunityId }: MyFitArgs): Promise<RecommendationModel> {
    return this.service.myFit(viewer, opportunityId);
  }

  @Query(() => [OpportunityMarkModel], {
    description: 'Your bookmarks, newest first (at most 200).',
    complexity: ({ childComplexity }) => 1 + 20 * childComplexity,
  })
  myBookmarks(@CurrentUser() viewer: AuthUser): Promise<OpportunityMarkModel[]> {
    return this.service.myBookmarks(viewer);
  }

  @Mutation(() => OpportunityMarkModel, {
    description:
      'Bookmark an opportunity you can see, or mark it NOT_INTERESTED (it leaves your recommendations). ' +
      'One mark per opportunity: a new one replaces the old.',
  })
  markOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args() args: MarkOpportunityArgs,
  ): Promise<OpportunityMarkModel> {
    return this.service.mark(viewer, args);
  }

  @Mutation(() => Boolean, { description: 'Removes your mark; false when there was none.' })
  unmarkOpportunity(@CurrentUser() viewer: AuthUser, @Args() args: UnmarkOpportunityArgs): Promise<boolean> {
    return this.service.unmark(viewer, args.opportunityId);
  }

  @ResolveField(() => OpportunityModel)
  opportunity(@Parent() r: RecommendationModel, @Context() ctx: GqlContext): Promise<OpportunityModel> {
    return loadOpportunity(this.opportunityLoaders, ctx, r.opportunityId);
  }
}

@Resolver(() => OpportunityMarkModel)
export class OpportunityMarkResolver {
  constructor(private readonly opportunityLoaders: OpportunitiesLoaders) {}

  @ResolveField(() => OpportunityModel)
  opportunity(@Parent() m: OpportunityMarkModel, @Context() ctx: GqlContext): Promise<OpportunityModel> {
    return loadOpportunity(this.opportunityLoaders, ctx, m.opportunityId);
  }
}

@Resolver(() => MissingRequirementModel)
export class MissingRequirementResolver {
  constructor(private readonly competenceLoaders: CompetencesLoaders) {}

  @ResolveField(() => CompetenceModel)
  competence(@Parent() m: MissingRequirementModel, @Context() ctx: GqlContext): Promise<CompetenceModel> {
    return this.competenceLoaders.existing(ctx, m.competenceId);
  }
}

@Resolver(() => CandidateMatchLevelModel)
export class CandidateMatchLevelResolver {
  constructor(private readonly competenceLoaders: CompetencesLoaders) {}

  @ResolveField(() => CompetenceModel)
  competence(@Parent() l: CandidateMatchLevelModel, @Context() ctx: GqlContext): Promise<CompetenceModel> {
    return this.competenceLoaders.existing(ctx, l.competenceId);
  }
}

@Resolver(() => CandidateMatchModel)
export class CandidateMatchResolver {
  constructor(private readonly organisationLoaders: OrganisationsLoaders) {}

  @ResolveField(() => OrganisationModel)
  async organisation(
    @Parent() m: CandidateMatchModel,
    @Context() ctx: GqlContext,
  ): Promise<OrganisationModel> {
    const organisation = await this.organisationLoaders.organisation(ctx).load(m.organisationId);
    if (!organisation) throw AppError.notFound('Organisation');
    return organisation;
  }
}
