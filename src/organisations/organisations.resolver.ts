import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { UserRole } from '../core/domain/enums';
import { CreateDepartmentInput, CreateOrganisationInput } from './dto/organisation.inputs';
import { DepartmentModel, OrganisationModel } from './models/organisation.model';
import { OrganisationsLoaders } from './organisations.loaders';
import { OrganisationsService } from './organisations.service';

@Resolver(() => OrganisationModel)
export class OrganisationsResolver {
  constructor(
    private readonly service: OrganisationsService,
    private readonly loaders: OrganisationsLoaders,
  ) {}

  @Query(() => [OrganisationModel], { description: 'The partner organisations.' })
  organisations(): Promise<OrganisationModel[]> {
    return this.service.list();
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
