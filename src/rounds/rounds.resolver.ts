import {
  Args,
  Context,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { mayFollowRound } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { UserRole } from '../core/domain/enums';
import { OpportunityModel } from '../opportunities/models/opportunity.model';
import { OpportunitiesLoaders } from '../opportunities/opportunities.loaders';
import { OrganisationModel } from '../organisations/models/organisation.model';
import { OrganisationsLoaders } from '../organisations/organisations.loaders';
import {
  AddRoundOpportunitiesArgs,
  CreateRoundInput,
  OpenRoundsArgs,
  ReassignPlacementArgs,
  RoundIdArgs,
  RoundOverrideArgs,
  RoundRefArgs,
  RoundRunsArgs,
  RoundsArgs,
  RunRoundArgs,
  SubmitRoundChoicesArgs,
  RunAssignmentPageArgs,
} from './dto/round.inputs';
import { RoundOverrideKind } from './entities/round.entity';
import { assignmentOf, toRunModel } from './models/round.mappers';
import {
  RoundAssignmentConnectionModel,
  RoundAssignmentModel,
  RoundChoiceModel,
  RoundExemptKind,
  RoundExemptPairModel,
  RoundModel,
  RoundOutcomeModel,
  RoundOverrideModel,
  RoundRunModel,
} from './models/round.model';
import { RoundRunUpdatedEvent, RoundEventsPublisher } from './round-events.publisher';
import { exemptPairsOf } from '../core/rounds/round-allocation';
import { RoundsLoaders } from './rounds.loaders';
import { RoundReassignmentService } from './round-reassignment.service';
import { RoundsService } from './rounds.service';
import { decodeCursor, encodeCursor, invalidCursor } from '../common/graphql/pagination';

const RUN_ASSIGNMENT_ORDER = 'RUN_ASSIGNMENT';

const MANAGER_ROLES = [UserRole.HR, UserRole.ADMIN];

@Resolver(() => RoundModel)
export class RoundsResolver {
  constructor(
    private readonly service: RoundsService,
    private readonly reassignments: RoundReassignmentService,
    private readonly events: RoundEventsPublisher,
    private readonly loaders: RoundsLoaders,
    private readonly opportunityLoaders: OpportunitiesLoaders,
    private readonly orgLoaders: OrganisationsLoaders,
  ) {}

  // ---- queries ----

  @Query(() => RoundModel, {
    description:
      'HR of the round’s organisation and admins; candidates while it is open or once they chose in it.',
  })
  round(@CurrentUser() viewer: AuthUser, @Args() { id }: RoundIdArgs): Promise<RoundModel> {
    return this.service.get(viewer, id);
  }

  @Query(() => [RoundModel], {
    description: 'HR: the rounds of your organisation; admins: all. Newest first.',
    complexity: ({ args, childComplexity }) => (args.first as number) * childComplexity,
  })
  @Roles(...MANAGER_ROLES)
  rounds(@CurrentUser() viewer: AuthUser, @Args() args: RoundsArgs): Promise<RoundModel[]> {
    return this.service.list(viewer, args);
  }

  @Query(() => [RoundModel], {
    description: 'Rounds accepting choices now, nearest ranking deadline first.',
    complexity: ({ args, childComplexity }) => (args.first as number) * childComplexity,
  })
  @Roles(UserRole.CANDIDATE)
  openRounds(@Args() { first }: OpenRoundsArgs): Promise<RoundModel[]> {
    return this.service.openRounds(first);
  }

  @Query(() => [RoundModel], {
    description:
      'The rounds you ranked choices in, in any state (open, published, closed): where to find your ' +
      'outcome. Latest ranking deadline first.',
    complexity: ({ args, childComplexity }) => (args.first as number) * childComplexity,
  })
  @Roles(UserRole.CANDIDATE)
  myRounds(@CurrentUser() viewer: AuthUser, @Args() { first }: OpenRoundsArgs): Promise<RoundModel[]> {
    return this.service.myRounds(viewer, first);
  }

  @Query(() => [RoundChoiceModel], {
    description: 'Your choices in the round, rank 1 first.',
    complexity: ({ childComplexity }) => 50 * childComplexity,
  })
  @Roles(UserRole.CANDIDATE)
  myRoundChoices(
    @CurrentUser() viewer: AuthUser,
    @Args() { roundId }: RoundRefArgs,
  ): Promise<RoundChoiceModel[]> {
    return this.service.myChoices(viewer, roundId);
  }

  @Query(() => RoundOutcomeModel, {
    description: 'After publication: what you got and, for every choice ranked above it, why not.',
  })
  @Roles(UserRole.CANDIDATE)
  myRoundOutcome(
    @CurrentUser() viewer: AuthUser,
    @Args() { roundId }: RoundRefArgs,
  ): Promise<RoundOutcomeModel> {
    return this.service.outcome(viewer, roundId);
  }

  @Query(() => [RoundOverrideModel], {
    description: 'The round’s pre-assignments and exclusions with their reasons, oldest first.',
    complexity: ({ childComplexity }) => 50 * childComplexity,
  })
  @Roles(...MANAGER_ROLES)
  roundOverrides(
    @CurrentUser() viewer: AuthUser,
    @Args() { roundId }: RoundRefArgs,
  ): Promise<RoundOverrideModel[]> {
    return this.service.overrides(viewer, roundId);
  }

  @Query(() => RoundRunModel, { description: 'A run’s status and, when done, its result.' })
  @Roles(...MANAGER_ROLES)
  async roundRun(@CurrentUser() viewer: AuthUser, @Args() { id }: RoundIdArgs): Promise<RoundRunModel> {
    return toRunModel(await this.service.getRun(viewer, id));
  }

  @Query(() => [RoundRunModel], {
    description: 'The round’s runs, newest first.',
    complexity: ({ args, childComplexity }) => (args.first as number) * childComplexity,
  })
  @Roles(...MANAGER_ROLES)
  async roundRuns(
    @CurrentUser() viewer: AuthUser,
    @Args() { roundId, first }: RoundRunsArgs,
  ): Promise<RoundRunModel[]> {
    return (await this.service.listRuns(viewer, roundId, first)).map(toRunModel);
  }

  // ---- mutations ----

  @Mutation(() => RoundModel, { description: 'HR: a round over open opportunities of your organisation.' })
  @Roles(UserRole.HR)
  createRound(@CurrentUser() viewer: AuthUser, @Args('input') input: CreateRoundInput): Promise<RoundModel> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => RoundModel, {
    description: 'HR: add opportunities to an open round (large calls are built in batches of up to 1000).',
  })
  @Roles(...MANAGER_ROLES)
  addRoundOpportunities(
    @CurrentUser() viewer: AuthUser,
    @Args() args: AddRoundOpportunitiesArgs,
  ): Promise<RoundModel> {
    return this.service.addOpportunities(viewer, args);
  }

  @Mutation(() => [RoundChoiceModel], {
    description:
      'Candidates: your ranked choices (replacing earlier ones), before the ranking deadline. Each needs a live ' +
      'application: an existing one is reused, otherwise one is submitted (eligibility checked).',
    complexity: ({ childComplexity }) => 50 * childComplexity,
  })
  @Roles(UserRole.CANDIDATE)
  submitRoundChoices(
    @CurrentUser() viewer: AuthUser,
    @Args() args: SubmitRoundChoicesArgs,
  ): Promise<RoundChoiceModel[]> {
    return this.service.submitChoices(viewer, args);
  }

  @Mutation(() => RoundOverrideModel, {
    description: 'HR: place a candidate on one of their choices before solving, with a reason (audited).',
  })
  @Roles(...MANAGER_ROLES)
  preAssign(@CurrentUser() viewer: AuthUser, @Args() args: RoundOverrideArgs): Promise<RoundOverrideModel> {
    return this.service.override(viewer, RoundOverrideKind.PRE_ASSIGN, args);
  }

  @Mutation(() => RoundOverrideModel, {
    description: 'HR: keep a candidate and an opportunity apart in this round, with a reason (audited).',
  })
  @Roles(...MANAGER_ROLES)
  excludePair(@CurrentUser() viewer: AuthUser, @Args() args: RoundOverrideArgs): Promise<RoundOverrideModel> {
    return this.service.override(viewer, RoundOverrideKind.EXCLUDE, args);
  }

  @Mutation(() => RoundRunModel, {
    description:
      'HR: after publication, give a placement’s seat to another candidate who chose it and is waiting, with a reason: ' +
      'the offer is withdrawn and a new one made, both candidates are told, both histories keep it. ' +
      'Returns the run that made the placement, with the pair in its overriddenPairs.',
  })
  @Roles(...MANAGER_ROLES)
  async reassignRoundPlacement(
    @CurrentUser() viewer: AuthUser,
    @Args() args: ReassignPlacementArgs,
  ): Promise<RoundRunModel> {
    return toRunModel(await this.reassignments.reassign(viewer, args));
  }

  @Mutation(() => RoundRunModel, {
    description:
      'HR: queue a run (returned QUEUED; follow it with roundRun or roundRunUpdated). dryRun: propose only. ' +
      'Otherwise publish (after the ranking deadline), or after publication fill freed seats (follow-up).',
  })
  @Roles(...MANAGER_ROLES)
  async runRound(@CurrentUser() viewer: AuthUser, @Args() args: RunRoundArgs): Promise<RoundRunModel> {
    return toRunModel(await this.service.run(viewer, args));
  }

  @Mutation(() => RoundModel, {
    description: 'HR: end the round; the applications still waiting on its opportunities are rejected.',
  })
  @Roles(...MANAGER_ROLES)
  closeRound(@CurrentUser() viewer: AuthUser, @Args() { id }: RoundIdArgs): Promise<RoundModel> {
    return this.service.close(viewer, id);
  }

  // ---- subscriptions ----

  @Subscription(() => RoundRunModel, {
    description: 'Status changes of the round’s runs (HR of its organisation and admins; graphql-ws).',
    filter: (event: RoundRunUpdatedEvent, args: RoundRefArgs, ctx: GqlContext) => {
      const user = ctx.req.user;
      return (
        !!user &&
        event.roundId === args.roundId &&
        mayFollowRound(user, { organisationId: event.organisationId })
      );
    },
    resolve: (event: RoundRunUpdatedEvent, _args: unknown, ctx: GqlContext) => {
      // One context serves every event of the subscription: fresh loaders per event, so the run's
      // payload (input, assignment) is read as it is now, not as an earlier event found it.
      ctx.loaders.clear();
      return {
        ...toRunModel({ ...event.run, input: null, assignment: null }),
        input: undefined,
        rawAssignment: undefined,
      };
    },
  })
  @Roles(...MANAGER_ROLES)
  async roundRunUpdated(
    @CurrentUser() viewer: AuthUser,
    @Args() { roundId }: RoundRefArgs,
  ): Promise<AsyncIterableIterator<RoundRunUpdatedEvent>> {
    await this.service.followRuns(viewer, roundId);
    return this.events.runUpdatedEventsOf(roundId);
  }

  // ---- fields ----

  @ResolveField(() => OrganisationModel)
  async organisation(@Parent() round: RoundModel, @Context() ctx: GqlContext): Promise<OrganisationModel> {
    const organisation = await this.orgLoaders.organisation(ctx).load(round.organisationId);
    if (!organisation) throw AppError.notFound('Organisation');
    return organisation as OrganisationModel;
  }

  @ResolveField(() => [OpportunityModel], { complexity: ({ childComplexity }) => 50 * childComplexity })
  async opportunities(@Parent() round: RoundModel, @Context() ctx: GqlContext): Promise<OpportunityModel[]> {
    const ids = await this.loaders.opportunityIds(ctx).load(round.id);
    const rows = await this.opportunityLoaders.opportunity(ctx).loadMany(ids);
    return rows.filter((o): o is NonNullable<typeof o> => !!o && !(o instanceof Error)) as OpportunityModel[];
  }
}

@Resolver(() => RoundChoiceModel)
export class RoundChoiceResolver {
  constructor(private readonly opportunityLoaders: OpportunitiesLoaders) {}

  @ResolveField(() => OpportunityModel)
  async opportunity(
    @Parent() choice: RoundChoiceModel,
    @Context() ctx: GqlContext,
  ): Promise<OpportunityModel> {
    const opportunity = await this.opportunityLoaders.opportunity(ctx).load(choice.opportunityId);
    if (!opportunity) throw AppError.notFound('Opportunity');
    return opportunity as OpportunityModel;
  }
}

@Resolver(() => RoundRunModel)
export class RoundRunResolver {
  constructor(private readonly loaders: RoundsLoaders) {}

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The solved input as canonical JSON (object keys sorted): the matching instance ' +
      '(docs/matching-instance-format.md) plus pre-assignments, choices, full and fit-ordered ' +
      'opportunities. Its sha256 is inputHash.',
  })
  async inputJson(@Parent() run: RoundRunModel, @Context() ctx: GqlContext): Promise<string | null> {
    // The text the solver hashed, byte for byte (stored whole, or without the candidates' lists and
    // written back from the rows: `readRunInputTexts`).
    return this.loaders.runInputJson(ctx).load(run.id);
  }

  @ResolveField(() => [RoundExemptPairModel], {
    description:
      'The pairs HR decided in the run’s document (pre-assignments, then overrides, in the order given): ' +
      'the verifier’s exempt pairs, which stable does not cover. Read from the stored input; empty without one.',
  })
  async exemptPairs(
    @Parent() run: RoundRunModel,
    @Context() ctx: GqlContext,
  ): Promise<RoundExemptPairModel[]> {
    const decisions = run.input !== undefined ? run.input : await this.loaders.runDecisions(ctx).load(run.id);
    return exemptPairsOf(decisions).map((p) => ({
      kind: p.kind as RoundExemptKind,
      candidateId: p.candidate,
      opportunityId: p.opportunity,
      reason: p.reason,
    }));
  }

  @ResolveField(() => [RoundAssignmentModel], {
    nullable: true,
    description: 'Every candidate of the run and where they were placed (null: unmatched).',
    complexity: 100,
  })
  async assignment(
    @Parent() run: RoundRunModel,
    @Context() ctx: GqlContext,
  ): Promise<RoundAssignmentModel[] | null> {
    return assignmentOf(await this.payload(run, ctx));
  }

  @ResolveField(() => RoundAssignmentConnectionModel, {
    nullable: true,
    description:
      'The same as assignment, a page at a time (first 1..1000, after: pageInfo.endCursor): the solver’s placements by candidate id, then the pre-assigned.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 100) * childComplexity,
  })
  async assignmentConnection(
    @Parent() run: RoundRunModel,
    @Context() ctx: GqlContext,
    @Args() args: RunAssignmentPageArgs,
  ): Promise<RoundAssignmentConnectionModel | null> {
    const after = args.after ? decodeCursor(args.after, RUN_ASSIGNMENT_ORDER, 2) : null;
    if (after && after[0] !== '0' && after[0] !== '1') throw invalidCursor();
    const all = assignmentOf(await this.payload(run, ctx));
    if (!all) return null;
    // Positions are (group, candidate id): the solver's placements (0) before the pre-assigned (1).
    const position = (a: RoundAssignmentModel): [string, string] => [
      a.preAssigned ? '1' : '0',
      a.candidateId,
    ];
    const start = after
      ? all.findIndex((a) => {
          const [group, id] = position(a);
          return group > after[0] || (group === after[0] && id > after[1]);
        })
      : 0;
    const page = start < 0 ? [] : all.slice(start, start + args.first);
    const edges = page.map((node) => ({ cursor: encodeCursor(RUN_ASSIGNMENT_ORDER, position(node)), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: start >= 0 && start + args.first < all.length,
        endCursor: edges.length ? edges[edges.length - 1].cursor : null,
      },
      totalCount: all.length,
    };
  }

  /** Run lists leave the payload out (undefined): it is loaded here, batched, when asked for. */
  private async payload(
    run: RoundRunModel,
    ctx: GqlContext,
  ): Promise<Pick<RoundRunModel, 'input' | 'rawAssignment'>> {
    if (run.input !== undefined && run.rawAssignment !== undefined) return run;
    const loaded = await this.loaders.runPayload(ctx).load(run.id);
    return { input: loaded?.input ?? null, rawAssignment: loaded?.assignment ?? null };
  }
}
