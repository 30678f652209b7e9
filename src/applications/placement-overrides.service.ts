import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { mayOverridePlacementOn } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { ApplicationStatus, OpportunityStatus } from '../core/domain/enums';
import { hasText } from '../core/result';
import { NotificationsService } from '../notifications/notifications.service';
import { OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { ApplicationContextRepository } from './application-context.repository';
import { notificationParams, notificationText, notificationType } from './application-notifications';
import { ApplicationTransitions } from './application-transitions';
import {
  ApplicationReason,
  duplicateApplication,
  noSeatsLeft,
  opportunityNotFound,
  violates,
} from './applications.errors';
import { ApplicationsRepository } from './applications.repository';
import { GrantEligibilityOverrideInput, PlaceCandidateInput } from './dto/placement-overrides.inputs';
import { EligibilityOverridesRepository } from './eligibility-overrides.repository';
import { ApplicationRead } from './entities/application-state.entity';
import { EligibilityOverrideEntity } from './entities/eligibility-override.entity';
import { FieldCode } from '../common/errors/field-codes';

/** Opportunities HR may place a candidate on directly: approved and not over. */
const PLACEABLE: readonly OpportunityStatus[] = [
  OpportunityStatus.OPEN,
  OpportunityStatus.CLOSED,
  OpportunityStatus.ALLOCATED,
];

function reasonOf(value: string): string {
  if (!hasText(value)) {
    throw AppError.badInput(
      'A reason is required',
      [{ field: 'input.reason', message: 'a reason is required', code: FieldCode.REQUIRED }],
      ApplicationReason.REASON_REQUIRED,
    );
  }
  return value.trim();
}

/**
 * HR's overrides of the placement rules outside allocation rounds, for HR of the opportunity's host
 * organisation and admins (src/access `mayOverridePlacementOn`); anyone else meets "not found", as for
 * a missing opportunity (the resolver refuses those without the HR or ADMIN role first). Each is one
 * transaction, kept with its reason and who made it, and the candidate is told.
 */
@Injectable()
export class PlacementOverridesService {
  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly overrides: EligibilityOverridesRepository,
    private readonly context: ApplicationContextRepository,
    private readonly tx: TransactionRunner,
    private readonly transitions: ApplicationTransitions,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Lets one candidate apply to (and be chosen in a round for) one opportunity although their career
   * stage or an essential requirement says otherwise. One per candidate and opportunity
   * (OVERRIDE_EXISTS); the candidate is told HR's reason.
   */
  async grantEligibilityOverride(
    viewer: AuthUser,
    input: GrantEligibilityOverrideInput,
  ): Promise<EligibilityOverrideEntity> {
    const reason = reasonOf(input.reason);
    try {
      return await this.tx.run(async (em) => {
        const opportunity = await this.overridable(viewer, input.opportunityId, em);
        await this.candidate(input.candidateId, em);
        const granted = await this.overrides.insert(
          { opportunityId: opportunity.id, candidateId: input.candidateId, reason, createdBy: viewer.id },
          em,
        );
        await this.tell(em, 'application.eligibility-overridden', input.candidateId, opportunity, reason);
        return granted;
      });
    } catch (err) {
      if (violates(err, 'uq_eligibility_overrides_pair')) {
        throw AppError.conflict(
          'This candidate may already apply to this opportunity by an override',
          ApplicationReason.OVERRIDE_EXISTS,
        );
      }
      throw err;
    }
  }

  /**
   * Places a candidate on an opportunity outside rounds: their live application (SUBMITTED,
   * SHORTLISTED or OFFERED), or a new one made for them, becomes ACCEPTED through the workflow's PLACE
   * step (a seat taken on the locked opportunity, the candidate and the host told, the history kept
   * with HR's reason). Eligibility and the cap on live applications are HR's to judge here; the seats
   * are not: a seat must be free (open offers hold theirs), else NO_SEATS_LEFT.
   */
  async placeCandidate(viewer: AuthUser, input: PlaceCandidateInput): Promise<ApplicationRead> {
    const reason = reasonOf(input.reason);
    try {
      return await this.tx.run(async (em) => {
        await this.repo.lockCandidate(input.candidateId, em);
        const opportunity = await this.overridable(viewer, input.opportunityId, em, true);
        await this.candidate(input.candidateId, em);
        if (!PLACEABLE.includes(opportunity.status)) {
          throw AppError.conflict(
            `The opportunity is ${opportunity.status}: only OPEN, CLOSED or ALLOCATED opportunities take placements`,
            ApplicationReason.OPPORTUNITY_NOT_OPEN,
          );
        }
        const holders = await this.repo.seatHolders([opportunity.id], em);
        if (holders.inRound.has(opportunity.id)) {
          throw AppError.conflict(
            'The opportunity is in an allocation round: place candidates through the round’s overrides',
            ApplicationReason.OPPORTUNITY_IN_ROUND,
          );
        }
        let application = await this.repo.findLiveForUpdate(input.candidateId, opportunity.id, em);
        if (application?.status === ApplicationStatus.ACCEPTED) {
          throw AppError.conflict(
            'The candidate is placed on this opportunity already',
            ApplicationReason.ALREADY_PLACED,
          );
        }
        const ownOffer = application?.status === ApplicationStatus.OFFERED ? 1 : 0;
        const openOffers = holders.openOffers.get(opportunity.id) ?? 0;
        if (opportunity.capacity - opportunity.seatsTaken - openOffers + ownOffer < 1) throw noSeatsLeft();
        if (!application) {
          application = await this.repo.insert(
            {
              opportunityId: opportunity.id,
              candidateId: input.candidateId,
              status: ApplicationStatus.SUBMITTED,
              motivation: null,
            },
            em,
          );
          await this.repo.recordTransitions(
            [
              {
                applicationId: application.id,
                fromStatus: null,
                toStatus: ApplicationStatus.SUBMITTED,
                actorId: viewer.id,
                reason,
              },
            ],
            em,
          );
        }
        await this.transitions.applyMany(em, [{ applicationId: application.id, event: 'PLACE', reason }], {
          kind: 'HR',
          userId: viewer.id,
        });
        return this.repo.findByIdOrFail(application.id, em);
      });
    } catch (err) {
      if (violates(err, 'uq_applications_live')) throw duplicateApplication();
      if (violates(err, 'ck_opportunities_seats')) throw noSeatsLeft();
      throw err;
    }
  }

  /** The candidate's overrides, newest first (they see HR's reasons). */
  myEligibilityOverrides(viewer: AuthUser): Promise<EligibilityOverrideEntity[]> {
    return this.overrides.findOfCandidate(viewer.id);
  }

  /** The opportunity when the viewer may override its rules; else not found. */
  private async overridable(
    viewer: AuthUser,
    opportunityId: string,
    em: EntityManager,
    lock = false,
  ): Promise<OpportunityEntity> {
    const opportunity = await this.context.findOpportunity(
      opportunityId,
      em,
      lock ? 'pessimistic_write' : 'pessimistic_read',
    );
    if (!opportunity || !mayOverridePlacementOn(viewer, opportunity)) throw opportunityNotFound();
    return opportunity;
  }

  private async candidate(candidateId: string, em: EntityManager): Promise<void> {
    if (!(await this.context.isCandidate(candidateId, em))) throw AppError.notFound('Candidate');
  }

  private async tell(
    em: EntityManager,
    template: string,
    userId: string,
    opportunity: OpportunityEntity,
    reason: string,
  ): Promise<void> {
    const facts = { opportunityTitle: opportunity.title, reason, responseDeadline: null };
    await this.notifications.record(em, [
      {
        userId,
        type: notificationType(template),
        message: notificationText(template, facts),
        params: notificationParams(facts),
        opportunityId: opportunity.id,
      },
    ]);
  }
}
