import { ApplicationTransitions } from '../applications/application-transitions';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { managesOpportunity, opportunityActorKinds, opportunityVisibility } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { InvalidFields } from '../common/errors/invalid-fields';
import { FieldError } from '../common/errors/error-codes';
import { decodeCursor, encodeCursor } from '../common/graphql/pagination';
import { ApplicationStatus, OpportunityKind, OpportunityStatus, UserRole } from '../core/domain/enums';
import { CoSupervisionStatus, transitionCoSupervision } from '../core/opportunities/co-supervision';
import {
  allowedOpportunityEvents,
  OpportunityActorKind,
  OpportunityEffect,
  OpportunityEvent,
  transitionOpportunity,
} from '../core/opportunities/opportunity-lifecycle';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import {
  CreateOpportunityInput,
  OpportunitiesArgs,
  RequirementInput,
  UpdateOpportunityInput,
} from './dto/opportunity.inputs';
import { CoSupervisionEntity, OpportunityEntity } from './entities/opportunity.entity';
import { OpportunityConnectionModel } from './models/opportunity.model';
import { checkKindDetails, checkVisitDays } from './opportunity-details';
import { opportunityNoticeText, opportunityNoticeType } from './opportunity-notifications';
import { coreRefusal, opportunityNotFound, OpportunityReason } from './opportunities.errors';
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

/** States in which an opportunity can still be edited (co-supervised projects: see SUBSTANTIVE_EDIT). */
const EDITABLE: ReadonlySet<OpportunityStatus> = new Set([
  OpportunityStatus.DRAFT,
  OpportunityStatus.PENDING_APPROVAL,
  OpportunityStatus.OPEN,
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/**
 * Opportunities: drafting, the lifecycle (core/opportunities/opportunity-lifecycle.ts), co-supervision
 * (core/opportunities/co-supervision.ts) and browsing. Every write is one transaction holding a row
 * lock on the opportunity.
 *
 * Access: supervisors draft in their own organisation and lead what they draft; HR of the host
 * organisation and admins review; the co-supervisor answers the invitation. Whoever cannot see an
 * opportunity gets NOT_FOUND; whoever sees it but may not act gets FORBIDDEN.
 *
 * Supervisor load cap (decision): when HR approves a co-supervised project, the lead supervisor and
 * the accepted co-supervisor each must keep their load within profiles.supervision_capacity, which HR
 * of their organisation sets (setSupervisionCapacity; 4 when
 * they have no profile). Load = the sum of `capacity` (students at once) over the co-supervised
 * projects in OPEN, CLOSED or ALLOCATED where they are lead or accepted co-supervisor, plus the
 * project being approved. Other kinds do not count: a supervisor hosts internships on top.
 */
@Injectable()
export class OpportunitiesService {
  constructor(
    private readonly repo: OpportunitiesRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionRunner,
    private readonly transitions: ApplicationTransitions,
  ) {}

  // ---- reads ---------------------------------------------------------------------------------------

  async get(viewer: AuthUser, id: string): Promise<OpportunityEntity> {
    if (!UUID.test(id)) throw opportunityNotFound();
    const opportunity = await this.repo.findById(id);
    if (!opportunity || !(await this.repo.isVisible(id, opportunityVisibility(viewer), new Date()))) {
      throw opportunityNotFound();
    }
    return opportunity;
  }

  /** A page; `withRequirements`: the client asks for the rows' requirements (read in the same statement). */
  async list(
    viewer: AuthUser,
    args: OpportunitiesArgs,
    withRequirements = false,
  ): Promise<OpportunityConnectionModel> {
    const now = new Date();
    const scope = opportunityVisibility(viewer);
    const filter = args.filter ?? {};
    let after: string[] | null = null;
    if (args.after) {
      after = decodeCursor(args.after, args.orderBy, 2);
      if (!PG_TIMESTAMP.test(after[0]) || !UUID.test(after[1])) {
        throw AppError.badInput('Invalid cursor', [{ field: 'after', message: 'not a cursor of this list' }]);
      }
    }
    const { rows, hasNextPage } = await this.repo.findPage(
      scope,
      filter,
      args.orderBy,
      args.first,
      after,
      now,
      withRequirements,
    );
    const edges = rows.map((r) => ({
      cursor: encodeCursor(args.orderBy, [r.sortKey, r.opportunity.id]),
      node: r.opportunity,
    }));
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      count: () => this.repo.countMatching(scope, filter, now),
    };
  }

  /** The opportunities the supervisor leads or co-supervises, in every state. */
  mine(viewer: AuthUser): Promise<OpportunityEntity[]> {
    return this.repo.findOfSupervisor(viewer.id);
  }

  myCoSupervisions(viewer: AuthUser): Promise<CoSupervisionEntity[]> {
    return this.repo.findActiveCoSupervisionsOf(viewer.id);
  }

  // ---- drafting ------------------------------------------------------------------------------------

  /** A supervisor drafts in their own organisation and becomes its lead supervisor. */
  async create(viewer: AuthUser, input: CreateOpportunityInput): Promise<OpportunityEntity> {
    const now = new Date();
    const invalid = InvalidFields.of(input);
    const { errors, details } = checkKindDetails(input.kind, input.details);
    // Days against dates only when days itself passed (its range is a declared constraint).
    const daysValid = errors.length === 0 && !invalid.has('details.days');
    invalid.add([
      ...errors,
      ...(daysValid ? checkVisitDays(input.kind, details, input.startsOn, input.endsOn) : []),
      ...checkPeriod(input.startsOn, input.endsOn, input.applicationDeadline, now, true),
      ...checkRequirementList(input.requirements),
    ]);
    // Left out: the supervisor's own department; an explicit null: none.
    const hostDepartmentId =
      input.hostDepartmentId === undefined ? viewer.departmentId : input.hostDepartmentId;
    return this.tx.run(async (em) => {
      await this.checkDepartment(viewer.organisationId, hostDepartmentId, invalid);
      await this.checkCompetences(input.requirements, input.developedCompetenceIds, em, invalid);
      invalid.throwIfAny();
      const opportunity = await this.repo.insert(
        {
          kind: input.kind,
          title: input.title.trim(),
          description: input.description.trim(),
          hostOrganisationId: viewer.organisationId,
          hostDepartmentId,
          leadSupervisorId: viewer.id,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          capacity: input.capacity,
          applicationDeadline: input.applicationDeadline,
          eligibleStages: input.eligibleStages,
          language: input.language,
          workMode: input.workMode,
          details,
          confidentialDetails: input.confidentialDetails?.trim() || null,
        },
        em,
      );
      await this.repo.replaceRequirements(opportunity.id, input.requirements, em);
      await this.repo.replaceDevelopedCompetences(opportunity.id, input.developedCompetenceIds, em);
      return opportunity;
    });
  }

  /**
   * Edits in place while DRAFT, PENDING_APPROVAL or OPEN. For a co-supervised project a change of
   * title, description, capacity or requirements is substantive: SUBSTANTIVE_EDIT sends it back to
   * DRAFT and asks the co-supervisor to confirm again.
   */
  async update(viewer: AuthUser, id: string, input: UpdateOpportunityInput): Promise<OpportunityEntity> {
    const notices: NotificationDraft[] = [];
    const saved = await this.tx.run(async (em) => {
      const now = new Date();
      const opportunity = await this.lockVisible(viewer, id, em);
      const actors = opportunityActorKinds(viewer, opportunity);
      if (actors.length === 0) throw AppError.forbidden('Only host staff can edit this opportunity');

      const errors: FieldError[] = [];
      let details = opportunity.details;
      if (input.details) {
        const checked = checkKindDetails(opportunity.kind, input.details);
        errors.push(...checked.errors);
        details = checked.details;
      }
      const startsOn = input.startsOn ?? opportunity.startsOn;
      const endsOn = input.endsOn ?? opportunity.endsOn;
      const deadline = input.applicationDeadline ?? opportunity.applicationDeadline;
      errors.push(...checkPeriod(startsOn, endsOn, deadline, now, input.applicationDeadline != null));
      const invalid = InvalidFields.of(input);
      // Days against dates only when days itself passed (its range is a declared constraint).
      if (errors.length === 0 && !invalid.has('details.days')) {
        errors.push(...checkVisitDays(opportunity.kind, details, startsOn, endsOn));
      }
      if (input.capacity != null && input.capacity < opportunity.seatsTaken) {
        errors.push({ field: 'capacity', message: `${opportunity.seatsTaken} seats are taken already` });
      }
      if (input.requirements) errors.push(...checkRequirementList(input.requirements));
      invalid.add(errors);
      if (input.hostDepartmentId)
        await this.checkDepartment(opportunity.hostOrganisationId, input.hostDepartmentId, invalid);
      await this.checkCompetences(input.requirements ?? [], input.developedCompetenceIds ?? [], em, invalid);
      invalid.throwIfAny();

      const title = input.title?.trim() ?? opportunity.title;
      const description = input.description?.trim() ?? opportunity.description;
      const capacity = input.capacity ?? opportunity.capacity;
      const requirementsChanged =
        input.requirements != null &&
        !sameRequirements(await this.repo.findRequirementsOf(opportunity.id, em), input.requirements);
      const substantive =
        title !== opportunity.title ||
        description !== opportunity.description ||
        capacity !== opportunity.capacity ||
        requirementsChanged;

      if (opportunity.kind === OpportunityKind.CO_SUPERVISED_PROJECT && substantive) {
        const decided = this.fire(opportunity, 'SUBSTANTIVE_EDIT', actors, {});
        const coSupervision = await this.repo.findCoSupervision(opportunity.id, em);
        notices.push(
          ...(await this.noticesFor(
            decided.effects,
            { ...opportunity, title },
            coSupervision,
            null,
            viewer,
            em,
          )),
        );
        await this.requestReconfirmation(opportunity.id, decided.actor, decided.effects, em);
        opportunity.status = decided.next;
      } else if (!EDITABLE.has(opportunity.status)) {
        throw AppError.conflict(
          `Cannot edit an opportunity in state ${opportunity.status}`,
          OpportunityReason.NOT_EDITABLE,
        );
      }

      Object.assign(opportunity, {
        title,
        description,
        capacity,
        details,
        startsOn,
        endsOn,
        applicationDeadline: deadline,
        hostDepartmentId:
          input.hostDepartmentId !== undefined ? input.hostDepartmentId : opportunity.hostDepartmentId,
        eligibleStages: input.eligibleStages ?? opportunity.eligibleStages,
        language: input.language ?? opportunity.language,
        workMode: input.workMode ?? opportunity.workMode,
        confidentialDetails:
          input.confidentialDetails !== undefined
            ? input.confidentialDetails?.trim() || null
            : opportunity.confidentialDetails,
      });
      const result = await this.repo.save(opportunity, em);
      if (input.requirements) await this.repo.replaceRequirements(opportunity.id, input.requirements, em);
      if (input.developedCompetenceIds) {
        await this.repo.replaceDevelopedCompetences(opportunity.id, input.developedCompetenceIds, em);
      }
      await this.notifications.record(em, notices);
      return result;
    });
    return saved;
  }

  // ---- lifecycle -----------------------------------------------------------------------------------

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

  /**
   * MARK_ALLOCATED by the system inside another use case's transaction (the last seat was taken, or a
   * round was published). The caller holds the row lock (findForUpdate).
   */
  async markAllocatedBySystem(opportunity: OpportunityEntity, em: EntityManager): Promise<OpportunityEntity> {
    const result = transitionOpportunity(opportunity.status, 'MARK_ALLOCATED', {
      actor: 'SYSTEM',
      kind: opportunity.kind,
    });
    if (!result.ok) throw coreRefusal(result.error);
    opportunity.status = result.next;
    return this.repo.save(opportunity, em);
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
      const opportunity = await this.lockVisible(viewer, id, em);
      const actors = opportunityActorKinds(viewer, opportunity);
      if (actors.length === 0) throw AppError.forbidden('Only host staff and HR of the host can do this');
      const coSupervision =
        opportunity.kind === OpportunityKind.CO_SUPERVISED_PROJECT
          ? await this.repo.findCoSupervision(opportunity.id, em)
          : null;
      const accepted = coSupervision?.status === CoSupervisionStatus.ACCEPTED;
      const decided = this.fire(opportunity, EVENT_OF[step], actors, {
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
        ...(await this.noticesFor(decided.effects, opportunity, coSupervision, reason, viewer, em)),
      );
      for (const effect of decided.effects) {
        if (effect.type === 'END_LIVE_APPLICATIONS') {
          await this.endLiveApplications(opportunity.id, reason ?? '', viewer, em);
        }
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

  /** The core's END_LIVE_APPLICATIONS: a SYSTEM REJECT, carrying the cancellation reason, of each live one. */
  /**
   * Cancelling rejects the applications still waiting (SUBMITTED, SHORTLISTED) through the
   * applications feature: history with the acting account, live status events. The applicants are
   * told by the opportunity's own notice, so the rejections add none.
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
  }

  // ---- co-supervision ------------------------------------------------------------------------------

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
      const opportunity = await this.lockVisible(viewer, opportunityId, em);
      const actors = opportunityActorKinds(viewer, opportunity).filter(
        (a) => a === 'HOST_SUPERVISOR' || a === 'ADMIN',
      );
      if (actors.length === 0) throw AppError.forbidden('Only the lead supervisor invites a co-supervisor');
      if (opportunity.kind !== OpportunityKind.CO_SUPERVISED_PROJECT) {
        throw AppError.badInput(
          `A ${opportunity.kind} has no co-supervisor`,
          [{ field: 'opportunityId', message: 'not a co-supervised project' }],
          OpportunityReason.NOT_CO_SUPERVISED,
        );
      }
      const invitee = UUID.test(userId) ? await this.repo.findUser(userId, em) : null;
      const refuse = (message: string) =>
        AppError.badInput(message, [{ field: 'userId', message }], OpportunityReason.INVALID_CO_SUPERVISOR);
      if (!invitee) throw refuse('No such user');
      if (!invitee.roles.includes(UserRole.SUPERVISOR))
        throw refuse('The co-supervisor must be a supervisor');
      if (invitee.organisationId === opportunity.hostOrganisationId) {
        throw refuse('The co-supervisor must belong to another organisation than the host');
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
      const decided = this.fire(opportunity, 'SUBSTANTIVE_EDIT', actors, {});
      // The earlier co-supervisor is replaced: only applicants of an open project hear of the change.
      const toApplicants = decided.effects.filter((e) => e.type === 'NOTIFY' && e.to === 'APPLICANTS');
      notices.push(...(await this.noticesFor(toApplicants, opportunity, null, null, viewer, em)));
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
        ...(await this.noticesFor(result.effects, opportunity, coSupervision, reason, viewer, em)),
      );
      await this.notifications.record(em, notices);
      return Object.assign(coSupervision, values);
    });
    return answered;
  }

  // ---- helpers -------------------------------------------------------------------------------------

  /** The opportunity locked for this transaction, or NOT_FOUND when the viewer cannot see it. */
  private async lockVisible(viewer: AuthUser, id: string, em: EntityManager): Promise<OpportunityEntity> {
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
  private fire(
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

  /** The core's REQUEST_CO_SUPERVISOR_RECONFIRMATION: an invited or accepted co-supervisor confirms again. */
  private async requestReconfirmation(
    opportunityId: string,
    actor: OpportunityActorKind,
    effects: readonly OpportunityEffect[],
    em: EntityManager,
  ): Promise<void> {
    if (!effects.some((e) => e.type === 'REQUEST_CO_SUPERVISOR_RECONFIRMATION')) return;
    const coSupervision = await this.repo.findCoSupervision(opportunityId, em);
    if (!coSupervision || coSupervision.status === CoSupervisionStatus.DECLINED || actor === 'SYSTEM') return;
    const result = transitionCoSupervision(coSupervision.status as CoSupervisionStatus, 'SUBSTANTIVE_EDIT', {
      actor,
    });
    if (!result.ok) throw coreRefusal(result.error);
    await this.repo.setCoSupervisionStatus(
      opportunityId,
      { status: result.next, declineReason: null, respondedAt: null },
      em,
    );
  }

  /**
   * The NOTIFY effects of a decision as notifications, one per recipient (the first wins), never to
   * the viewer themself. Stored in the transaction; pushed live after it commits.
   */
  private async noticesFor(
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
      } else if (effect.to === 'HR')
        recipients = await this.repo.hrUserIdsOf(opportunity.hostOrganisationId, em);
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

  private async checkDepartment(
    organisationId: string,
    departmentId: string | null,
    invalid: InvalidFields,
  ): Promise<void> {
    if (!departmentId) return;
    const [department] = await this.organisations.findDepartmentsByIds([departmentId]);
    if (!department || department.organisationId !== organisationId) {
      invalid.add(
        [{ field: 'hostDepartmentId', message: 'no such department in the host organisation' }],
        undefined,
        'Unknown department',
      );
    }
  }

  /** Every competence must exist and not be retired. */
  private async checkCompetences(
    requirements: readonly RequirementInput[],
    developedIds: readonly string[],
    em: EntityManager,
    invalid: InvalidFields,
  ): Promise<void> {
    const ids = [...new Set([...requirements.map((r) => r.competenceId), ...developedIds])];
    const states = new Map((await this.repo.findCompetenceStates(ids, em)).map((c) => [c.id, c]));
    const errors: FieldError[] = [];
    let retired = false;
    const check = (id: string, field: string) => {
      const state = states.get(id);
      if (!state) errors.push({ field, message: 'no such competence' });
      else if (state.retiredAt) {
        retired = true;
        errors.push({ field, message: 'this competence is retired' });
      }
    };
    requirements.forEach((r, i) => check(r.competenceId, `requirements.${i}.competenceId`));
    developedIds.forEach((id, i) => check(id, `developedCompetenceIds.${i}`));
    invalid.add(
      errors,
      retired ? OpportunityReason.COMPETENCE_RETIRED : OpportunityReason.UNKNOWN_COMPETENCE,
      retired ? 'A competence is retired' : 'Unknown competence',
    );
  }
}

function notice(
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

function checkReasonLength(reason: string | null | undefined, field: string): void {
  if (reason && reason.length > MAX_REASON_LENGTH) {
    throw AppError.badInput(`Invalid input: ${field}`, [
      { field, message: `${field} must be at most ${MAX_REASON_LENGTH} characters` },
    ]);
  }
}

/** The period: ends not before it starts; the deadline not after the first day and (when new) ahead. */
function checkPeriod(
  startsOn: string,
  endsOn: string,
  deadline: Date,
  now: Date,
  deadlineChanged: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  // A day its declared constraints refused (they say so in the same answer) is compared with nothing.
  const starts = isDay(startsOn);
  if (starts && isDay(endsOn) && endsOn < startsOn) {
    errors.push({ field: 'endsOn', message: 'endsOn must not be before startsOn' });
  }
  if (starts && deadline.toISOString().slice(0, 10) > startsOn) {
    errors.push({ field: 'applicationDeadline', message: 'applicationDeadline must not be after startsOn' });
  }
  if (deadlineChanged && deadline.getTime() <= now.getTime()) {
    errors.push({ field: 'applicationDeadline', message: 'applicationDeadline must be in the future' });
  }
  return errors;
}

function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
}

function checkRequirementList(requirements: readonly RequirementInput[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  requirements.forEach((r, i) => {
    if (seen.has(r.competenceId)) {
      errors.push({ field: `requirements.${i}.competenceId`, message: 'this competence is listed twice' });
    }
    seen.add(r.competenceId);
  });
  return errors;
}

function sameRequirements(
  current: readonly { competenceId: string; minLevel: number; weight: number; essential: boolean }[],
  next: readonly RequirementInput[],
): boolean {
  if (current.length !== next.length) return false;
  const key = (r: { competenceId: string; minLevel: number; weight: number; essential: boolean }) =>
    `${r.competenceId}:${r.minLevel}:${Math.round(r.weight * 1000)}:${r.essential}`;
  const a = current.map(key).sort();
  const b = next.map(key).sort();
  return a.every((k, i) => k === b[i]);
}
