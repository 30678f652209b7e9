import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { PlacementContext } from '../applications/placement-context';
import {
  ApplicationSubmissionService,
  SubmittedApplication,
} from '../applications/application-submission.service';
import { managesRound, mayPlaceInRound, roundListOrganisation } from '../access/access.policy';
import { AccessService } from '../access/access.service';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { InvalidFields } from '../common/errors/invalid-fields';
import { OpportunityKind, OpportunityStatus } from '../core/domain/enums';
import {
  AddRoundOpportunitiesArgs,
  CreateRoundInput,
  MAX_SEED,
  RoundOverrideArgs,
  RoundsArgs,
  RunRoundArgs,
  SubmitRoundChoicesArgs,
} from './dto/round.inputs';
import {
  AllocationRoundEntity,
  RoundAlgorithm,
  RoundChoiceEntity,
  RoundOverrideEntity,
  RoundOverrideKind,
  RoundRunEntity,
  RoundRunKind,
  RoundRunScope,
  RoundStatus,
} from './entities/round.entity';
import { ChoiceOutcomeReason, RoundOutcomeModel } from './models/round.model';
import { explainCandidate } from '../core/rounds/round-allocation';
import { RoundPlacements } from './round-placements';
import { RoundRunsService } from './round-runs.service';
import { RoundWorker } from './round.worker';
import { roundNotFound, roundRunNotFound, RoundReason } from './rounds.errors';
import { RoundsRepository } from './rounds.repository';
import { FieldCode } from '../common/errors/field-codes';

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const driverError = (err as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}

@Injectable()
export class RoundsService {
  constructor(
    private readonly repo: RoundsRepository,
    private readonly context: PlacementContext,
    private readonly tx: TransactionRunner,
    private readonly applications: ApplicationSubmissionService,
    private readonly runs: RoundRunsService,
    private readonly placements: RoundPlacements,
    private readonly worker: RoundWorker,
    private readonly access: AccessService,
  ) {}

  // ---- creating and reading rounds ------------------------------------------------------------

  /** HR: a round over OPEN opportunities of their organisation (or co-supervised projects led from it). */
  async create(viewer: AuthUser, input: CreateRoundInput): Promise<AllocationRoundEntity> {
    const now = new Date();
    const invalid = InvalidFields.of(input);
    if (input.rankingDeadline.getTime() <= now.getTime()) {
      invalid.add(
        [{ field: 'rankingDeadline', message: 'must lie in the future', code: FieldCode.NOT_IN_FUTURE }],
        undefined,
        'The ranking deadline must lie in the future',
      );
    }
    try {
      return await this.tx.run(async (em) => {
        await this.admit(viewer, input, input.opportunityIds, 'opportunityIds', em, invalid);
        return this.repo.insertRound(
          {
            organisationId: viewer.organisationId,
            name: input.name.trim(),
            rankingDeadline: input.rankingDeadline,
            maxChoices: input.maxChoices,
            responseWindowHours: input.responseWindowHours,
            algorithm: input.algorithm,
            optimal: input.optimal,
            createdBy: viewer.id,
          },
          input.opportunityIds,
          em,
        );
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_round_opportunities_opportunity')) throw this.inAnotherRound([]);
      throw err;
    }
  }

  /**
   * Adds opportunities to a round before publication (a call of thousands of opportunities is built
   * in batches: one request carries at most 1000 ids).
   */
  async addOpportunities(viewer: AuthUser, args: AddRoundOpportunitiesArgs): Promise<AllocationRoundEntity> {
    const { roundId, opportunityIds } = args;
    // The declared constraints (size, duplicates) and the use case's checks answer together.
    const invalid = InvalidFields.of(args);
    try {
      return await this.tx.run(async (em) => {
        const round = await this.managed(viewer, roundId, em);
        if (round.status !== RoundStatus.OPEN) {
          throw AppError.conflict(
            `The round is ${round.status}: its opportunities are fixed`,
            RoundReason.ROUND_NOT_OPEN,
          );
        }
        // Scope is the round's organisation (an admin may add for it).
        await this.admit(
          { ...viewer, organisationId: round.organisationId },
          round,
          opportunityIds,
          'opportunityIds',
          em,
          invalid,
        );
        await this.repo.addRoundOpportunities(round.id, opportunityIds, em);
        return round;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_round_opportunities_opportunity')) throw this.inAnotherRound([]);
      throw err;
    }
  }

  /**
   * Checks (opportunities locked) that the opportunities may join a round of the viewer's
   * organisation: OPEN, hosted by it or co-supervised projects led from it, open for applications
   * until the ranking deadline, projects only for SPA, in no other round. Every invalid input,
   * with what `invalid` already holds, is refused in one BAD_USER_INPUT.
   */
  private async admit(
    viewer: AuthUser,
    round: Pick<AllocationRoundEntity, 'rankingDeadline' | 'algorithm'>,
    opportunityIds: readonly string[],
    field: string,
    em: EntityManager,
    invalid = new InvalidFields(),
  ): Promise<void> {
    const opportunities = await this.context.lockOpportunities(opportunityIds, em);
    const leadOrganisations = await this.context.organisationsOf(
      opportunities.map((o) => o.leadSupervisorId),
      em,
    );
    const inScope = new Set(
      opportunities
        .filter((o) => o.status === OpportunityStatus.OPEN)
        .filter((o) =>
          mayPlaceInRound(
            viewer,
            {
              hostOrganisationId: o.hostOrganisationId,
              coSupervised: o.kind === OpportunityKind.CO_SUPERVISED_PROJECT,
            },
            leadOrganisations.get(o.leadSupervisorId),
          ),
        )
        .map((o) => o.id),
    );
    const outside = opportunityIds.filter((id) => !inScope.has(id));
    if (outside.length > 0) {
      invalid.add(
        [
          {
            field,
            message: `not open opportunities of your organisation: ${outside.join(', ')}`,
            code: FieldCode.UNKNOWN_REFERENCE,
            params: { ids: outside.join(', ') },
          },
        ],
        RoundReason.OPPORTUNITY_NOT_IN_SCOPE,
        `Not open opportunities of your organisation: ${outside.join(', ')}`,
      );
    }
    const closesEarlier = opportunities.filter(
      (o) => o.applicationDeadline.getTime() < round.rankingDeadline.getTime(),
    );
    if (closesEarlier.length > 0) {
      // Choices need applications, which close at the opportunity's application deadline.
      invalid.add(
        [
          {
            field,
            message: 'the ranking deadline must not fall after their application deadline',
            code: FieldCode.CLOSES_BEFORE_RANKING_DEADLINE,
            params: { ids: closesEarlier.map((o) => o.id).join(', ') },
          },
        ],
        RoundReason.RANKING_DEADLINE_AFTER_APPLICATION_DEADLINE,
        `The ranking deadline falls after the application deadline of: ${closesEarlier.map((o) => o.id).join(', ')}`,
      );
    }
    if (
      round.algorithm === RoundAlgorithm.SPA &&
      opportunities.some((o) => o.kind !== OpportunityKind.CO_SUPERVISED_PROJECT)
    ) {
      invalid.add(
        [
          {
            field,
            message: 'SPA needs CO_SUPERVISED_PROJECT opportunities only',
            code: FieldCode.WRONG_KIND,
            params: { kind: OpportunityKind.CO_SUPERVISED_PROJECT },
          },
        ],
        RoundReason.SPA_NEEDS_PROJECTS,
        'An SPA round allocates co-supervised projects only',
      );
    }
    invalid.throwIfAny();
    const taken = await this.repo.opportunitiesInRounds(opportunityIds, em);
    if (taken.size > 0) throw this.inAnotherRound([...taken]);
  }

  private inAnotherRound(ids: string[]): AppError {
    return AppError.conflict(
      `Opportunities already allocated by another round${ids.length ? `: ${ids.join(', ')}` : ''}`,
      RoundReason.OPPORTUNITY_IN_ANOTHER_ROUND,
    );
  }

  /** Admins and HR of the round's organisation; a candidate when it is open or they chose in it. */
  async get(viewer: AuthUser, id: string): Promise<AllocationRoundEntity> {
    const round = await this.repo.findRound(id);
    if (!round) throw roundNotFound();
    if (managesRound(viewer, round) || (await this.seesAsCandidate(viewer, round))) return round;
    throw roundNotFound();
  }

  /** A candidate sees a round while it is open, and afterwards when they chose in it (the access policy's rule). */
  private seesAsCandidate(viewer: AuthUser, round: AllocationRoundEntity): Promise<boolean> {
    return this.access.seesRoundAsCandidate(viewer, {
      id: round.id,
      open: round.status === RoundStatus.OPEN,
    });
  }

  list(viewer: AuthUser, args: RoundsArgs): Promise<AllocationRoundEntity[]> {
    return this.repo.listRounds(roundListOrganisation(viewer), args);
  }

  /**
   * The rounds the candidate chose in, in any state (where to look for an outcome): exactly the
   * closed and published rounds `seesAsCandidate` shows them, and the open ones they ranked in.
   */
  myRounds(viewer: AuthUser, first: number): Promise<AllocationRoundEntity[]> {
    return this.repo.listRoundsChosenBy(viewer.id, first);
  }

  openRounds(first: number): Promise<AllocationRoundEntity[]> {
    return this.repo.listOpenRounds(new Date(), first);
  }

  /** The round when the viewer manages it (locked when `em` is given); else forbidden or not found. */
  async managed(viewer: AuthUser, id: string, em?: EntityManager): Promise<AllocationRoundEntity> {
    const round = await this.repo.findRound(id, em, em ? 'pessimistic_write' : undefined);
    if (!round) throw roundNotFound();
    if (managesRound(viewer, round)) return round;
    // Who may see the round but not manage it is refused; anyone else is told it does not exist.
    if (await this.seesAsCandidate(viewer, round)) throw AppError.forbidden();
    throw roundNotFound();
  }

  // ---- choices --------------------------------------------------------------------------------

  /**
   * The candidate's ranked choices, replacing earlier ones. Each chosen opportunity needs a live
   * application: an existing one is reused, otherwise one is submitted through the applications
   * feature (its eligibility, deadline, duplicate and cap checks apply, and the host is notified).
   */
  async submitChoices(viewer: AuthUser, args: SubmitRoundChoicesArgs): Promise<RoundChoiceEntity[]> {
    const { roundId, opportunityIds } = args;
    const round = await this.get(viewer, roundId);
    this.assertAcceptingChoices(round);
    const invalid = InvalidFields.of(args);
    if (opportunityIds.length > round.maxChoices) {
      invalid.add(
        [
          {
            field: 'opportunityIds',
            message: `at most ${round.maxChoices} choices`,
            code: FieldCode.TOO_MANY,
            params: { max: round.maxChoices },
          },
        ],
        RoundReason.TOO_MANY_CHOICES,
        `At most ${round.maxChoices} choices in this round`,
      );
    }
    const inRound = new Set((await this.repo.findRoundOpportunities([round.id])).map((r) => r.opportunityId));
    const foreign = opportunityIds.filter((id) => !inRound.has(id));
    if (foreign.length > 0) {
      invalid.add(
        [
          {
            field: 'opportunityIds',
            message: `not opportunities of this round: ${foreign.join(', ')}`,
            code: FieldCode.UNKNOWN_REFERENCE,
          },
        ],
        RoundReason.NOT_IN_ROUND,
        `Not opportunities of this round: ${foreign.join(', ')}`,
      );
    }
    invalid.throwIfAny();
    // One transaction: the applications a choice needs and the choices themselves land together.
    const submitted: SubmittedApplication[] = [];
    const choices = await this.tx.run(async (em) => {
      // FOR SHARE: candidates choose side by side; closing or running the round waits for them.
      const locked = await this.repo.findRound(round.id, em, 'pessimistic_read');
      if (!locked) throw roundNotFound();
      this.assertAcceptingChoices(locked);
      const live = new Set(
        (await this.context.liveApplications(opportunityIds, [viewer.id], em)).map((a) => a.opportunityId),
      );
      for (const opportunityId of opportunityIds) {
        if (live.has(opportunityId)) continue;
        submitted.push(
          await this.applications.submitWithin(em, viewer, {
            opportunityId,
            motivation: `Ranked choice in allocation round "${round.name}".`,
          }),
        );
      }
      await this.repo.lockChoices(round.id, viewer.id, em);
      await this.repo.replaceChoices(round.id, viewer.id, opportunityIds, em);
      await this.applications.announceSubmitted(em, submitted);
      return this.repo.choicesOfCandidate(round.id, viewer.id, em);
    });
    return choices;
  }

  private assertAcceptingChoices(round: AllocationRoundEntity): void {
    if (round.status !== RoundStatus.OPEN) {
      throw AppError.conflict(`The round is ${round.status}: choices are closed`, RoundReason.ROUND_NOT_OPEN);
    }
    if (Date.now() > round.rankingDeadline.getTime()) {
      throw AppError.conflict(
        `The ranking deadline ${round.rankingDeadline.toISOString()} has passed`,
        RoundReason.RANKING_DEADLINE_PASSED,
      );
    }
  }

  async myChoices(viewer: AuthUser, roundId: string): Promise<RoundChoiceEntity[]> {
    const round = await this.get(viewer, roundId);
    return this.repo.choicesOfCandidate(round.id, viewer.id);
  }

  // ---- overrides ------------------------------------------------------------------------------

  /**
   * HR pre-assigns a candidate to one of their choices, or excludes a pair; always with a reason.
   * Before publication only. A pre-assignment needs a free seat (opportunity locked while counting).
   */
  async override(
    viewer: AuthUser,
    kind: RoundOverrideKind,
    args: RoundOverrideArgs,
  ): Promise<RoundOverrideEntity> {
    const reason = args.reason.trim();
    try {
      return await this.tx.run(async (em) => {
        const round = await this.managed(viewer, args.roundId, em);
        if (round.status !== RoundStatus.OPEN) {
          throw AppError.conflict(
            `The round is ${round.status}: overrides are closed`,
            RoundReason.ROUND_NOT_OPEN,
          );
        }
        const inRound = (await this.repo.findRoundOpportunities([round.id], em)).some(
          (r) => r.opportunityId === args.opportunityId,
        );
        if (!inRound) {
          throw AppError.badInput(
            'Not an opportunity of this round',
            [
              {
                field: 'opportunityId',
                message: 'not an opportunity of this round',
                code: FieldCode.UNKNOWN_REFERENCE,
              },
            ],
            RoundReason.NOT_IN_ROUND,
          );
        }
        const existing = await this.repo.overridesOf(round.id, em);
        if (kind === RoundOverrideKind.PRE_ASSIGN) {
          const choices = await this.repo.choicesOfCandidate(round.id, args.candidateId, em);
          if (!choices.some((c) => c.opportunityId === args.opportunityId)) {
            throw AppError.badInput(
              'The candidate did not choose this opportunity in the round',
              [
                {
                  field: 'candidateId',
                  message: 'the candidate did not choose this opportunity',
                  code: FieldCode.NOT_A_CHOICE,
                },
              ],
              RoundReason.NOT_A_CHOICE,
            );
          }
          const [opportunity] = await this.context.lockOpportunities([args.opportunityId], em);
          const preAssigned = existing.filter(
            (o) => o.kind === RoundOverrideKind.PRE_ASSIGN && o.opportunityId === args.opportunityId,
          ).length;
          if (!opportunity || preAssigned >= opportunity.capacity - opportunity.seatsTaken) {
            throw AppError.conflict('No seats are left on this opportunity', RoundReason.NO_SEATS_LEFT);
          }
        }
        return this.repo.insertOverride(
          {
            roundId: round.id,
            candidateId: args.candidateId,
            opportunityId: args.opportunityId,
            kind,
            reason,
            createdBy: viewer.id,
          },
          em,
        );
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_round_overrides_pre_assign')) {
        throw AppError.conflict(
          'The candidate is already pre-assigned in this round',
          RoundReason.ALREADY_PRE_ASSIGNED,
        );
      }
      if (isUniqueViolation(err, 'uq_round_overrides_pair')) {
        throw AppError.conflict('This pair already has an override', RoundReason.OVERRIDE_EXISTS);
      }
      throw err;
    }
  }

  async overrides(viewer: AuthUser, roundId: string): Promise<RoundOverrideEntity[]> {
    const round = await this.managed(viewer, roundId);
    return this.repo.overridesOf(round.id);
  }

  // ---- runs -----------------------------------------------------------------------------------

  /**
   * Queues a run and returns it (QUEUED); the worker solves it in the background. Before
   * publication: a dry run, or the publication (after the ranking deadline). After publication: a
   * follow-up over the unmatched candidates and the seats left (dry or applied).
   */
  async run(viewer: AuthUser, args: RunRoundArgs): Promise<RoundRunEntity> {
    const now = new Date();
    const run = await this.tx.run(async (em) => {
      const round = await this.managed(viewer, args.id, em);
      if (round.status === RoundStatus.CLOSED) {
        throw AppError.conflict('The round is closed', RoundReason.ROUND_CLOSED);
      }
      const published = round.status === RoundStatus.PUBLISHED;
      const scope = published ? RoundRunScope.FOLLOW_UP : RoundRunScope.INITIAL;
      let kind = RoundRunKind.DRY_RUN;
      if (!args.dryRun) {
        kind = published ? RoundRunKind.FOLLOW_UP : RoundRunKind.PUBLISH;
        if (!published && now.getTime() <= round.rankingDeadline.getTime()) {
          throw AppError.conflict(
            `Publish after the ranking deadline ${round.rankingDeadline.toISOString()}`,
            RoundReason.RANKING_DEADLINE_NOT_PASSED,
          );
        }
        if (await this.repo.hasPendingApplyingRun(round.id, em)) {
          throw AppError.conflict(
            'A publication or follow-up of this round is already queued',
            RoundReason.RUN_IN_PROGRESS,
          );
        }
      }
      return this.repo.insertRun(
        { roundId: round.id, kind, scope, seed: args.seed ?? randomInt(0, MAX_SEED), createdBy: viewer.id },
        em,
      );
    });
    await this.runs.publish(run);
    this.worker.kick();
    return run;
  }

  async getRun(viewer: AuthUser, id: string): Promise<RoundRunEntity> {
    const run = await this.repo.findRun(id);
    if (!run) throw roundRunNotFound();
    const round = await this.repo.findRound(run.roundId);
    if (!round || !managesRound(viewer, round)) throw roundRunNotFound();
    return run;
  }

  async listRuns(viewer: AuthUser, roundId: string, first: number): Promise<RoundRunEntity[]> {
    const round = await this.managed(viewer, roundId);
    return this.repo.runsOfRound(round.id, first);
  }

  /** Checks the viewer may follow the round's runs (else not found). */
  async followRuns(viewer: AuthUser, roundId: string): Promise<void> {
    await this.managed(viewer, roundId);
  }

  /** Ends the round: the applications still waiting on its opportunities are rejected. */
  async close(viewer: AuthUser, id: string): Promise<AllocationRoundEntity> {
    const round = await this.tx.run(async (em) => {
      const found = await this.managed(viewer, id, em);
      if (found.status === RoundStatus.CLOSED)
        throw AppError.conflict('The round is closed', RoundReason.ROUND_CLOSED);
      if (await this.repo.hasPendingApplyingRun(found.id, em)) {
        throw AppError.conflict(
          'A publication or follow-up of this round is queued',
          RoundReason.RUN_IN_PROGRESS,
        );
      }
      await this.placements.rejectRemaining(found, em);
      await this.repo.updateRound(found.id, { status: RoundStatus.CLOSED, closedAt: new Date() }, em);
      return this.repo.findRound(found.id, em);
    });
    if (!round) throw roundNotFound();
    return round;
  }

  // ---- outcome --------------------------------------------------------------------------------

  /**
   * After publication: what the candidate got and, for every choice ranked above it, why not. The run
   * explained is the last applied run (publication or follow-up) the candidate took part in: someone
   * who declined or let an offer expire and took part in a follow-up gets the follow-up's answer, not
   * the placement they declined (a candidate holding an offer or a seat takes part in no later run).
   * A pre-assignment carries HR's recorded reason.
   */
  async outcome(viewer: AuthUser, roundId: string): Promise<RoundOutcomeModel> {
    const round = await this.get(viewer, roundId);
    if (round.status === RoundStatus.OPEN) {
      throw AppError.conflict('The round is not published yet', RoundReason.ROUND_NOT_PUBLISHED);
    }
    const runs = await this.repo.candidateRunViews(round.id, viewer.id);
    const run = runs.at(-1);
    if (!run) {
      return {
        roundId: round.id,
        opportunityId: null,
        choiceRank: null,
        preAssigned: false,
        reason: null,
        reassigned: false,
        runId: null,
        rankedAbove: [],
      };
    }
    const explained = explainCandidate(run.view);
    // HR's reassignments after publication, in order, move the candidate's placement on.
    let opportunityId = explained.opportunityId;
    let reassignReason: string | null = null;
    for (const pair of await this.repo.overriddenPairsOf(run.runId)) {
      if (pair.fromCandidateId === viewer.id && pair.opportunityId === opportunityId) {
        opportunityId = null;
        reassignReason = pair.reason;
      } else if (pair.toCandidateId === viewer.id) {
        opportunityId = pair.opportunityId;
        reassignReason = pair.reason;
      }
    }
    if (reassignReason !== null) {
      const rank = opportunityId ? run.view.choices.indexOf(opportunityId) : -1;
      return {
        roundId: round.id,
        opportunityId,
        choiceRank: rank >= 0 ? rank + 1 : null,
        preAssigned: false,
        reason: reassignReason,
        reassigned: true,
        runId: run.runId,
        rankedAbove: explained.above
          .filter((a) => rank < 0 || a.rank <= rank)
          .map((a) => ({
            opportunityId: a.opportunityId,
            rank: a.rank,
            reason: a.reason as ChoiceOutcomeReason,
          })),
      };
    }
    const reason =
      explained.preAssigned && explained.opportunityId
        ? await this.repo.preAssignReason(round.id, viewer.id, explained.opportunityId)
        : null;
    return {
      roundId: round.id,
      opportunityId: explained.opportunityId,
      choiceRank: explained.choiceRank,
      preAssigned: explained.preAssigned,
      reason,
      reassigned: false,
      runId: run.runId,
      rankedAbove: explained.above.map((a) => ({
        opportunityId: a.opportunityId,
        rank: a.rank,
        reason: a.reason as ChoiceOutcomeReason,
      })),
    };
  }
}
