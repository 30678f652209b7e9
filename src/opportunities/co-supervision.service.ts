import { Injectable } from '@nestjs/common';
import { opportunityActorKinds } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { OpportunityKind, OpportunityStatus, UserRole } from '../core/domain/enums';
import { CoSupervisionStatus, transitionCoSupervision } from '../core/opportunities/co-supervision';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import { CoSupervisionEntity } from './entities/opportunity.entity';
import { checkReasonLength, notice, OpportunityDecisions, UUID } from './opportunity-decisions';
import { coreRefusal, OpportunityReason } from './opportunities.errors';
import { OpportunitiesRepository } from './opportunities.repository';
import { FieldCode, FieldParams } from '../common/errors/field-codes';
import { UsersDirectory } from '../users/users.directory';

/**
 * Co-supervision (core/opportunities/co-supervision.ts): the lead supervisor invites a supervisor of
 * another organisation; the invitee accepts or declines while the project is a DRAFT.
 */
@Injectable()
export class CoSupervisionService {
  constructor(
    private readonly repo: OpportunitiesRepository,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionRunner,
    private readonly decisions: OpportunityDecisions,
    private readonly users: UsersDirectory,
  ) {}

  /**
   * The lead supervisor invites a supervisor of another organisation, replacing an earlier
   * invitation. A new co-supervisor is a substantive edit: a pending or open project goes back to DRAFT.
   */
  async inviteCoSupervisor(
    viewer: AuthUser,
    opportunityId: string,
    userId: string,
  ): Promise<CoSupervisionEntity> {
    const notices: NotificationDraft[] = [];
    const invited = await this.tx.run(async (em) => {
      const opportunity = await this.decisions.lockVisible(viewer, opportunityId, em);
      const actors = opportunityActorKinds(viewer, opportunity).filter(
        (a) => a === 'HOST_SUPERVISOR' || a === 'ADMIN',
      );
      if (actors.length === 0) throw AppError.forbidden('Only the lead supervisor invites a co-supervisor');
      if (opportunity.kind !== OpportunityKind.CO_SUPERVISED_PROJECT) {
        throw AppError.badInput(
          `A ${opportunity.kind} has no co-supervisor`,
          [
            {
              field: 'opportunityId',
              message: 'not a co-supervised project',
              code: FieldCode.WRONG_KIND,
              params: { kind: OpportunityKind.CO_SUPERVISED_PROJECT },
            },
          ],
          OpportunityReason.NOT_CO_SUPERVISED,
        );
      }
      const invitee = UUID.test(userId) ? await this.users.findById(userId, em) : null;
      const refuse = (message: string, code: FieldCode, params?: FieldParams) =>
        AppError.badInput(
          message,
          [{ field: 'userId', message, code, ...(params ? { params } : {}) }],
          OpportunityReason.INVALID_CO_SUPERVISOR,
        );
      if (!invitee) throw refuse('No such user', FieldCode.UNKNOWN_REFERENCE);
      if (!invitee.roles.includes(UserRole.SUPERVISOR))
        throw refuse('The co-supervisor must be a supervisor', FieldCode.LACKS_ROLE, {
          role: UserRole.SUPERVISOR,
        });
      if (invitee.organisationId === opportunity.hostOrganisationId) {
        throw refuse(
          'The co-supervisor must belong to another organisation than the host',
          FieldCode.SAME_ORGANISATION,
        );
      }
      const current = await this.repo.findCoSupervision(opportunity.id, em);
      if (
        current &&
        current.coSupervisorId === invitee.id &&
        current.status !== CoSupervisionStatus.DECLINED
      ) {
        throw AppError.conflict(
          `This supervisor is already ${current.status.toLowerCase()}`,
          OpportunityReason.CO_SUPERVISOR_ALREADY_INVITED,
        );
      }
      const decided = this.decisions.fire(opportunity, 'SUBSTANTIVE_EDIT', actors, {});
      // The earlier co-supervisor is replaced: only applicants of an open project hear of the change.
      const toApplicants = decided.effects.filter((e) => e.type === 'NOTIFY' && e.to === 'APPLICANTS');
      notices.push(...(await this.decisions.noticesFor(toApplicants, opportunity, null, null, viewer, em)));
      notices.push(notice(invitee.id, 'co-supervision.invited', opportunity, null));
      if (decided.next !== opportunity.status) {
        opportunity.status = decided.next;
        await this.repo.save(opportunity, em);
      }
      await this.repo.putInvitation(opportunity.id, invitee.id, em);
      await this.notifications.record(em, notices);
      return (await this.repo.findCoSupervision(opportunity.id, em)) as CoSupervisionEntity;
    });
    return invited;
  }

  /** The invited co-supervisor accepts, or declines with a reason, while the project is a DRAFT. */
  async respondToCoSupervision(
    viewer: AuthUser,
    opportunityId: string,
    accept: boolean,
    reason: string | null | undefined,
  ): Promise<CoSupervisionEntity> {
    checkReasonLength(reason, 'reason');
    const notices: NotificationDraft[] = [];
    const answered = await this.tx.run(async (em) => {
      const notFound = AppError.notFound('Co-supervision invitation');
      if (!UUID.test(opportunityId)) throw notFound;
      const opportunity = await this.repo.findForUpdate(opportunityId, em);
      const coSupervision = opportunity ? await this.repo.findCoSupervision(opportunityId, em) : null;
      if (!opportunity || !coSupervision || coSupervision.coSupervisorId !== viewer.id) throw notFound;
      if (opportunity.status !== OpportunityStatus.DRAFT) {
        throw AppError.conflict(
          `Cannot answer a co-supervision invitation of an opportunity in state ${opportunity.status}`,
          OpportunityReason.ILLEGAL_TRANSITION,
        );
      }
      const result = transitionCoSupervision(
        coSupervision.status as CoSupervisionStatus,
        accept ? 'ACCEPT' : 'DECLINE',
        { actor: 'CO_SUPERVISOR', reason },
      );
      if (!result.ok) throw coreRefusal(result.error, 'reason');
      const values = {
        status: result.next,
        declineReason: accept ? null : (reason ?? '').trim(),
        respondedAt: new Date(),
      };
      await this.repo.setCoSupervisionStatus(opportunityId, values, em);
      notices.push(
        ...(await this.decisions.noticesFor(result.effects, opportunity, coSupervision, reason, viewer, em)),
      );
      await this.notifications.record(em, notices);
      return Object.assign(coSupervision, values);
    });
    return answered;
  }
}
