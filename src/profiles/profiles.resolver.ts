import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { CompetencesLoaders } from '../competences/competences.loaders';
import { levelName } from '../competences/proficiency-scale';
import { CompetenceModel } from '../competences/models/competence.model';
import { UserRole } from '../core/domain/enums';
import { DepartmentModel, OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import {
  AssessCompetenceArgs,
  FindableProfilesArgs,
  ProfileArgs,
  SelfAssessArgs,
  SetSupervisionCapacityArgs,
  UpdateProfileInput,
} from './dto/profile.inputs';
import {
  AssessmentModel,
  EffectiveCompetenceModel,
  ProfileConnectionModel,
  ProfileModel,
} from './models/profile.model';
import { PersonSummaryModel } from '../users/models/person-summary.model';
import { UsersLoaders } from '../users/users.loaders';
import { ProfilesLoaders } from './profiles.loaders';
import { ProfilesService, toAssessmentModel } from './profiles.service';
import { DataCorrectionsService } from './data-corrections.service';

@Resolver(() => ProfileModel)
export class ProfilesResolver {
  constructor(
    private readonly service: ProfilesService,
    private readonly corrections: DataCorrectionsService,
    private readonly loaders: ProfilesLoaders,
    private readonly orgLoaders: OrganisationsLoaders,
  ) {}

  @Query(() => ProfileModel, { description: 'Your own profile, with your assessment history.' })
  myProfile(@CurrentUser() viewer: AuthUser): Promise<ProfileModel> {
    return this.service.myProfile(viewer);
  }

  @Query(() => ProfileModel, {
    description:
      'A person’s profile: yourself, admins, HR of their organisation; supervisors and HR of any organisation when the profile is CONSORTIUM. Otherwise NOT_FOUND.',
  })
  profile(@CurrentUser() viewer: AuthUser, @Args() args: ProfileArgs): Promise<ProfileModel> {
    return this.service.profile(viewer, args);
  }

  @Query(() => ProfileConnectionModel, {
    description:
      'Supervisors and HR: CONSORTIUM profiles of others; HR also everyone of their organisation. By display name.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 20) * childComplexity,
  })
  @Roles(UserRole.SUPERVISOR, UserRole.HR, UserRole.ADMIN)
  findableProfiles(
    @CurrentUser() viewer: AuthUser,
    @Args() args: FindableProfilesArgs,
  ): Promise<ProfileConnectionModel> {
    return this.service.findable(viewer, args);
  }

  @Mutation(() => ProfileModel, { description: 'Changes the given fields of your profile.' })
  updateMyProfile(
    @CurrentUser() viewer: AuthUser,
    @Args('input') input: UpdateProfileInput,
  ): Promise<ProfileModel> {
    return this.service.updateMyProfile(viewer, input);
  }

  @Mutation(() => ProfileModel, {
    description:
      "HR of the supervisor's organisation and admins: sets a supervisor's supervision capacity, the load cap approvals of co-supervised projects check, with a reason the supervisor reads (kept with the corrections of their data).",
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  setSupervisionCapacity(
    @CurrentUser() viewer: AuthUser,
    @Args() args: SetSupervisionCapacityArgs,
  ): Promise<ProfileModel> {
    return this.corrections.setSupervisionCapacity(viewer, args);
  }

  @Mutation(() => AssessmentModel, { description: 'Rates one of your own competences (source SELF).' })
  selfAssess(@CurrentUser() viewer: AuthUser, @Args() args: SelfAssessArgs): Promise<AssessmentModel> {
    return this.service.selfAssess(viewer, args);
  }

  @Mutation(() => AssessmentModel, {
    description:
      'A supervisor rates a competence of someone who applied to an opportunity they lead or co-supervise.',
  })
  @Roles(UserRole.SUPERVISOR)
  assessCompetence(
    @CurrentUser() viewer: AuthUser,
    @Args() args: AssessCompetenceArgs,
  ): Promise<AssessmentModel> {
    return this.service.assessCompetence(viewer, args);
  }

  @ResolveField(() => OrganisationModel)
  async organisation(
    @Parent() profile: ProfileModel,
    @Context() ctx: GqlContext,
  ): Promise<OrganisationModel> {
    const org = await this.orgLoaders.organisation(ctx).load(profile.organisationId);
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }

  @ResolveField(() => DepartmentModel, { nullable: true })
  department(@Parent() profile: ProfileModel, @Context() ctx: GqlContext): Promise<DepartmentModel | null> {
    return profile.departmentId
      ? this.orgLoaders.department(ctx).load(profile.departmentId)
      : Promise.resolve(null);
  }

  @ResolveField(() => [EffectiveCompetenceModel], {
    description: 'Effective level per assessed competence, highest first. Unassessed ones are absent.',
    complexity: ({ childComplexity }) => 10 * childComplexity,
  })
  async competences(
    @Parent() profile: ProfileModel,
    @Context() ctx: GqlContext,
  ): Promise<EffectiveCompetenceModel[]> {
    const levels = await this.loaders.effectiveLevelsOfPerson(ctx).load(profile.userId);
    return [...levels]
      .map(([competenceId, e]) => ({
        competenceId,
        level: e.level,
        levelName: levelName(e.level),
        source: e.source,
        assessedAt: e.assessedAt,
      }))
      .sort((x, y) => y.level - x.level || x.competenceId.localeCompare(y.competenceId));
  }

  @ResolveField(() => [AssessmentModel], {
    nullable: true,
    description:
      'The assessment history, newest first: for the person, admins and HR of their organisation; null for others.',
    complexity: ({ childComplexity }) => 10 * childComplexity,
  })
  async assessments(
    @Parent() profile: ProfileModel,
    @Context() ctx: GqlContext,
  ): Promise<AssessmentModel[] | null> {
    if (profile.access !== 'FULL') return null;
    const rows = await this.loaders.assessmentsOfPerson(ctx).load(profile.userId);
    return rows.map(toAssessmentModel);
  }
}

@Resolver(() => EffectiveCompetenceModel)
export class EffectiveCompetenceResolver {
  constructor(private readonly loaders: CompetencesLoaders) {}

  @ResolveField(() => CompetenceModel)
  competence(
    @Parent() parent: EffectiveCompetenceModel,
    @Context() ctx: GqlContext,
  ): Promise<CompetenceModel> {
    return this.loaders.existing(ctx, parent.competenceId);
  }
}

@Resolver(() => AssessmentModel)
export class AssessmentResolver {
  constructor(
    private readonly loaders: CompetencesLoaders,
    private readonly people: UsersLoaders,
  ) {}

  @ResolveField(() => CompetenceModel)
  competence(@Parent() parent: AssessmentModel, @Context() ctx: GqlContext): Promise<CompetenceModel> {
    return this.loaders.existing(ctx, parent.competenceId);
  }

  @ResolveField(() => PersonSummaryModel, {
    nullable: true,
    description: 'Who assessed (name and organisation); null for SELF, or when their account is gone.',
  })
  assessor(
    @Parent() parent: AssessmentModel,
    @Context() ctx: GqlContext,
  ): Promise<PersonSummaryModel | null> {
    return parent.assessorId ? this.people.personSummary(ctx).load(parent.assessorId) : Promise.resolve(null);
  }
}
