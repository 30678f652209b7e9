import { Args, Context, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { ReusedAnswerCache, ReusedAnswers } from '../common/graphql/reused-answers';
import { UserRole } from '../core/domain/enums';
import { CreateDepartmentInput, CreateOrganisationInput } from './dto/organisation.inputs';
import { DepartmentModel, OrganisationModel } from './models/organisation.model';
import { OrganisationsLoaders } from './organisations.loaders';
import { OrganisationsService } from './organisations.service';

/** The list of organisations as answered: the same for everyone, forgotten when one changes. */
const LISTS_KEPT = 50;
const LIST_MAX_AGE_MS = 30_000;

@Resolver(() => OrganisationModel)
export class OrganisationsResolver {
  private readonly lists: ReusedAnswerCache;

  constructor(
    private readonly service: OrganisationsService,
    private readonly loaders: OrganisationsLoaders,
    answers: ReusedAnswers,
  ) {
    this.lists = answers.cache({ max: LISTS_KEPT, maxAgeMs: LIST_MAX_AGE_MS });
  }

  @Query(() => [OrganisationModel], { description: 'The partner organisations.' })
  async organisations(
    @Context() ctx: GqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrganisationModel[]> {
    // Answered again while no organisation or department changed (docs/opportunity-page-answers.md).
    const kept = this.lists.lookup(ctx, info, 'everyone', Date.now());
    if (kept?.hit) return [];
    const list = await this.service.list();
    kept?.keep(() => Number.POSITIVE_INFINITY);
    return list;
  }

  @Query(() => OrganisationModel)
  organisation(@Args('id', { type: () => ID }) id: string): Promise<OrganisationModel> {
    return this.service.get(id);
  }

  @Mutation(() => OrganisationModel)
  @Roles(UserRole.ADMIN)
  createOrganisation(@Args('input') input: CreateOrganisationInput): Promise<OrganisationModel> {
    return this.service.createOrganisation(input);
  }

  @Mutation(() => DepartmentModel)
  @Roles(UserRole.ADMIN)
  createDepartment(@Args('input') input: CreateDepartmentInput): Promise<DepartmentModel> {
    return this.service.createDepartment(input);
  }

  @ResolveField(() => [DepartmentModel])
  departments(@Parent() org: OrganisationModel, @Context() ctx: GqlContext): Promise<DepartmentModel[]> {
    return this.loaders.departmentsOfOrganisation(ctx).load(org.id);
  }
}
