import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationTransitions } from '../applications/application-transitions';
import { opportunityActorKinds } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { ApplicationStatus, OpportunityKind } from '../core/domain/enums';
import { CoSupervisionStatus } from '../core/opportunities/co-supervision';
import { OpportunityEvent } from '../core/opportunities/opportunity-lifecycle';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import { CoSupervisionEntity, OpportunityEntity } from './entities/opportunity.entity';
import { checkReasonLength, OpportunityDecisions } from './opportunity-decisions';
import { OpportunityReason } from './opportunities.errors';
import { OpportunitiesRepository } from './opportunities.repository';

type Lifecycle = 'SUBMIT' | 'APPROVE' | 'RETURN' | 'CLOSE' | 'MARK_ALLOCATED' | 'COMPLETE' | 'CANCEL';

const EVENT_OF: Record<Lifecycle, OpportunityEvent> = {
  SUBMIT: 'SUBMIT_FOR_APPROVAL',
  APPROVE: 'APPROVE',
  RETURN: 'RETURN',
  CLOSE: 'CLOSE',
  MARK_ALLOCATED: 'MARK_ALLOCATED',
  COMPLETE: 'COMPLETE',
  CANCEL: 'CANCEL',
};

/**
 * The opportunity lifecycle (core/opportunities/opportunity-lifecycle.ts): submit, approve, return,
 * close, mark allocated, complete, cancel. Every step is one transaction holding a row lock on the
 * opportunity.
 *
 * Access: the lead supervisor submits; HR of the host organisation and admins review. Whoever cannot
 * see an opportunity gets NOT_FOUND; whoever sees it but may not act gets FORBIDDEN.
 *
 * Supervisor load cap (decision): when HR approves a co-supervised project, the lead supervisor and
 * the accepted co-supervisor each must keep their load within profiles.supervision_capacity, which HR
 * of their organisation sets (setSupervisionCapacity; 4 when
 * they have no profile). Load = the sum of `capacity` (students at once) over the co-supervised
 * projects in OPEN, CLOSED or ALLOCATED where they are lead or accepted co-supervisor, plus the
 * project being approved. Other kinds do not count: a supervisor hosts internships on top.
 */
@Injectable()
export class OpportunityLifecycleService {
  constructor(
    private readonly repo: OpportunitiesRepository,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionRunner,
    private readonly transitions: ApplicationTransitions,
    private readonly decisions: OpportunityDecisions,
  ) {}

  submit(viewer: AuthUser, id: string): Promise<OpportunityEntity> {
    return this.move(viewer, id, 'SUBMIT');
  }

  approve(viewer: AuthUser, id: string): Promise<OpportunityEntity> {
    return this.move(viewer, id, 'APPROVE');
  }

  returnToDraft(viewer: AuthUser, id: string, comment: string): Promise<OpportunityEntity> {
    return this.move(viewer, id, 'RETURN', comment);
  }

  close(viewer: AuthUser, id: string): Promise<OpportunityEntity> {
    return this.move(viewer, id, 'CLOSE');
  }

  markAllocated(viewer: AuthUser, id: string): Promise<OpportunityEntity> {
    return this.move(viewer, id, 'MARK_ALLOCATED');
  }

  complete(viewer: AuthUser, id: string): Promise<OpportunityEntity> {
    return this.move(viewer, id, 'COMPLETE');
  }

  cancel(viewer: AuthUser, id: string, reason: string): Promise<OpportunityEntity> {
    return this.move(viewer, id, 'CANCEL', reason);
  }

  private async move(
    viewer: AuthUser,
    id: string,
    step: Lifecycle,
    reason?: string,
  ): Promise<OpportunityEntity> {
    checkReasonLength(reason, step === 'RETURN' ? 'comment' : 'reason');
    const notices: NotificationDraft[] = [];
    const moved = await this.tx.run(async (em) => {
      const now = new Date();
      const opportunity = await this.decisions.lockVisible(viewer, id, em);
      const actors = opportunityActorKinds(viewer, opportunity);
      if (actors.length === 0) throw AppError.forbidden('Only host staff and HR of the host can do this');
      const coSupervision =
        opportunity.kind === OpportunityKind.CO_SUPERVISED_PROJECT
          ? await this.repo.findCoSupervision(opportunity.id, em)
          : null;
      const accepted = coSupervision?.status === CoSupervisionStatus.ACCEPTED;
      const decided = this.decisions.fire(opportunity, EVENT_OF[step], actors, {
        coSupervisorAccepted: accepted,
        reason,
      });

      if (step === 'APPROVE') {
        await this.checkApproval(opportunity, coSupervision, now, em);
        opportunity.reviewComment = null;
      }
      if (step === 'RETURN') opportunity.reviewComment = reason?.trim() ?? null;
      if (step === 'CANCEL') opportunity.cancelReason = reason?.trim() ?? null;
      // Recipients first: cancelling ends the applications whose candidates are told.
      notices.push(
        ...(await this.decisions.noticesFor(decided.effects, opportunity, coSupervision, reason, viewer, em)),
      );
      for (const effect of decided.effects) {
        if (effect.type === 'END_LIVE_APPLICATIONS') {
          await this.endLiveApplications(opportunity.id, reason ?? '', viewer, em);
        }
        if (effect.type === 'END_PLACEMENTS') await this.endPlacements(opportunity.id, viewer, em, now);
      }
      opportunity.status = decided.next;
      const saved = await this.repo.save(opportunity, em);
      await this.notifications.record(em, notices);
      return saved;
    });
    return moved;
  }

  /** Approval needs an accepted co-supervisor, a deadline still ahead and room in the supervisors' load. */
  private async checkApproval(
    opportunity: OpportunityEntity,
    coSupervision: CoSupervisionEntity | null,
    now: Date,
    em: EntityManager,
  ): Promise<void> {
    if (opportunity.applicationDeadline.getTime() <= now.getTime()) {
      throw AppError.conflict(
        'Cannot approve: the application deadline has passed; set a new one first',
        OpportunityReason.APPLICATION_DEADLINE_PASSED,
      );
    }
    if (opportunity.kind !== OpportunityKind.CO_SUPERVISED_PROJECT) return;
    if (coSupervision?.status !== CoSupervisionStatus.ACCEPTED) {
      throw AppError.conflict(
        `Cannot APPROVE a co-supervised project in state ${opportunity.status} before the co-supervisor has accepted`,
        OpportunityReason.CO_SUPERVISOR_NOT_CONFIRMED,
      );
    }
    const supervisors = [
      { id: opportunity.leadSupervisorId, role: 'lead supervisor' },
      { id: coSupervision.coSupervisorId, role: 'co-supervisor' },
    ];
    await this.repo.lockSupervisorLoads(
      supervisors.map((s) => s.id),
      em,
    );
    for (const s of supervisors) {
      const cap = await this.repo.supervisionCapacityOf(s.id, em);
      const load = await this.repo.supervisionLoadOf(s.id, opportunity.id, em);
      if (load + opportunity.capacity > cap) {
        throw AppError.conflict(
          `Cannot approve: the ${s.role} would supervise ${load + opportunity.capacity} students at once; their cap is ${cap}`,
          OpportunityReason.SUPERVISOR_LOAD_EXCEEDED,
        );
      }
    }
  }

  /**
   * Cancelling rejects the applications still waiting (SUBMITTED, SHORTLISTED) and withdraws the open
   * offers through the applications feature: history (the acting account, or the system for the
   * offers), live status events. The applicants are told by the opportunity's own notice, so these
   * changes add none.
   */
  private async endLiveApplications(
    opportunityId: string,
    reason: string,
    viewer: AuthUser,
    em: EntityManager,
  ): Promise<void> {
    const waiting = await this.transitions.idsInStatus(
      em,
      [opportunityId],
      [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED],
    );
    await this.transitions.applyMany(
      em,
      waiting.map((applicationId) => ({
        applicationId,
        event: 'REJECT' as const,
        reason: `Opportunity cancelled: ${reason.trim()}`,
      })),
      { kind: 'HOST', userId: viewer.id },
      { notify: false },
    );
    const offered = await this.transitions.idsInStatus(em, [opportunityId], [ApplicationStatus.OFFERED]);
    await this.transitions.applyMany(
      em,
      offered.map((applicationId) => ({
        applicationId,
        event: 'WITHDRAW_OFFER' as const,
        reason: `Opportunity cancelled: ${reason.trim()}`,
      })),
      { kind: 'SYSTEM', userId: null },
      { notify: false },
    );
  }

  /**
   * Completing the opportunity completes its ACCEPTED placements through the applications feature
   * (history with the acting account, each candidate told, the supervisors asked to assess; refused
   * before the placements start), withdraws its open offers and rejects the applications still
   * waiting, both by the system with the reason.
   */
  private async endPlacements(
    opportunityId: string,
    viewer: AuthUser,
    em: EntityManager,
    now: Date,
  ): Promise<void> {
    const ids = (statuses: ApplicationStatus[]) =>
      this.transitions.idsInStatus(em, [opportunityId], statuses);
    const host = { kind: 'HOST' as const, userId: viewer.id };
    const reason = 'The opportunity is completed';
    const accepted = await ids([ApplicationStatus.ACCEPTED]);
    await this.transitions.applyMany(
      em,
      accepted.map((applicationId) => ({ applicationId, event: 'COMPLETE' as const })),
      host,
      { now },
    );
    const offered = await ids([ApplicationStatus.OFFERED]);
    await this.transitions.applyMany(
      em,
      offered.map((applicationId) => ({ applicationId, event: 'WITHDRAW_OFFER' as const, reason })),
      { kind: 'SYSTEM', userId: null },
      { now },
    );
    const waiting = await ids([ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED]);
    await this.transitions.applyMany(
      em,
      waiting.map((applicationId) => ({ applicationId, event: 'REJECT' as const, reason })),
      host,
      { now },
    );
  }
}
