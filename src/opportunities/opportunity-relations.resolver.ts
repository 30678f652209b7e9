import { Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import { UserEntity } from '../users/entities/user.entity';
import { CoSupervisionEntity } from './entities/opportunity.entity';
import {
  CoSupervisionModel,
  OpportunityConnectionModel,
  OpportunityModel,
  SupervisorSummaryModel,
} from './models/opportunity.model';
import { OpportunitiesLoaders } from './opportunities.loaders';

/** Only a supervisor's name and organisation leave this feature, never the full account. */
export function toSupervisorSummary(user: UserEntity | null, id: string): SupervisorSummaryModel {
  if (!user) throw AppError.notFound('Supervisor');
  return { id: user.id ?? id, displayName: user.displayName, organisationId: user.organisationId };
}

@Resolver(() => OpportunityConnectionModel)
export class OpportunityConnectionResolver {
  @ResolveField(() => Int, {
    description: 'All matches of the filter, over every page.',
    // One COUNT query per page (operation-cost.ts counts a declared scalar as a fetch).
    complexity: 1,
  })
  totalCount(@Parent() connection: OpportunityConnectionModel): Promise<number> {
    return connection.count();
  }
}

@Resolver(() => CoSupervisionModel)
export class CoSupervisionResolver {
  constructor(private readonly loaders: OpportunitiesLoaders) {}

  @ResolveField(() => SupervisorSummaryModel)
  async coSupervisor(
    @Parent() coSupervision: CoSupervisionEntity,
    @Context() ctx: GqlContext,
  ): Promise<SupervisorSummaryModel> {
    const user = await this.loaders.user(ctx).load(coSupervision.coSupervisorId);
    return toSupervisorSummary(user, coSupervision.coSupervisorId);
  }

  /** Reached from myCoSupervisions or from an opportunity the viewer sees: no further check. */
  @ResolveField(() => OpportunityModel)
  async opportunity(
    @Parent() coSupervision: CoSupervisionEntity,
    @Context() ctx: GqlContext,
  ): Promise<OpportunityModel> {
    const opportunity = await this.loaders.opportunity(ctx).load(coSupervision.opportunityId);
    if (!opportunity) throw AppError.notFound('Opportunity');
    return opportunity;
  }
}

@Resolver(() => SupervisorSummaryModel)
export class SupervisorSummaryResolver {
  constructor(private readonly orgLoaders: OrganisationsLoaders) {}

  @ResolveField(() => OrganisationModel)
  async organisation(
    @Parent() s: SupervisorSummaryModel,
    @Context() ctx: GqlContext,
  ): Promise<OrganisationModel> {
    const org = await this.orgLoaders.organisation(ctx).load(s.organisationId);
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }
}
