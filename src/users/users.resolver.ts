import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { UserRole } from '../core/domain/enums';
import { DepartmentModel, OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import { CreateUserInput } from './dto/create-user.input';
import { UserModel } from './models/user.model';
import { UsersService } from './users.service';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(
    private readonly service: UsersService,
    private readonly orgLoaders: OrganisationsLoaders,
  ) {}

  @Query(() => UserModel, { description: 'The signed-in user.' })
  me(@CurrentUser() viewer: AuthUser): Promise<UserModel> {
    return this.service.me(viewer);
  }

  @Query(() => [UserModel], {
    description: 'HR: the accounts of their organisation. Admin: any organisation, or all.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  users(
    @CurrentUser() viewer: AuthUser,
    @Args('organisationId', { type: () => ID, nullable: true }) organisationId?: string,
  ): Promise<UserModel[]> {
    return this.service.list(viewer, organisationId);
  }

  @Mutation(() => UserModel)
  @Roles(UserRole.ADMIN)
  createUser(@Args('input') input: CreateUserInput): Promise<UserModel> {
    return this.service.create(input);
  }

  @ResolveField(() => OrganisationModel)
  async organisation(@Parent() user: UserModel, @Context() ctx: GqlContext): Promise<OrganisationModel> {
    const org = await this.orgLoaders.organisation(ctx).load(user.organisationId);
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }

  @ResolveField(() => DepartmentModel, { nullable: true })
  department(@Parent() user: UserModel, @Context() ctx: GqlContext): Promise<DepartmentModel | null> {
    return user.departmentId
      ? this.orgLoaders.department(ctx).load(user.departmentId)
      : Promise.resolve(null);
  }
}
