import {
  Args,
  Context,
  ID,
  Info,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { countedCoSupervisors, managesOpportunity } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { AppError } from '../common/errors/app-error';
import { GqlContext } from '../common/auth/request-of';
import { CompetenceEntity } from '../competences/entities/competence.entity';
import { CompetenceModel } from '../competences/models/competence.model';
import { UserRole } from '../core/domain/enums';
import { DepartmentModel, OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import { CreateOpportunityInput, OpportunitiesArgs, UpdateOpportunityInput } from './dto/opportunity.inputs';
import { OpportunityEntity, OpportunityRequirementEntity } from './entities/opportunity.entity';
import {
  CoSupervisionModel,
  OpportunityConnectionModel,
  OpportunityModel,
  OpportunityRequirementModel,
  SupervisorSummaryModel,
} from './models/opportunity.model';
import { OpportunitiesLoaders } from './opportunities.loaders';
import { BrowsedOpportunity } from './opportunities.repository';
import { CoSupervisionService } from './co-supervision.service';
import { OpportunityDraftingService } from './opportunity-drafting.service';
import { OpportunityLifecycleService } from './opportunity-lifecycle.service';
import { OpportunityReadsService } from './opportunity-reads.service';
import { toSupervisorSummary } from './opportunity-relations.resolver';
import { pageReadOf } from './opportunity-selection';
import { OpportunityPageAnswers } from './page-answers';

const HOST_ROLES = [UserRole.SUPERVISOR, UserRole.HR, UserRole.ADMIN];
const REVIEW_ROLES = [UserRole.HR, UserRole.ADMIN];

@Resolver(() => OpportunityModel)
export class OpportunitiesResolver {
  constructor(
    private readonly reads: OpportunityReadsService,
    private readonly drafting: OpportunityDraftingService,
    private readonly lifecycle: OpportunityLifecycleService,
    private readonly coSupervisions: CoSupervisionService,
    private readonly loaders: OpportunitiesLoaders,
    private readonly orgLoaders: OrganisationsLoaders,
    private readonly pageAnswers: OpportunityPageAnswers,
  ) {}

  // ---- queries -------------------------------------------------------------------------------------

  @Query(() => OpportunityConnectionModel, {
    description:
      'Browse opportunities. Candidates see the OPEN ones before their deadline; host staff and HR also ' +
      'their own in other states (filter by status); admins all. Keyset pagination: pass pageInfo.endCursor as after.',
    complexity: ({ args, childComplexity }) => 1 + (Number(args.first) || 20) * childComplexity,
  })
  async opportunities(
    @CurrentUser() viewer: AuthUser,
    @Args() args: OpportunitiesArgs,
    @Info() info: GraphQLResolveInfo,
    @Context() ctx: GqlContext,
  ): Promise<OpportunityConnectionModel> {
    // A page answered again, shared by the viewers who would be given the same (page-answers.ts).
    const lookup = await this.pageAnswers.lookup(ctx, info, viewer);
    if (!lookup) return this.reads.list(viewer, args, pageReadOf(info));
    if (lookup.hit) return this.pageAnswers.reused();
    const { connection, stableUntil } = await this.reads.page(lookup.scope, args, pageReadOf(info));
    lookup.kept?.keep(stableUntil);
    return connection;
  }

  @Query(() => OpportunityModel, { description: 'One opportunity you can see; NOT_FOUND otherwise.' })
  opportunity(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<OpportunityModel> {
    return this.reads.get(viewer, id);
  }

  @Query(() => [OpportunityModel], {
    description: 'The opportunities you lead or co-supervise, in every state, newest first.',
    complexity: ({ childComplexity }) => 1 + 20 * childComplexity,
  })
  @Roles(UserRole.SUPERVISOR)
  myOpportunities(@CurrentUser() viewer: AuthUser): Promise<OpportunityModel[]> {
    return this.reads.mine(viewer);
  }

  @Query(() => [CoSupervisionModel], {
    description: 'The co-supervisions you are invited to or accepted.',
    complexity: ({ childComplexity }) => 1 + 20 * childComplexity,
  })
  @Roles(UserRole.SUPERVISOR)
  myCoSupervisions(@CurrentUser() viewer: AuthUser): Promise<CoSupervisionModel[]> {
    return this.reads.myCoSupervisions(viewer);
  }

  // ---- drafting ------------------------------------------------------------------------------------

  @Mutation(() => OpportunityModel, {
    description: 'Supervisors: a DRAFT in your organisation; you lead it.',
  })
  @Roles(UserRole.SUPERVISOR)
  createOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args('input') input: CreateOpportunityInput,
  ): Promise<OpportunityModel> {
    return this.drafting.create(viewer, input);
  }

  @Mutation(() => OpportunityModel, {
    description:
      'Host staff: edit while DRAFT, PENDING_APPROVAL or OPEN. A substantive change of a co-supervised ' +
      'project (title, description, capacity, requirements) sends it back to DRAFT for reconfirmation.',
  })
  @Roles(...HOST_ROLES)
  updateOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOpportunityInput,
  ): Promise<OpportunityModel> {
    return this.drafting.update(viewer, id, input);
  }

  // ---- lifecycle -----------------------------------------------------------------------------------

  @Mutation(() => OpportunityModel, { description: 'Lead supervisor: DRAFT to PENDING_APPROVAL.' })
  @Roles(UserRole.SUPERVISOR)
  submitOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<OpportunityModel> {
    return this.lifecycle.submit(viewer, id);
  }

  @Mutation(() => OpportunityModel, { description: 'HR of the host: PENDING_APPROVAL to OPEN.' })
  @Roles(...REVIEW_ROLES)
  approveOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<OpportunityModel> {
    return this.lifecycle.approve(viewer, id);
  }

  @Mutation(() => OpportunityModel, { description: 'HR of the host: back to DRAFT with a comment.' })
  @Roles(...REVIEW_ROLES)
  returnOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('comment') comment: string,
  ): Promise<OpportunityModel> {
    return this.lifecycle.returnToDraft(viewer, id, comment);
  }

  @Mutation(() => OpportunityModel, { description: 'HR of the host: OPEN to CLOSED (the call closes).' })
  @Roles(...REVIEW_ROLES)
  closeOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<OpportunityModel> {
    return this.lifecycle.close(viewer, id);
  }

  @Mutation(() => OpportunityModel, { description: 'HR of the host: OPEN or CLOSED to ALLOCATED.' })
  @Roles(...REVIEW_ROLES)
  markOpportunityAllocated(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<OpportunityModel> {
    return this.lifecycle.markAllocated(viewer, id);
  }

  @Mutation(() => OpportunityModel, { description: 'HR of the host: ALLOCATED to COMPLETED.' })
  @Roles(...REVIEW_ROLES)
  completeOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<OpportunityModel> {
    return this.lifecycle.complete(viewer, id);
  }

  @Mutation(() => OpportunityModel, {
    description: 'HR of the host: cancel before completion, with a reason; live applications are rejected.',
  })
  @Roles(...REVIEW_ROLES)
  cancelOpportunity(
    @CurrentUser() viewer: AuthUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
  ): Promise<OpportunityModel> {
    return this.lifecycle.cancel(viewer, id, reason);
  }

  // ---- co-supervision ------------------------------------------------------------------------------

  @Mutation(() => CoSupervisionModel, {
    description: 'Lead supervisor: invite a supervisor of another organisation to co-supervise the project.',
  })
  @Roles(UserRole.SUPERVISOR, UserRole.ADMIN)
  inviteCoSupervisor(
    @CurrentUser() viewer: AuthUser,
    @Args('opportunityId', { type: () => ID }) opportunityId: string,
    @Args('userId', { type: () => ID }) userId: string,
  ): Promise<CoSupervisionModel> {
    return this.coSupervisions.inviteCoSupervisor(viewer, opportunityId, userId);
  }

  @Mutation(() => CoSupervisionModel, {
    description: 'The invited co-supervisor: accept, or decline with a reason.',
  })
  @Roles(UserRole.SUPERVISOR)
  respondToCoSupervision(
    @CurrentUser() viewer: AuthUser,
    @Args('opportunityId', { type: () => ID }) opportunityId: string,
    @Args('accept') accept: boolean,
    @Args('reason', { type: () => String, nullable: true }) reason?: string | null,
  ): Promise<CoSupervisionModel> {
    return this.coSupervisions.respondToCoSupervision(viewer, opportunityId, accept, reason);
  }

  // ---- relation fields ---------------------------------------------------------------------------------
  // These run once per row of a page. Without parameter decorators (and with no guards, interceptors
  // or field middleware on fields) @nestjs/graphql binds each method as a plain graphql-js resolver,
  // (parent, args, context), skipping its per-call pipeline of parameter extraction, pipes and promises.

  // A page's host organisations, supervisors and (read with the page) requirements are usually at
  // hand: answered synchronously then, graphql-js completes the row without a promise per field.

  @ResolveField(() => OrganisationModel)
  hostOrganisation(
    o: OpportunityEntity,
    _args: unknown,
    ctx: GqlContext,
  ): OrganisationModel | Promise<OrganisationModel> {
    return (
      this.orgLoaders.cachedOrganisation(o.hostOrganisationId) ??
      (this.orgLoaders.organisation(ctx).load(o.hostOrganisationId) as Promise<OrganisationModel>)
    );
  }

  @ResolveField(() => DepartmentModel, { nullable: true })
  hostDepartment(o: OpportunityEntity, _args: unknown, ctx: GqlContext): Promise<DepartmentModel | null> {
    return o.hostDepartmentId
      ? this.orgLoaders.department(ctx).load(o.hostDepartmentId)
      : Promise.resolve(null);
  }

  @ResolveField(() => SupervisorSummaryModel)
  leadSupervisor(
    o: OpportunityEntity,
    _args: unknown,
    ctx: GqlContext,
  ): SupervisorSummaryModel | Promise<SupervisorSummaryModel> {
    // The cached account row is the summary as it is (its id, displayName and organisationId are the
    // summary's fields; GraphQL answers no others): no object per row.
    const cached = this.loaders.cachedUser(o.leadSupervisorId);
    if (cached) return cached;
    return this.loaders
      .user(ctx)
      .load(o.leadSupervisorId)
      .then((user) => toSupervisorSummary(user, o.leadSupervisorId));
  }

  @ResolveField(() => CoSupervisionModel, { nullable: true })
  coSupervision(o: OpportunityEntity, _args: unknown, ctx: GqlContext): Promise<CoSupervisionModel | null> {
    return this.loaders.coSupervision(ctx).load(o.id);
  }

  @ResolveField(() => [OpportunityRequirementModel], {
    complexity: ({ childComplexity }) => 1 + 5 * childComplexity,
  })
  requirements(
    o: BrowsedOpportunity,
    _args: unknown,
    ctx: GqlContext,
  ): OpportunityRequirementModel[] | Promise<OpportunityRequirementModel[]> {
    // A page of `opportunities` read them with its rows, competences joined; anything else through the loader.
    if (o.requirementsRead) return o.requirementsRead as OpportunityRequirementModel[];
    return this.loaders.requirements(ctx).load(o.id).then(withCompetences);
  }

  @ResolveField(() => [CompetenceModel], {
    description: 'Competences the opportunity develops.',
    complexity: ({ childComplexity }) => 1 + 5 * childComplexity,
  })
  async developedCompetences(
    o: OpportunityEntity,
    _args: unknown,
    ctx: GqlContext,
  ): Promise<CompetenceModel[]> {
    const rows = await this.loaders.developedCompetences(ctx).load(o.id);
    return rows.map((r) => r.competence).filter((c): c is CompetenceEntity => c !== undefined);
  }

  @ResolveField(() => Int, { description: 'Seats still free: capacity - seatsTaken.' })
  seatsAvailable(o: OpportunityEntity): number {
    return o.capacity - o.seatsTaken;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'Only host staff, HR of the host, admins and applicants shortlisted or further see it; null for everyone else.',
  })
  async confidentialDetails(
    @Parent() o: OpportunityEntity,
    @CurrentUser() viewer: AuthUser,
    @Context() ctx: GqlContext,
  ): Promise<string | null> {
    if (o.confidentialDetails === null) return null;
    if (managesOpportunity(viewer, o)) return o.confidentialDetails;
    return (await this.loaders.confidentialAccess(ctx, viewer).load(o.id)) ? o.confidentialDetails : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      "HR's comment when it returned the proposal; only host staff (the lead supervisor, an invited or accepted co-supervisor, HR of the host) and admins.",
  })
  async reviewComment(
    @Parent() o: OpportunityEntity,
    @CurrentUser() viewer: AuthUser,
    @Context() ctx: GqlContext,
  ): Promise<string | null> {
    if (o.reviewComment === null) return null;
    if (managesOpportunity(viewer, o)) return o.reviewComment;
    const coSupervision = await this.loaders.coSupervision(ctx).load(o.id);
    const counted = countedCoSupervisors(coSupervision ? [coSupervision] : [], { acceptedOnly: false });
    return managesOpportunity(viewer, o, counted) ? o.reviewComment : null;
  }
}

function withCompetences(rows: OpportunityRequirementEntity[]): OpportunityRequirementModel[] {
  return rows.map((r) => {
    if (!r.competence) throw AppError.notFound('Competence');
    return { ...r, competence: r.competence };
  });
}
