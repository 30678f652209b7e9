import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { opportunityActorKinds } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { InvalidFields } from '../common/errors/invalid-fields';
import { FieldError } from '../common/errors/error-codes';
import { OpportunityKind, OpportunityStatus } from '../core/domain/enums';
import { CoSupervisionStatus, transitionCoSupervision } from '../core/opportunities/co-supervision';
import { OpportunityActorKind, OpportunityEffect } from '../core/opportunities/opportunity-lifecycle';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import { OrganisationsDirectory } from '../organisations/organisations.directory';
import { CreateOpportunityInput, RequirementInput, UpdateOpportunityInput } from './dto/opportunity.inputs';
import { OpportunityEntity } from './entities/opportunity.entity';
import { checkKindDetails, checkVisitDays } from './opportunity-details';
import { OpportunityDecisions } from './opportunity-decisions';
import { coreRefusal, OpportunityReason } from './opportunities.errors';
import { OpportunitiesRepository } from './opportunities.repository';
import { FieldCode } from '../common/errors/field-codes';

/** States in which an opportunity can still be edited (co-supervised projects: see SUBSTANTIVE_EDIT). */
const EDITABLE: ReadonlySet<OpportunityStatus> = new Set([
  OpportunityStatus.DRAFT,
  OpportunityStatus.PENDING_APPROVAL,
  OpportunityStatus.OPEN,
]);

/**
 * Drafting: a supervisor creates an opportunity in their own organisation and leads it; host staff
 * edit it while it is editable. One transaction per use case, holding a row lock on the opportunity.
 */
@Injectable()
export class OpportunityDraftingService {
  constructor(
    private readonly repo: OpportunitiesRepository,
    private readonly organisations: OrganisationsDirectory,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionRunner,
    private readonly decisions: OpportunityDecisions,
  ) {}

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
      const opportunity = await this.decisions.lockVisible(viewer, id, em);
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
        errors.push({
          field: 'capacity',
          message: `${opportunity.seatsTaken} seats are taken already`,
          code: FieldCode.BELOW_SEATS_TAKEN,
          params: { taken: opportunity.seatsTaken },
        });
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
        const decided = this.decisions.fire(opportunity, 'SUBSTANTIVE_EDIT', actors, {});
        const coSupervision = await this.repo.findCoSupervision(opportunity.id, em);
        notices.push(
          ...(await this.decisions.noticesFor(
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

  private async checkDepartment(
    organisationId: string,
    departmentId: string | null,
    invalid: InvalidFields,
  ): Promise<void> {
    if (!departmentId) return;
    const [department] = await this.organisations.findDepartmentsByIds([departmentId]);
    if (!department || department.organisationId !== organisationId) {
      invalid.add(
        [
          {
            field: 'hostDepartmentId',
            message: 'no such department in the host organisation',
            code: FieldCode.UNKNOWN_REFERENCE,
          },
        ],
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
      if (!state) errors.push({ field, message: 'no such competence', code: FieldCode.UNKNOWN_REFERENCE });
      else if (state.retiredAt) {
        retired = true;
        errors.push({ field, message: 'this competence is retired', code: FieldCode.RETIRED });
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
    errors.push({
      field: 'endsOn',
      message: 'endsOn must not be before startsOn',
      code: FieldCode.PERIOD_ENDS_BEFORE_START,
      params: { start: 'startsOn' },
    });
  }
  if (starts && deadline.toISOString().slice(0, 10) > startsOn) {
    errors.push({
      field: 'applicationDeadline',
      message: 'applicationDeadline must not be after startsOn',
      code: FieldCode.AFTER_START,
    });
  }
  if (deadlineChanged && deadline.getTime() <= now.getTime()) {
    errors.push({
      field: 'applicationDeadline',
      message: 'applicationDeadline must be in the future',
      code: FieldCode.NOT_IN_FUTURE,
    });
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
      errors.push({
        field: `requirements.${i}.competenceId`,
        message: 'this competence is listed twice',
        code: FieldCode.DUPLICATE,
      });
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
