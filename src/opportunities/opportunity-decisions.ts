import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { managesOpportunity, opportunityVisibility } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import { OpportunityStatus } from '../core/domain/enums';
import { CoSupervisionStatus } from '../core/opportunities/co-supervision';
import {
  allowedOpportunityEvents,
  OpportunityActorKind,
  OpportunityEffect,
  OpportunityEvent,
  transitionOpportunity,
} from '../core/opportunities/opportunity-lifecycle';
import { NotificationDraft } from '../notifications/notifications.service';
import { CoSupervisionEntity, OpportunityEntity } from './entities/opportunity.entity';
import { opportunityNoticeText, opportunityNoticeType } from './opportunity-notifications';
import { coreRefusal, opportunityNotFound } from './opportunities.errors';
import { OpportunitiesRepository } from './opportunities.repository';
import { UsersDirectory } from '../users/users.directory';
import { FieldCode } from '../common/errors/field-codes';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the opportunity write use cases (drafting, lifecycle, co-supervision) share: the locked row
 * the viewer may act on, the core's decision for an event, and the notices its effects ask for.
 */
@Injectable()
export class OpportunityDecisions {
  constructor(
    private readonly repo: OpportunitiesRepository,
    private readonly users: UsersDirectory,
  ) {}

  /** The opportunity locked for this transaction, or NOT_FOUND when the viewer cannot see it. */
  async lockVisible(viewer: AuthUser, id: string, em: EntityManager): Promise<OpportunityEntity> {
    if (!UUID.test(id)) throw opportunityNotFound();
    const opportunity = await this.repo.findForUpdate(id, em);
    if (!opportunity) throw opportunityNotFound();
    if (
      !managesOpportunity(viewer, opportunity) &&
      !(await this.repo.isVisible(id, opportunityVisibility(viewer), new Date()))
    ) {
      throw opportunityNotFound();
    }
    return opportunity;
  }

  /** Decides `event` with the first of the viewer's actor kinds the core lets fire it; refusals map to errors. */
  fire(
    opportunity: OpportunityEntity,
    event: OpportunityEvent,
    actors: readonly OpportunityActorKind[],
    ctx: { coSupervisorAccepted?: boolean; reason?: string | null },
  ): { next: OpportunityStatus; effects: OpportunityEffect[]; actor: OpportunityActorKind } {
    const actor =
      actors.find((a) => allowedOpportunityEvents(opportunity.status, a).includes(event)) ?? actors[0];
    const result = transitionOpportunity(opportunity.status, event, {
      actor,
      kind: opportunity.kind,
      ...ctx,
    });
    if (!result.ok) throw coreRefusal(result.error, event === 'RETURN' ? 'comment' : 'reason');
    return { next: result.next, effects: result.effects, actor };
  }

  /**
   * The NOTIFY effects of a decision as notifications, one per recipient (the first wins), never to
   * the viewer themself. Stored in the transaction; pushed live after it commits.
   */
  async noticesFor(
    effects: readonly { type: string; to?: string; template?: string }[],
    opportunity: Pick<OpportunityEntity, 'id' | 'title' | 'leadSupervisorId' | 'hostOrganisationId'>,
    coSupervision: CoSupervisionEntity | null,
    reason: string | null | undefined,
    viewer: AuthUser,
    em: EntityManager,
  ): Promise<NotificationDraft[]> {
    const drafts: NotificationDraft[] = [];
    const told = new Set<string>([viewer.id]);
    for (const effect of effects) {
      if (effect.type !== 'NOTIFY' || !effect.to || !effect.template) continue;
      let recipients: string[] = [];
      if (effect.to === 'HOST_SUPERVISOR') recipients = [opportunity.leadSupervisorId];
      else if (effect.to === 'CO_SUPERVISOR') {
        recipients =
          coSupervision && coSupervision.status !== CoSupervisionStatus.DECLINED
            ? [coSupervision.coSupervisorId]
            : [];
      } else if (effect.to === 'HR') recipients = await this.users.hrOf(opportunity.hostOrganisationId, em);
      else if (effect.to === 'APPLICANTS')
        recipients = await this.repo.liveApplicantIdsOf(opportunity.id, em);
      for (const userId of recipients) {
        if (told.has(userId)) continue;
        told.add(userId);
        drafts.push(notice(userId, effect.template, opportunity, reason ?? null));
      }
    }
    return drafts;
  }
}

export function notice(
  userId: string,
  template: string,
  opportunity: Pick<OpportunityEntity, 'id' | 'title'>,
  reason: string | null,
): NotificationDraft {
  return {
    userId,
    type: opportunityNoticeType(template),
    message: opportunityNoticeText(template, { title: opportunity.title, reason: reason?.trim() || null }),
    params: { title: opportunity.title, reason: reason?.trim() || null },
    opportunityId: opportunity.id,
  };
}

const MAX_REASON_LENGTH = 2000;

export function checkReasonLength(reason: string | null | undefined, field: string): void {
  if (reason && reason.length > MAX_REASON_LENGTH) {
    throw AppError.badInput(`Invalid input: ${field}`, [
      {
        field,
        message: `${field} must be at most ${MAX_REASON_LENGTH} characters`,
        code: FieldCode.TOO_LONG,
        params: { max: MAX_REASON_LENGTH },
      },
    ]);
  }
}
