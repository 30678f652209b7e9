import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { OpportunityModel } from '../opportunities/models/opportunity.model';
import { OpportunitiesLoaders } from '../opportunities/opportunities.loaders';
import { OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import { PersonSummaryModel } from '../users/models/person-summary.model';
import { UsersLoaders } from '../users/users.loaders';
import {
  ChoiceOutcomeModel,
  RoundAssignmentModel,
  RoundFlowModel,
  RoundOutcomeModel,
  RoundOverrideModel,
  RoundRunStatsModel,
} from './models/round.model';

/**
 * Objects instead of bare ids in round results, for pages that show titles and names. Each parent
 * was reached through a query that already checked access (a candidate's own outcome; HR's runs and
 * overrides of their round), so these fields add none; all of them batch through DataLoaders.
 * A candidate appears by name and organisation only.
 */
async function opportunityOf(
  loaders: OpportunitiesLoaders,
  ctx: GqlContext,
  id: string | null,
): Promise<OpportunityModel | null> {
  if (!id) return null;
  const opportunity = await loaders.opportunity(ctx).load(id);
  if (!opportunity) throw AppError.notFound('Opportunity');
  return opportunity as OpportunityModel;
}

@Resolver(() => RoundOutcomeModel)
export class RoundOutcomeResolver {
  constructor(private readonly opportunities: OpportunitiesLoaders) {}

  @ResolveField(() => OpportunityModel, {
    nullable: true,
    description: 'The opportunity you got; null: none.',
  })
  opportunity(
    @Parent() outcome: RoundOutcomeModel,
    @Context() ctx: GqlContext,
  ): Promise<OpportunityModel | null> {
    return opportunityOf(this.opportunities, ctx, outcome.opportunityId);
  }
}

@Resolver(() => ChoiceOutcomeModel)
export class ChoiceOutcomeResolver {
  constructor(private readonly opportunities: OpportunitiesLoaders) {}

  @ResolveField(() => OpportunityModel, { description: 'The opportunity you ranked higher.' })
  async opportunity(
    @Parent() choice: ChoiceOutcomeModel,
    @Context() ctx: GqlContext,
  ): Promise<OpportunityModel> {
    return (await opportunityOf(this.opportunities, ctx, choice.opportunityId)) as OpportunityModel;
  }
}

@Resolver(() => RoundAssignmentModel)
export class RoundAssignmentResolver {
  constructor(
    private readonly opportunities: OpportunitiesLoaders,
    private readonly people: UsersLoaders,
  ) {}

  @ResolveField(() => PersonSummaryModel, {
    nullable: true,
    description:
      'Null: a person erased since the run (their id in the run is a pseudonym; the row still counts).',
  })
  candidate(
    @Parent() a: RoundAssignmentModel,
    @Context() ctx: GqlContext,
  ): Promise<PersonSummaryModel | null> {
    return this.people.personSummary(ctx).load(a.candidateId);
  }

  @ResolveField(() => OpportunityModel, { nullable: true, description: 'Null: unmatched.' })
  opportunity(
    @Parent() a: RoundAssignmentModel,
    @Context() ctx: GqlContext,
  ): Promise<OpportunityModel | null> {
    return opportunityOf(this.opportunities, ctx, a.opportunityId);
  }
}

@Resolver(() => RoundRunStatsModel)
export class RoundRunStatsResolver {
  constructor(private readonly people: UsersLoaders) {}

  @ResolveField(() => [PersonSummaryModel], {
    description:
      'The candidates left without a placement (the people of unmatchedCandidateIds; people erased since are left out).',
    complexity: ({ childComplexity }) => 100 * childComplexity,
  })
  async unmatchedCandidates(
    @Parent() stats: RoundRunStatsModel,
    @Context() ctx: GqlContext,
  ): Promise<PersonSummaryModel[]> {
    const people = await Promise.all(
      stats.unmatchedCandidateIds.map((id) => this.people.personSummary(ctx).load(id)),
    );
    return people.filter((p): p is PersonSummaryModel => p !== null);
  }
}

@Resolver(() => RoundOverrideModel)
export class RoundOverrideResolver {
  constructor(
    private readonly opportunities: OpportunitiesLoaders,
    private readonly people: UsersLoaders,
  ) {}

  @ResolveField(() => PersonSummaryModel)
  candidate(@Parent() o: RoundOverrideModel, @Context() ctx: GqlContext): Promise<PersonSummaryModel> {
    return this.people.existingPerson(ctx, o.candidateId);
  }

  @ResolveField(() => OpportunityModel)
  async opportunity(@Parent() o: RoundOverrideModel, @Context() ctx: GqlContext): Promise<OpportunityModel> {
    return (await opportunityOf(this.opportunities, ctx, o.opportunityId)) as OpportunityModel;
  }
}

@Resolver(() => RoundFlowModel)
export class RoundFlowResolver {
  constructor(private readonly orgLoaders: OrganisationsLoaders) {}

  @ResolveField(() => OrganisationModel, { description: 'The candidates’ organisation.' })
  fromOrganisation(@Parent() f: RoundFlowModel, @Context() ctx: GqlContext): Promise<OrganisationModel> {
    return this.organisation(ctx, f.fromOrganisationId);
  }

  @ResolveField(() => OrganisationModel, { description: 'The host organisation.' })
  toOrganisation(@Parent() f: RoundFlowModel, @Context() ctx: GqlContext): Promise<OrganisationModel> {
    return this.organisation(ctx, f.toOrganisationId);
  }

  private async organisation(ctx: GqlContext, id: string): Promise<OrganisationModel> {
    const org = await this.orgLoaders.organisation(ctx).load(id);
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }
}
