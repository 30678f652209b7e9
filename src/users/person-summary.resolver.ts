import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import { PersonSummaryModel } from './models/person-summary.model';

@Resolver(() => PersonSummaryModel)
export class PersonSummaryResolver {
  constructor(private readonly orgLoaders: OrganisationsLoaders) {}

  @ResolveField(() => OrganisationModel)
  async organisation(
    @Parent() person: PersonSummaryModel,
    @Context() ctx: GqlContext,
  ): Promise<OrganisationModel> {
    const org = await this.orgLoaders.organisation(ctx).load(person.organisationId);
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }
}
