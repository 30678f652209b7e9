import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { UserRole } from '../core/domain/enums';
import { DepartmentModel, OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import { SupervisorDirectoryArgs } from './dto/supervisor-directory.args';
import { DirectorySupervisorModel, SupervisorDirectoryModel } from './models/supervisor-directory.model';
import { UsersService } from './users.service';

@Resolver(() => SupervisorDirectoryModel)
export class SupervisorDirectoryResolver {
  constructor(private readonly service: UsersService) {}

  @Query(() => SupervisorDirectoryModel, {
    description:
      'Supervisors and HR: the consortium’s supervisors by name, organisation and department (nothing ' +
      'else about them), to invite a co-supervisor. Ordered by name; search by words of the name.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 20) * childComplexity,
  })
  @Roles(UserRole.SUPERVISOR, UserRole.HR)
  supervisorDirectory(
    @CurrentUser() viewer: AuthUser,
    @Args() args: SupervisorDirectoryArgs,
  ): Promise<SupervisorDirectoryModel> {
    return this.service.supervisorDirectory(viewer, args);
  }

  @ResolveField(() => Int, { description: 'All matches, over every page.' })
  totalCount(@Parent() directory: SupervisorDirectoryModel): Promise<number> {
    return directory.count();
  }
}

@Resolver(() => DirectorySupervisorModel)
export class DirectorySupervisorResolver {
  constructor(private readonly orgLoaders: OrganisationsLoaders) {}

  @ResolveField(() => OrganisationModel)
  async organisation(
    @Parent() s: DirectorySupervisorModel,
    @Context() ctx: GqlContext,
  ): Promise<OrganisationModel> {
    const org = await this.orgLoaders.organisation(ctx).load(s.organisationId);
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }

  @ResolveField(() => DepartmentModel, { nullable: true })
  department(
    @Parent() s: DirectorySupervisorModel,
    @Context() ctx: GqlContext,
  ): Promise<DepartmentModel | null> {
    return s.departmentId ? this.orgLoaders.department(ctx).load(s.departmentId) : Promise.resolve(null);
  }
}
