import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { OpportunityModel } from '../opportunities/models/opportunity.model';
import { OpportunitiesLoaders } from '../opportunities/opportunities.loaders';
import { ApplicationModel } from './models/application.model';

@Resolver(() => ApplicationModel)
export class ApplicationOpportunityResolver {
  constructor(private readonly opportunityLoaders: OpportunitiesLoaders) {}

  /**
   * Whoever may read the application (its candidate, host staff, HR of the host, admins) sees what it
   * was for, in any state; the opportunity's own fields keep their rules (confidential details).
   */
  @ResolveField(() => OpportunityModel, { description: 'The opportunity applied to (batched).' })
  async opportunity(
    @Parent() application: ApplicationModel,
    @Context() ctx: GqlContext,
  ): Promise<OpportunityModel> {
    const opportunity = await this.opportunityLoaders.opportunity(ctx).load(application.opportunityId);
    if (!opportunity) throw AppError.notFound('Opportunity');
    return opportunity as OpportunityModel;
  }
}
