import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { UserRole } from '../core/domain/enums';
import { DepartmentModel, OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import { CreateUserInput } from './dto/create-user.input';
import { UsersConnectionArgs } from './dto/users-connection.args';
import { UserConnectionModel, UserModel } from './models/user.model';
import { UsersService } from './users.service';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(
    private readonly service: UsersService,
    private readonly orgLoaders: OrganisationsLoaders,
  ) {}

  @Query(() => UserModel, { description: 'The signed-in user.' })
  me(@CurrentUser() viewer: AuthUser): UserModel | Promise<UserModel> {
    return this.service.me(viewer);
  }

  @Query(() => [UserModel], {
    description:
      'HR: the accounts of their organisation. Admin: any organisation, or all. All at once: for an organisation of any size, page with usersConnection.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  users(
    @CurrentUser() viewer: AuthUser,
    @Args('organisationId', { type: () => ID, nullable: true }) organisationId?: string,
  ): Promise<UserModel[]> {
    return this.service.list(viewer, organisationId);
  }

  @Query(() => UserConnectionModel, {
    description:
      'HR: the accounts of their organisation; admins: any organisation, or all. By display name, as keyset pages: pass pageInfo.endCursor as after.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 20) * childComplexity,
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  usersConnection(
    @CurrentUser() viewer: AuthUser,
    @Args() args: UsersConnectionArgs,
  ): Promise<UserConnectionModel> {
    return this.service.page(viewer, args);
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

@Resolver(() => UserConnectionModel)
export class UserConnectionResolver {
  @ResolveField(() => Int, { description: 'All the accounts listed, over every page.', complexity: 1 })
  totalCount(@Parent() connection: UserConnectionModel): Promise<number> {
    return connection.count();
  }
}
