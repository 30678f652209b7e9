import {
  Args,
  Context,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { applicationDeliveryKey, mayFollowApplication } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { UserRole } from '../core/domain/enums';
import { ApplicationStatusChangedEvent } from '../notifications/notifications.publisher';
import { OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import { AssessmentModel } from '../profiles/models/profile.model';
import { toAssessmentModel } from '../profiles/profiles.service';
import { applicantKey, ApplicationsLoaders } from './applications.loaders';
import { ApplicationEvidenceService } from './application-evidence.service';
import { ApplicationRankingService } from './application-ranking.service';
import { ApplicationReadsService } from './application-reads.service';
import { ApplicationSubmissionService } from './application-submission.service';
import { ApplicationWorkflowService } from './application-workflow.service';
import {
  ApplicationIdArgs,
  ApplicationReasonArgs,
  ApplicantsConnectionArgs,
  ApplicationsForOpportunityArgs,
  ApplicationStatusChangedArgs,
  MyApplicationsArgs,
  OfferApplicationArgs,
  OpportunityIdArgs,
  RankApplicantsArgs,
  RecordPlacementEvidenceInput,
  SubmitApplicationInput,
} from './dto/application.inputs';
import {
  ApplicantModel,
  ApplicationConnectionModel,
  ApplicationModel,
  ApplicationStatusChangeModel,
  ApplicationTransitionModel,
  RankedApplicationModel,
} from './models/application.model';

const HOST_ROLES = [UserRole.SUPERVISOR, UserRole.HR, UserRole.ADMIN];

@Resolver(() => ApplicationModel)
export class ApplicationsResolver {
  constructor(
    private readonly reads: ApplicationReadsService,
    private readonly submission: ApplicationSubmissionService,
    private readonly workflow: ApplicationWorkflowService,
    private readonly ranking: ApplicationRankingService,
    private readonly evidence: ApplicationEvidenceService,
    private readonly loaders: ApplicationsLoaders,
  ) {}

  // ---- queries ----

  @Query(() => [ApplicationModel], {
    description: 'The signed-in candidate’s applications, newest first.',
    complexity: ({ args, childComplexity }) => (args.first as number) * childComplexity,
  })
  @Roles(UserRole.CANDIDATE)
  myApplications(
    @CurrentUser() viewer: AuthUser,
    @Args() args: MyApplicationsArgs,
  ): Promise<ApplicationModel[]> {
    return this.reads.myApplications(viewer, args);
  }

  @Query(() => ApplicationModel, {
    description: 'For its candidate, host staff, HR of the host organisation and admins.',
  })
  application(@CurrentUser() viewer: AuthUser, @Args() { id }: ApplicationIdArgs): Promise<ApplicationModel> {
    return this.reads.get(viewer, id);
  }

  @Query(() => [ApplicationModel], {
    description: 'Host staff, HR of the host organisation, admins: the applications, oldest first.',
    complexity: ({ args, childComplexity }) => (args.first as number) * childComplexity,
  })
  @Roles(...HOST_ROLES)
  applicationsForOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args() args: ApplicationsForOpportunityArgs,
  ): Promise<ApplicationModel[]> {
    return this.reads.forOpportunity(viewer, args);
  }

  @Query(() => ApplicationConnectionModel, {
    description:
      'Host staff, HR of the host organisation, admins: the applications, oldest first, as keyset pages (pass pageInfo.endCursor as after); NOT_FOUND for anyone else.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 20) * childComplexity,
  })
  @Roles(...HOST_ROLES)
  applicantsConnection(
    @CurrentUser() viewer: AuthUser,
    @Args() args: ApplicantsConnectionArgs,
  ): Promise<ApplicationConnectionModel> {
    return this.reads.applicantsPage(viewer, args);
  }

  @Query(() => [RankedApplicationModel], {
    description: 'The host’s ranking of the opportunity’s applicants, rank 1 first.',
    complexity: ({ childComplexity }) => 50 * childComplexity,
  })
  @Roles(...HOST_ROLES)
  applicantRanking(
    @CurrentUser() viewer: AuthUser,
    @Args() { opportunityId }: OpportunityIdArgs,
  ): Promise<RankedApplicationModel[]> {
    return this.ranking.applicantRanking(viewer, opportunityId);
  }

  // ---- mutations ----

  @Mutation(() => ApplicationModel, {
    description:
      'Applies to an open opportunity before its deadline. Refusals carry a reason: OPPORTUNITY_NOT_OPEN, APPLICATION_DEADLINE_PASSED, STAGE_NOT_ELIGIBLE, ESSENTIAL_REQUIREMENTS_UNMET (with `missing`), DUPLICATE_APPLICATION, LIVE_APPLICATION_LIMIT.',
  })
  @Roles(UserRole.CANDIDATE)
  submitApplication(
    @CurrentUser() viewer: AuthUser,
    @Args('input') input: SubmitApplicationInput,
  ): Promise<ApplicationModel> {
    return this.submission.submit(viewer, input);
  }

  @Mutation(() => ApplicationModel, {
    description:
      'The candidate withdraws: SUBMITTED or SHORTLISTED (reason optional), or ACCEPTED (a reason is required: the seat is freed and offered to the next on the waiting list, the host is told).',
  })
  @Roles(UserRole.CANDIDATE)
  withdrawApplication(
    @CurrentUser() viewer: AuthUser,
    @Args() { id, reason }: ApplicationReasonArgs,
  ): Promise<ApplicationModel> {
    return this.workflow.withdraw(viewer, id, reason);
  }

  @Mutation(() => ApplicationModel, { description: 'The host shortlists a submitted application.' })
  @Roles(...HOST_ROLES)
  shortlistApplication(
    @CurrentUser() viewer: AuthUser,
    @Args() { id }: ApplicationIdArgs,
  ): Promise<ApplicationModel> {
    return this.workflow.shortlist(viewer, id);
  }

  @Mutation(() => ApplicationModel, { description: 'The host rejects; a reason is required.' })
  @Roles(...HOST_ROLES)
  rejectApplication(
    @CurrentUser() viewer: AuthUser,
    @Args() { id, reason }: ApplicationReasonArgs,
  ): Promise<ApplicationModel> {
    return this.workflow.reject(viewer, id, reason);
  }

  @Mutation(() => ApplicationModel, {
    description: 'The host offers a place to a shortlisted applicant, to be answered by `responseDeadline`.',
  })
  @Roles(...HOST_ROLES)
  offerApplication(
    @CurrentUser() viewer: AuthUser,
    @Args() { id, responseDeadline }: OfferApplicationArgs,
  ): Promise<ApplicationModel> {
    return this.workflow.offer(viewer, id, responseDeadline);
  }

  @Mutation(() => ApplicationModel, {
    description: 'The candidate accepts an offer, taking a seat (NO_SEATS_LEFT when full).',
  })
  @Roles(UserRole.CANDIDATE)
  acceptOffer(@CurrentUser() viewer: AuthUser, @Args() { id }: ApplicationIdArgs): Promise<ApplicationModel> {
    return this.workflow.accept(viewer, id);
  }

  @Mutation(() => ApplicationModel, { description: 'The candidate declines an offer.' })
  @Roles(UserRole.CANDIDATE)
  declineOffer(
    @CurrentUser() viewer: AuthUser,
    @Args() { id, reason }: ApplicationReasonArgs,
  ): Promise<ApplicationModel> {
    return this.workflow.decline(viewer, id, reason);
  }

  @Mutation(() => [AssessmentModel], {
    description:
      'The supervisors of a COMPLETED placement (lead or accepted co-supervisor) assess the competences it developed: EVIDENCE assessments on the candidate’s profile.',
    complexity: ({ childComplexity }) => 50 * childComplexity,
  })
  @Roles(...HOST_ROLES)
  async recordPlacementEvidence(
    @CurrentUser() viewer: AuthUser,
    @Args('input') input: RecordPlacementEvidenceInput,
  ): Promise<AssessmentModel[]> {
    return (await this.evidence.recordPlacementEvidence(viewer, input)).map(toAssessmentModel);
  }

  @Mutation(() => ApplicationModel, { description: 'The host marks an accepted placement completed.' })
  @Roles(...HOST_ROLES)
  completeApplication(
    @CurrentUser() viewer: AuthUser,
    @Args() { id }: ApplicationIdArgs,
  ): Promise<ApplicationModel> {
    return this.workflow.complete(viewer, id);
  }

  @Mutation(() => ApplicationModel, {
    description:
      'Host staff record that the candidate did not turn up for an ACCEPTED placement, from its first day on (else PLACEMENT_NOT_STARTED): NO_SHOW, the seat is released, the candidate told.',
  })
  @Roles(...HOST_ROLES)
  recordNoShow(
    @CurrentUser() viewer: AuthUser,
    @Args() { id, reason }: ApplicationReasonArgs,
  ): Promise<ApplicationModel> {
    return this.workflow.recordNoShow(viewer, id, reason);
  }

  @Mutation(() => [RankedApplicationModel], {
    description:
      'Host staff rank the opportunity’s live applications, most preferred first; replaces the previous ranking.',
  })
  @Roles(...HOST_ROLES)
  rankApplicants(
    @CurrentUser() viewer: AuthUser,
    @Args() { opportunityId, applicationIds }: RankApplicantsArgs,
  ): Promise<RankedApplicationModel[]> {
    return this.ranking.rankApplicants(viewer, opportunityId, applicationIds);
  }

  // ---- subscriptions ----

  @Subscription(() => ApplicationStatusChangeModel, {
    description: 'Status changes of the applications the signed-in user may read (graphql-ws).',
    filter: (event: ApplicationStatusChangedEvent, args: ApplicationStatusChangedArgs, ctx: GqlContext) =>
      !!ctx.req.user &&
      mayFollowApplication(ctx.req.user, event.audience) &&
      // Delivered under each key of its audience: take it under the first key this viewer holds.
      applicationDeliveryKey(ctx.req.user, event.audience) === event.via &&
      (!args.applicationId || args.applicationId === event.change.applicationId),
    resolve: (event: ApplicationStatusChangedEvent) => event.change,
  })
  async applicationStatusChanged(
    @CurrentUser() viewer: AuthUser,
    @Args() { applicationId }: ApplicationStatusChangedArgs,
  ): Promise<AsyncIterableIterator<ApplicationStatusChangedEvent>> {
    return this.reads.statusChanges(viewer, applicationId ?? null);
  }

  // ---- fields ----

  @ResolveField(() => [ApplicationTransitionModel], {
    description: 'Every status change, oldest first: who, when, from, to, why.',
    complexity: ({ childComplexity }) => 10 * childComplexity,
  })
  history(
    @Parent() application: ApplicationModel,
    @Context() ctx: GqlContext,
  ): Promise<ApplicationTransitionModel[]> {
    return this.loaders.history(ctx).load(application.id);
  }

  @ResolveField(() => String)
  async opportunityTitle(
    @Parent() application: ApplicationModel,
    @Context() ctx: GqlContext,
  ): Promise<string> {
    return (await this.loaders.opportunityTitle(ctx).load(application.opportunityId)) ?? '';
  }

  @ResolveField(() => ApplicantModel, { description: 'The applicant, as the host sees them.' })
  async applicant(
    @Parent() application: ApplicationModel,
    @Context() ctx: GqlContext,
  ): Promise<ApplicantModel> {
    const profile = await this.loaders
      .applicant(ctx)
      .load(applicantKey(application.opportunityId, application.candidateId));
    if (!profile) throw AppError.notFound('Applicant');
    return { ...profile, motivation: application.motivation };
  }
}

@Resolver(() => ApplicantModel)
export class ApplicantResolver {
  constructor(private readonly orgLoaders: OrganisationsLoaders) {}

  @ResolveField(() => OrganisationModel)
  async organisation(
    @Parent() applicant: ApplicantModel,
    @Context() ctx: GqlContext,
  ): Promise<OrganisationModel> {
    const org = await this.orgLoaders.organisation(ctx).load(applicant.organisationId);
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }
}

@Resolver(() => ApplicationConnectionModel)
export class ApplicationConnectionResolver {
  @ResolveField(() => Int, { description: 'All the applications listed, over every page.', complexity: 1 })
  totalCount(@Parent() connection: ApplicationConnectionModel): Promise<number> {
    return connection.count();
  }
}
