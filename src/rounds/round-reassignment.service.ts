import { Injectable } from '@nestjs/common';
import { ApplicationTransitions } from '../applications/application-transitions';
import { PlacementContext } from '../applications/placement-context';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { InvalidFields } from '../common/errors/invalid-fields';
import { ApplicationStatus } from '../core/domain/enums';
import { isAllocatable } from '../core/rounds/round-decisions';
import { ReassignPlacementArgs } from './dto/round.inputs';
import { RoundRunEntity, RoundStatus } from './entities/round.entity';
import { RoundReason } from './rounds.errors';
import { RoundsRepository } from './rounds.repository';
import { RoundsService } from './rounds.service';
import { FieldCode } from '../common/errors/field-codes';

const HOUR = 3600_000;

/**
 * HR reassigns a published placement (HR of the round's organisation, admins): the offer the round
 * made is withdrawn (REVOKE_OFFER, with HR's reason) and the seat offered to another candidate who
 * chose the opportunity and is still waiting (OFFER, response deadline = now + the round's window).
 * Both changes go through the applications feature in one transaction: both histories keep who,
 * when, from, to and the reason, and both candidates are told (the core's effects). The run that
 * made the placement records the overridden pair; its stability verdict covers the rest.
 */
@Injectable()
export class RoundReassignmentService {
  constructor(
    private readonly rounds: RoundsService,
    private readonly repo: RoundsRepository,
    private readonly context: PlacementContext,
    private readonly transitions: ApplicationTransitions,
    private readonly tx: TransactionRunner,
  ) {}

  async reassign(viewer: AuthUser, args: ReassignPlacementArgs): Promise<RoundRunEntity> {
    const reason = args.reason.trim();
    return this.tx.run(async (em) => {
      // The round row lock serialises this with runs, closing and other reassignments of the round.
      const round = await this.rounds.managed(viewer, args.roundId, em);
      if (round.status !== RoundStatus.PUBLISHED) {
        throw AppError.conflict(
          `The round is ${round.status}: placements are reassigned after publication, before closing`,
          round.status === RoundStatus.OPEN ? RoundReason.ROUND_NOT_PUBLISHED : RoundReason.ROUND_CLOSED,
        );
      }
      const invalid = new InvalidFields();
      if (args.fromCandidateId === args.toCandidateId) {
        invalid.add(
          [
            {
              field: 'toCandidateId',
              message: 'is the candidate who holds the seat',
              code: FieldCode.UNCHANGED,
            },
          ],
          RoundReason.SAME_CANDIDATE,
          'The seat already belongs to this candidate',
        );
      }
      const opportunityIds = (await this.repo.findRoundOpportunities([round.id], em)).map(
        (r) => r.opportunityId,
      );
      if (!opportunityIds.includes(args.opportunityId)) {
        invalid.add(
          [
            {
              field: 'opportunityId',
              message: 'not an opportunity of this round',
              code: FieldCode.UNKNOWN_REFERENCE,
            },
          ],
          RoundReason.NOT_IN_ROUND,
          'Not an opportunity of this round',
        );
      }
      const choices = await this.repo.choicesOfCandidate(round.id, args.toCandidateId, em);
      if (!choices.some((c) => c.opportunityId === args.opportunityId)) {
        invalid.add(
          [
            {
              field: 'toCandidateId',
              message: 'the candidate did not choose this opportunity',
              code: FieldCode.NOT_A_CHOICE,
            },
          ],
          RoundReason.NOT_A_CHOICE,
          'The candidate did not choose this opportunity in the round',
        );
      }
      invalid.throwIfAny();

      await this.context.lockOpportunities([args.opportunityId], em);
      const live = await this.context.liveApplications(
        opportunityIds,
        [args.fromCandidateId, args.toCandidateId],
        em,
      );
      const held = live.find(
        (a) =>
          a.candidateId === args.fromCandidateId &&
          a.opportunityId === args.opportunityId &&
          a.status === ApplicationStatus.OFFERED,
      );
      const run = held
        ? await this.repo.lockRunPlacing(round.id, args.fromCandidateId, args.opportunityId, em)
        : null;
      if (!held || !run) {
        throw AppError.conflict(
          'The candidate holds no open offer of this round for the opportunity',
          RoundReason.PLACEMENT_NOT_OFFERED,
        );
      }
      const placed = live.find(
        (a) =>
          a.candidateId === args.toCandidateId &&
          (a.status === ApplicationStatus.OFFERED || a.status === ApplicationStatus.ACCEPTED),
      );
      if (placed) {
        throw AppError.conflict(
          'The candidate already holds an offer or a place in this round',
          RoundReason.CANDIDATE_ALREADY_PLACED,
        );
      }
      const waiting = live.find(
        (a) =>
          a.candidateId === args.toCandidateId &&
          a.opportunityId === args.opportunityId &&
          isAllocatable(a.status),
      );
      if (!waiting) {
        throw AppError.conflict(
          'The candidate no longer waits for this opportunity (their application ended)',
          RoundReason.NOT_A_CHOICE,
        );
      }

      const now = new Date();
      await this.transitions.applyMany(
        em,
        [
          {
            applicationId: held.id,
            event: 'REVOKE_OFFER',
            expectedFrom: ApplicationStatus.OFFERED,
            reason,
          },
          {
            applicationId: waiting.id,
            event: 'OFFER',
            expectedFrom: waiting.status,
            reason,
            responseDeadline: new Date(now.getTime() + round.responseWindowHours * HOUR),
          },
        ],
        { kind: 'HR', userId: viewer.id },
        { now },
      );
      return this.repo.addOverriddenPair(
        run.id,
        {
          opportunityId: args.opportunityId,
          fromCandidateId: args.fromCandidateId,
          toCandidateId: args.toCandidateId,
          reason,
          overriddenBy: viewer.id,
          overriddenAt: now.toISOString(),
        },
        em,
      );
    });
  }
}
