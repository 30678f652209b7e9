import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { CompetencesLoaders } from '../competences/competences.loaders';
import { CompetenceModel } from '../competences/models/competence.model';
import { UserRole } from '../core/domain/enums';
import { OpportunityModel } from '../opportunities/models/opportunity.model';
import { OpportunitiesLoaders } from '../opportunities/opportunities.loaders';
import { OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import {
  CreateRoleProfileInput,
  DevelopmentPathArgs,
  GapAnalysisArgs,
  RoleProfilesArgs,
  SetTargetRolesArgs,
  UpdateRoleProfileInput,
} from './dto/role.inputs';
import {
  DevelopedGapModel,
  DevelopmentStepModel,
  GapAnalysisModel,
  GapItemModel,
  RoleProfileModel,
  RoleRequirementModel,
} from './models/role.model';
import { RolesLoaders } from './roles.loaders';
import { RolesService } from './roles.service';

@Resolver(() => RoleProfileModel)
export class RolesResolver {
  constructor(
    private readonly service: RolesService,
    private readonly loaders: RolesLoaders,
    private readonly orgLoaders: OrganisationsLoaders,
  ) {}

  @Query(() => [RoleProfileModel], {
    description:
      'Role profiles (future roles): consortium-wide and every organisation’s; current versions unless includeSuperseded.',
    // A few dozen current roles per organisation; counted as 20 for the complexity limit.
    complexity: ({ childComplexity }) => 20 * childComplexity,
  })
  roleProfiles(@Args() args: RoleProfilesArgs): Promise<RoleProfileModel[]> {
    return this.service.list(args);
  }

  @Query(() => RoleProfileModel, { description: 'One version of a role profile (superseded ones too).' })
  roleProfile(@Args('id', { type: () => ID }) id: string): Promise<RoleProfileModel> {
    return this.service.get(id);
  }

  @Mutation(() => RoleProfileModel, {
    description: 'ADMIN (any organisation or consortium-wide) and HR (their own organisation).',
  })
  @Roles(UserRole.ADMIN, UserRole.HR)
  createRoleProfile(
    @CurrentUser() viewer: AuthUser,
    @Args('input') input: CreateRoleProfileInput,
  ): Promise<RoleProfileModel> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => RoleProfileModel, {
    description:
      'Makes version n+1 of the current version `id` and supersedes it (it stays readable). Target roles follow the new version.',
  })
  @Roles(UserRole.ADMIN, UserRole.HR)
  updateRoleProfile(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateRoleProfileInput,
  ): Promise<RoleProfileModel> {
    return this.service.update(viewer, id, input);
  }

  @Mutation(() => [RoleProfileModel], {
    description: 'Replaces your target roles (at most 3, in your order).',
    complexity: ({ childComplexity }) => 3 * childComplexity,
  })
  setTargetRoles(
    @CurrentUser() viewer: AuthUser,
    @Args() args: SetTargetRolesArgs,
  ): Promise<RoleProfileModel[]> {
    return this.service.setTargetRoles(viewer, args.roleIds);
  }

  @Query(() => [RoleProfileModel], {
    description: 'Your target roles, in your order.',
    complexity: ({ childComplexity }) => 3 * childComplexity,
  })
  myTargetRoles(@CurrentUser() viewer: AuthUser): Promise<RoleProfileModel[]> {
    return this.service.myTargetRoles(viewer);
  }

  @Query(() => GapAnalysisModel, {
    description:
      'A person against a role: yourself (personId omitted), admins, HR of the person’s organisation; otherwise NOT_FOUND.',
  })
  gapAnalysis(@CurrentUser() viewer: AuthUser, @Args() args: GapAnalysisArgs): Promise<GapAnalysisModel> {
    return this.service.gapAnalysis(viewer, args);
  }

  @Query(() => [DevelopmentStepModel], {
    description:
      'OPEN opportunities (before their deadline) that develop your gap competences for the role, most gap levels closed first.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 10) * childComplexity,
  })
  developmentPath(
    @CurrentUser() viewer: AuthUser,
    @Args() args: DevelopmentPathArgs,
  ): Promise<DevelopmentStepModel[]> {
    return this.service.developmentPath(viewer, args);
  }

  @ResolveField(() => [RoleRequirementModel], { complexity: 10 })
  requirements(
    @Parent() role: RoleProfileModel,
    @Context() ctx: GqlContext,
  ): Promise<RoleRequirementModel[]> {
    return this.loaders.requirements(ctx).load(role.id);
  }

  @ResolveField(() => OrganisationModel, { nullable: true, description: 'Null: consortium-wide.' })
  async organisation(
    @Parent() role: RoleProfileModel,
    @Context() ctx: GqlContext,
  ): Promise<OrganisationModel | null> {
    if (!role.organisationId) return null;
    return this.orgLoaders.organisation(ctx).load(role.organisationId);
  }
}

@Resolver(() => RoleRequirementModel)
export class RoleRequirementResolver {
  constructor(private readonly loaders: CompetencesLoaders) {}

  @ResolveField(() => CompetenceModel)
  competence(@Parent() parent: RoleRequirementModel, @Context() ctx: GqlContext): Promise<CompetenceModel> {
    return this.loaders.existing(ctx, parent.competenceId);
  }
}

@Resolver(() => GapItemModel)
export class GapItemResolver {
  constructor(private readonly loaders: CompetencesLoaders) {}

  @ResolveField(() => CompetenceModel)
  competence(@Parent() parent: GapItemModel, @Context() ctx: GqlContext): Promise<CompetenceModel> {
    return this.loaders.existing(ctx, parent.competenceId);
  }
}

@Resolver(() => GapAnalysisModel)
export class GapAnalysisResolver {
  constructor(private readonly loaders: CompetencesLoaders) {}

  @ResolveField(() => [CompetenceModel], {
    description: 'The competences of essentialGaps, in the same order.',
    complexity: ({ childComplexity }) => 10 * childComplexity,
  })
  essentialGapCompetences(
    @Parent() gap: GapAnalysisModel,
    @Context() ctx: GqlContext,
  ): Promise<CompetenceModel[]> {
    return Promise.all(gap.essentialGaps.map((id) => this.loaders.existing(ctx, id)));
  }
}

@Resolver(() => DevelopedGapModel)
export class DevelopedGapResolver {
  constructor(private readonly loaders: CompetencesLoaders) {}

  @ResolveField(() => CompetenceModel)
  competence(@Parent() parent: DevelopedGapModel, @Context() ctx: GqlContext): Promise<CompetenceModel> {
    return this.loaders.existing(ctx, parent.competenceId);
  }
}

@Resolver(() => DevelopmentStepModel)
export class DevelopmentStepResolver {
  constructor(private readonly loaders: OpportunitiesLoaders) {}

  /** An OPEN opportunity: public to everyone signed in. */
  @ResolveField(() => OpportunityModel)
  async opportunity(
    @Parent() step: DevelopmentStepModel,
    @Context() ctx: GqlContext,
  ): Promise<OpportunityModel> {
    const opportunity = await this.loaders.opportunity(ctx).load(step.opportunityId);
    if (!opportunity) throw AppError.notFound('Opportunity');
    return opportunity;
  }
}
