import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Env } from '../config/env.schema';
import { effectiveLevelValues } from '../core/competences/effective-level';
import { ApplicationStatus, OpportunityStatus } from '../core/domain/enums';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import { NotificationsPublisher } from '../notifications/notifications.publisher';
import { OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { ApplicationContextRepository } from './application-context.repository';
import { ApplicationHosts, Host, managesHost } from './application-hosts';
import { notificationParams, notificationText, notificationType } from './application-notifications';
import {
  duplicateApplication,
  opportunityNotFound,
  violates,
  ApplicationReason,
} from './applications.errors';
import { ApplicationsRepository } from './applications.repository';
import { EligibilityOverridesRepository } from './eligibility-overrides.repository';
import { SubmitApplicationInput } from './dto/application.inputs';
import { ApplicationEntity } from './entities/application.entity';
import { FieldCode } from '../common/errors/field-codes';

/** DRAFT and PENDING_APPROVAL opportunities exist only for their host. */
const HOST_ONLY_STATUSES: ReadonlySet<OpportunityStatus> = new Set([
  OpportunityStatus.DRAFT,
  OpportunityStatus.PENDING_APPROVAL,
]);

interface Notice {
  to: 'CANDIDATE' | 'HOST';
  template: string;
}

type AnnouncedApplication = Pick<
  ApplicationEntity,
  'id' | 'opportunityId' | 'candidateId' | 'status' | 'responseDeadline'
>;

/** A committed status change, announced after commit. */
interface Announcement {
  application: AnnouncedApplication;
  host: Host;
  from: ApplicationStatus | null;
  reason: string | null;
  notices: Notice[];
}

export interface MissingRequirement {
  competenceId: string;
  code: string;
  name: string;
  requiredLevel: number;
  currentLevel: number | null;
}

/** A submission made inside a caller's transaction, with what to announce after commit. */
export interface SubmittedApplication {
  application: ApplicationEntity;
  announcement: Announcement;
}

/** Submitting an application: eligibility, the per-call cap on live applications, the first transition. */
@Injectable()
export class ApplicationSubmissionService {
  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly context: ApplicationContextRepository,
    private readonly hosts: ApplicationHosts,
    private readonly tx: TransactionRunner,
    private readonly notifications: NotificationsService,
    private readonly publisher: NotificationsPublisher,
    private readonly config: ConfigService<Env, true>,
    private readonly overrides: EligibilityOverridesRepository,
  ) {}

  /**
   * One transaction: the candidate's submissions are serialised (advisory lock) so the live cap
   * holds; the opportunity is read FOR SHARE so it cannot close underneath. The partial unique index
   * uq_applications_live is the last line against duplicates.
   */
  async submit(viewer: AuthUser, input: SubmitApplicationInput): Promise<ApplicationEntity> {
    const submitted = await this.tx.run(async (em) => {
      const done = await this.submitWithin(em, viewer, input);
      await this.announceSubmitted(em, [done]);
      return done;
    });
    return submitted.application;
  }

  /**
   * The submission inside the caller's transaction (an allocation round submits several choices in
   * one). The caller hands the results to `announceSubmitted` in the same transaction.
   */
  async submitWithin(
    em: EntityManager,
    viewer: AuthUser,
    input: SubmitApplicationInput,
  ): Promise<SubmittedApplication> {
    const now = new Date();
    const maxLive = this.config.get('MAX_LIVE_APPLICATIONS', { infer: true });
    await this.repo.lockCandidate(viewer.id, em);
    const opportunity = await this.context.findOpportunity(input.opportunityId, em, 'pessimistic_read');
    if (!opportunity) throw opportunityNotFound();
    const host = await this.hosts.hostOf(opportunity, em);
    if (HOST_ONLY_STATUSES.has(opportunity.status) && !managesHost(viewer, host)) {
      throw opportunityNotFound();
    }
    if (opportunity.status !== OpportunityStatus.OPEN) {
      throw AppError.conflict(
        `The opportunity is ${opportunity.status}, not open for applications`,
        ApplicationReason.OPPORTUNITY_NOT_OPEN,
      );
    }
    if (now.getTime() > opportunity.applicationDeadline.getTime()) {
      throw AppError.conflict(
        `The application deadline ${opportunity.applicationDeadline.toISOString()} has passed`,
        ApplicationReason.APPLICATION_DEADLINE_PASSED,
      );
    }
    // HR's eligibility override for this opportunity lets the candidate apply anyway.
    const overridden = (await this.overrides.findOne(viewer.id, opportunity.id, em)) !== null;
    if (!overridden) await this.checkStage(viewer.id, opportunity, em);
    const missing = overridden ? [] : await this.missingEssentials(viewer.id, opportunity.id, em);
    if (missing.length > 0) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `Essential requirements not met: ${missing.map((m) => m.name).join(', ')}`,
        {
          reason: ApplicationReason.ESSENTIAL_REQUIREMENTS_UNMET,
          fields: [
            {
              field: 'opportunityId',
              message: 'essential competence requirements are not met',
              code: FieldCode.NOT_ELIGIBLE,
            },
          ],
          missing,
        },
      );
    }
    if (await this.repo.hasLiveApplication(viewer.id, opportunity.id, em)) throw duplicateApplication();
    // The cap is per call: an allocation round's opportunities, or those applied to outside rounds.
    const live = await this.repo.countLiveApplicationsInCall(viewer.id, opportunity.id, em);
    if (live >= maxLive) {
      throw AppError.conflict(
        `You have ${live} live applications in this call; at most ${maxLive} are allowed at once`,
        ApplicationReason.LIVE_APPLICATION_LIMIT,
      );
    }
    let application: ApplicationEntity;
    try {
      application = await this.repo.insert(
        {
          opportunityId: opportunity.id,
          candidateId: viewer.id,
          status: ApplicationStatus.SUBMITTED,
          motivation: input.motivation.trim(),
        },
        em,
      );
    } catch (err) {
      if (violates(err, 'uq_applications_live')) throw duplicateApplication();
      throw err;
    }
    await this.repo.recordTransitions(
      [
        {
          applicationId: application.id,
          fromStatus: null,
          toStatus: ApplicationStatus.SUBMITTED,
          actorId: viewer.id,
          reason: null,
        },
      ],
      em,
    );
    const notices: Notice[] = [{ to: 'HOST', template: 'application.submitted' }];
    return { application, announcement: { application, host, from: null, reason: null, notices } };
  }

  /** In the submissions' transaction: notify the hosts (delivered after commit, through the outbox). */
  announceSubmitted(em: EntityManager, submitted: SubmittedApplication[]): Promise<void> {
    return this.announce(
      em,
      submitted.map((s) => s.announcement),
    );
  }

  private async checkStage(candidateId: string, opportunity: OpportunityEntity, em: EntityManager) {
    if (opportunity.eligibleStages.length === 0) return;
    const stage = await this.context.careerStageOf(candidateId, em);
    if (stage && opportunity.eligibleStages.includes(stage)) return;
    const eligible = opportunity.eligibleStages.join(', ');
    throw AppError.badInput(
      stage
        ? `Your career stage ${stage} is not eligible; this opportunity is for ${eligible}`
        : `Set your career stage in your profile first; this opportunity is for ${eligible}`,
      [
        {
          field: 'opportunityId',
          message: `open to career stages ${eligible}`,
          code: FieldCode.NOT_ELIGIBLE,
          params: { stages: eligible },
        },
      ],
      ApplicationReason.STAGE_NOT_ELIGIBLE,
    );
  }

  /** Essential requirements the candidate's effective levels do not reach (unrated counts as unmet). */
  private async missingEssentials(
    candidateId: string,
    opportunityId: string,
    em: EntityManager,
  ): Promise<MissingRequirement[]> {
    const essentials = await this.context.requirementsOf([opportunityId], { essentialOnly: true }, em);
    if (essentials.length === 0) return [];
    const assessments = await this.context.assessmentsOf(
      [candidateId],
      essentials.map((r) => r.competenceId),
      em,
    );
    const levels = effectiveLevelValues(assessments);
    const missing: MissingRequirement[] = [];
    for (const r of essentials) {
      const level = levels.get(r.competenceId) ?? null;
      if (level === null || level < r.minLevel) {
        missing.push({
          competenceId: r.competenceId,
          code: r.code,
          name: r.name,
          requiredLevel: r.minLevel,
          currentLevel: level,
        });
      }
    }
    return missing;
  }

  /**
   * In the use case's transaction: in-app notifications for the people concerned and the live status
   * events, both published after commit through the outbox.
   */
  private async announce(em: EntityManager, announcements: Announcement[]): Promise<void> {
    if (announcements.length === 0) return;
    const drafts: NotificationDraft[] = [];
    for (const a of announcements) {
      const facts = {
        opportunityTitle: a.host.opportunity.title,
        reason: a.reason,
        responseDeadline: a.application.responseDeadline,
      };
      for (const notice of a.notices) {
        drafts.push({
          userId: notice.to === 'CANDIDATE' ? a.application.candidateId : a.host.opportunity.leadSupervisorId,
          type: notificationType(notice.template),
          message: notificationText(notice.template, facts),
          params: notificationParams(facts),
          applicationId: a.application.id,
          opportunityId: a.application.opportunityId,
        });
      }
    }
    await this.notifications.record(em, drafts);
    const at = new Date();
    await this.publisher.applicationStatusChanged(
      em,
      announcements.map((a) => ({
        audience: {
          candidateId: a.application.candidateId,
          hostUserIds: [a.host.opportunity.leadSupervisorId, ...a.host.coSupervisorIds],
          hostOrganisationId: a.host.opportunity.hostOrganisationId,
        },
        change: {
          applicationId: a.application.id,
          opportunityId: a.application.opportunityId,
          from: a.from,
          to: a.application.status,
          at,
        },
      })),
    );
  }
}
