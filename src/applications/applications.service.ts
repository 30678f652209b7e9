import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Env } from '../config/env.schema';
import { ApplicationEvent } from '../core/applications/application-workflow';
import {
  managesOpportunity as managesOpportunityPolicy,
  mayFollowApplication,
} from '../access/access.policy';
import { effectiveLevelValues } from '../core/competences/effective-level';
import { ApplicationStatus, OpportunityStatus } from '../core/domain/enums';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import {
  ApplicationAudience,
  ApplicationStatusChangedEvent,
  NotificationsPublisher,
} from '../notifications/notifications.publisher';
import { OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { AssessmentEntity } from '../profiles/entities/assessment.entity';
import { ProfilesService } from '../profiles/profiles.service';
import { ApplicationContextRepository } from './application-context.repository';
import { ApplicationTransitions } from './application-transitions';
import { notificationParams, notificationText, notificationType } from './application-notifications';
import {
  applicationNotFound,
  duplicateApplication,
  noSeatsLeft,
  opportunityNotFound,
  violates,
} from './applications.errors';
import { ApplicationsRepository } from './applications.repository';
import {
  ApplicationsForOpportunityArgs,
  MyApplicationsArgs,
  RecordPlacementEvidenceInput,
  SubmitApplicationInput,
} from './dto/application.inputs';
import { ApplicantRankingEntity, ApplicationEntity } from './entities/application.entity';

/** DRAFT and PENDING_APPROVAL opportunities exist only for their host. */
const HOST_ONLY_STATUSES: ReadonlySet<OpportunityStatus> = new Set([
  OpportunityStatus.DRAFT,
  OpportunityStatus.PENDING_APPROVAL,
]);

/** Events the candidate fires; the others are the host's (or the system's). */
const CANDIDATE_EVENTS: ReadonlySet<ApplicationEvent> = new Set(['WITHDRAW', 'ACCEPT', 'DECLINE']);

const EXPIRY_BATCH = 500;

/** An opportunity with the people who host it. */
interface Host {
  opportunity: OpportunityEntity;
  /** Co-supervisors who accepted. */
  coSupervisorIds: string[];
}

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

export interface RankedApplication {
  rank: number;
  application: ApplicationEntity;
}

/** Host staff (lead supervisor, an accepted co-supervisor), HR of the host organisation, or an admin. */
function managesOpportunity(viewer: AuthUser, host: Host): boolean {
  return managesOpportunityPolicy(viewer, host.opportunity, host.coSupervisorIds);
}

/** Who may follow an application live: the same people who may read it. */
export function mayFollow(viewer: AuthUser, audience: ApplicationAudience): boolean {
  return mayFollowApplication(viewer, audience);
}

function textOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** A submission made inside a caller's transaction, with what to announce after commit. */
export interface SubmittedApplication {
  application: ApplicationEntity;
  announcement: Announcement;
}

@Injectable()
export class ApplicationsService {
  private readonly logger = new Logger(ApplicationsService.name);

  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly context: ApplicationContextRepository,
    private readonly tx: TransactionRunner,
    private readonly transitions: ApplicationTransitions,
    private readonly notifications: NotificationsService,
    private readonly publisher: NotificationsPublisher,
    private readonly config: ConfigService<Env, true>,
    private readonly profiles: ProfilesService,
    private readonly audit: PersonalDataAudit,
  ) {}

  // ---- submitting -------------------------------------------------------------------------------

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
    const host = await this.hostOf(opportunity, em);
    if (HOST_ONLY_STATUSES.has(opportunity.status) && !managesOpportunity(viewer, host)) {
      throw opportunityNotFound();
    }
    if (opportunity.status !== OpportunityStatus.OPEN) {
      throw AppError.conflict(
        `The opportunity is ${opportunity.status}, not open for applications`,
        'OPPORTUNITY_NOT_OPEN',
      );
    }
    if (now.getTime() > opportunity.applicationDeadline.getTime()) {
      throw AppError.conflict(
        `The application deadline ${opportunity.applicationDeadline.toISOString()} has passed`,
        'APPLICATION_DEADLINE_PASSED',
      );
    }
    await this.checkStage(viewer.id, opportunity, em);
    const missing = await this.missingEssentials(viewer.id, opportunity.id, em);
    if (missing.length > 0) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `Essential requirements not met: ${missing.map((m) => m.name).join(', ')}`,
        {
          reason: 'ESSENTIAL_REQUIREMENTS_UNMET',
          fields: [{ field: 'opportunityId', message: 'essential competence requirements are not met' }],
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
        'LIVE_APPLICATION_LIMIT',
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
      [{ field: 'opportunityId', message: `open to career stages ${eligible}` }],
      'STAGE_NOT_ELIGIBLE',
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

  // ---- workflow steps ---------------------------------------------------------------------------

  withdraw(viewer: AuthUser, id: string, reason?: string | null): Promise<ApplicationEntity> {
    return this.step(viewer, id, 'WITHDRAW', { reason });
  }

  shortlist(viewer: AuthUser, id: string): Promise<ApplicationEntity> {
    return this.step(viewer, id, 'SHORTLIST', {});
  }

  reject(viewer: AuthUser, id: string, reason?: string | null): Promise<ApplicationEntity> {
    return this.step(viewer, id, 'REJECT', { reason });
  }

  offer(viewer: AuthUser, id: string, responseDeadline: Date): Promise<ApplicationEntity> {
    return this.step(viewer, id, 'OFFER', { responseDeadline });
  }

  accept(viewer: AuthUser, id: string): Promise<ApplicationEntity> {
    return this.step(viewer, id, 'ACCEPT', {});
  }

  decline(viewer: AuthUser, id: string, reason?: string | null): Promise<ApplicationEntity> {
    return this.step(viewer, id, 'DECLINE', { reason });
  }

  complete(viewer: AuthUser, id: string): Promise<ApplicationEntity> {
    return this.step(viewer, id, 'COMPLETE', {});
  }

  /**
   * One workflow step in one transaction: lock the application, authorise, then ApplicationTransitions
   * decides (the core), takes a seat when the step says so, persists the status, the transition and
   * its notifications (published after commit).
   */
  private async step(
    viewer: AuthUser,
    id: string,
    event: ApplicationEvent,
    opts: { reason?: string | null; responseDeadline?: Date },
  ): Promise<ApplicationEntity> {
    const now = new Date();
    let done: ApplicationEntity;
    try {
      done = await this.tx.run(async (em) => {
        const application = await this.repo.findByIdForUpdate(id, em);
        if (!application) throw applicationNotFound();
        const opportunity = await this.context.findOpportunity(application.opportunityId, em);
        if (!opportunity) throw applicationNotFound();
        const host = await this.hostOf(opportunity, em);
        const isCandidate = application.candidateId === viewer.id;
        const isHost = managesOpportunity(viewer, host);
        if (!isCandidate && !isHost) throw applicationNotFound();

        const byCandidate = CANDIDATE_EVENTS.has(event) ? isCandidate : !isHost;
        await this.transitions.applyMany(
          em,
          [
            {
              applicationId: application.id,
              event,
              reason: textOrNull(opts.reason),
              responseDeadline: opts.responseDeadline ?? null,
            },
          ],
          { kind: byCandidate ? 'CANDIDATE' : 'HOST', userId: viewer.id },
          { now },
        );
        return this.repo.findByIdOrFail(application.id, em);
      });
    } catch (err) {
      if (violates(err, 'ck_opportunities_seats')) throw noSeatsLeft();
      throw err;
    }
    return done;
  }

  // ---- evidence ----------------------------------------------------------------------------------

  /**
   * After a COMPLETED placement its supervisors (the lead or an accepted co-supervisor) assess the
   * competences the opportunity developed; each becomes an EVIDENCE assessment on the candidate's
   * profile (effective level and history follow the core rule). One transaction; the application is
   * locked so a concurrent change of its status cannot slip between check and write. Recording again
   * adds newer evidence (the latest of a source counts; the history keeps both).
   * The candidate and host HR may see the application but not assess: FORBIDDEN; anyone else NOT_FOUND.
   */
  async recordPlacementEvidence(
    viewer: AuthUser,
    input: RecordPlacementEvidenceInput,
  ): Promise<AssessmentEntity[]> {
    const done = await this.tx.run(async (em) => {
      const application = await this.repo.findByIdForUpdate(input.applicationId, em);
      if (!application) throw applicationNotFound();
      const opportunity = await this.context.findOpportunity(application.opportunityId, em);
      if (!opportunity) throw applicationNotFound();
      const host = await this.hostOf(opportunity, em);
      const supervises =
        viewer.id === opportunity.leadSupervisorId || host.coSupervisorIds.includes(viewer.id);
      if (!supervises) {
        if (application.candidateId === viewer.id || managesOpportunity(viewer, host)) {
          throw AppError.forbidden('Only the supervisors of the placement record its evidence');
        }
        throw applicationNotFound();
      }
      if (application.status !== ApplicationStatus.COMPLETED) {
        throw AppError.conflict(
          `Evidence is recorded once the placement is COMPLETED; this application is ${application.status}`,
          'PLACEMENT_NOT_COMPLETED',
        );
      }
      const developed = new Set(await this.context.developedCompetenceIds(opportunity.id, em));
      const seen = new Set<string>();
      const fields = input.assessments.flatMap((a, i) => {
        const field = `input.assessments.${i}.competenceId`;
        if (seen.has(a.competenceId)) return [{ field, message: 'competence listed twice' }];
        seen.add(a.competenceId);
        if (!developed.has(a.competenceId))
          return [{ field, message: 'not a competence this opportunity develops' }];
        return [];
      });
      if (fields.length > 0) {
        throw AppError.badInput('Evidence covers the competences the opportunity develops', fields);
      }
      const rows = await this.profiles.recordEvidenceMany(
        em,
        input.assessments.map((a) => ({
          personId: application.candidateId,
          competenceId: a.competenceId,
          level: a.level,
          assessorId: viewer.id,
          applicationId: application.id,
          note: input.note,
        })),
      );
      const template = 'application.evidence-recorded';
      const facts = { opportunityTitle: opportunity.title, reason: null, responseDeadline: null };
      await this.notifications.record(em, [
        {
          userId: application.candidateId,
          type: notificationType(template),
          message: notificationText(template, facts),
          params: notificationParams(facts),
          applicationId: application.id,
          opportunityId: opportunity.id,
        },
      ]);
      return rows;
    });
    return done;
  }

  /**
   * Expires every offer whose response deadline passed before `now`, in batches of 500, each batch
   * one transaction. Rows another instance holds are skipped (FOR UPDATE SKIP LOCKED), so several
   * instances may run this at once and each offer expires exactly once. Returns how many expired.
   */
  async expireDueOffers(now: Date = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.tx.run(async (em) => {
        const due = await this.repo.lockDueOffers(now, EXPIRY_BATCH, em);
        const { applied } = await this.transitions.applyMany(
          em,
          due.map((applicationId) => ({
            applicationId,
            event: 'EXPIRE' as const,
            expectedFrom: ApplicationStatus.OFFERED,
            reason: 'the response deadline passed',
          })),
          { kind: 'SYSTEM', userId: null },
          { now },
        );
        return applied;
      });
      total += expired.length;
      if (expired.length < EXPIRY_BATCH) return total;
    }
  }

  // ---- reading ----------------------------------------------------------------------------------

  myApplications(viewer: AuthUser, args: MyApplicationsArgs): Promise<ApplicationEntity[]> {
    return this.repo.listOfCandidate(viewer.id, args);
  }

  /** The candidate, host staff, HR of the host organisation and admins; everyone else: not found. */
  async get(viewer: AuthUser, id: string): Promise<ApplicationEntity> {
    const application = await this.repo.findById(id);
    if (!application) throw applicationNotFound();
    if (application.candidateId === viewer.id) return application;
    const opportunity = await this.context.findOpportunity(application.opportunityId);
    if (!opportunity || !managesOpportunity(viewer, await this.hostOf(opportunity))) {
      throw applicationNotFound();
    }
    return application;
  }

  async forOpportunity(viewer: AuthUser, args: ApplicationsForOpportunityArgs): Promise<ApplicationEntity[]> {
    await this.managedOpportunity(viewer, args.opportunityId);
    const applications = await this.repo.listOfOpportunity(args.opportunityId, args);
    await this.audit.recordReads(
      viewer,
      PersonalDataReadKind.APPLICATIONS,
      applications.map((a) => a.candidateId),
    );
    return applications;
  }

  /** Live status changes; with an id, only of that application (not found unless the viewer may read it). */
  async statusChanges(
    viewer: AuthUser,
    applicationId: string | null,
  ): Promise<AsyncIterableIterator<ApplicationStatusChangedEvent>> {
    if (applicationId) await this.get(viewer, applicationId);
    return this.publisher.applicationStatusChangedEvents();
  }

  // ---- ranking ----------------------------------------------------------------------------------

  /** Replaces the host's ranking of the opportunity's applicants (live applications, best first). */
  async rankApplicants(
    viewer: AuthUser,
    opportunityId: string,
    applicationIds: string[],
  ): Promise<RankedApplication[]> {
    await this.tx.run(async (em) => {
      await this.managedOpportunity(viewer, opportunityId, em);
      await this.repo.lockRanking(opportunityId, em);
      if (new Set(applicationIds).size !== applicationIds.length) {
        throw AppError.badInput('An application appears twice in the ranking', [
          { field: 'applicationIds', message: 'applicationIds must not repeat an application' },
        ]);
      }
      const live = await this.repo.liveIdsOfOpportunity(opportunityId, applicationIds, em);
      const foreign = applicationIds.filter((a) => !live.has(a));
      if (foreign.length > 0) {
        throw AppError.badInput(
          `Not live applications of this opportunity: ${foreign.join(', ')}`,
          [
            {
              field: 'applicationIds',
              message: `not live applications of this opportunity: ${foreign.join(', ')}`,
            },
          ],
          'NOT_LIVE_APPLICATIONS',
        );
      }
      await this.repo.replaceRanking(opportunityId, applicationIds, em);
    });
    return this.rankingOf(opportunityId);
  }

  async applicantRanking(viewer: AuthUser, opportunityId: string): Promise<RankedApplication[]> {
    await this.managedOpportunity(viewer, opportunityId);
    return this.rankingOf(opportunityId);
  }

  private async rankingOf(opportunityId: string): Promise<RankedApplication[]> {
    const ranking: ApplicantRankingEntity[] = await this.repo.rankingOf(opportunityId);
    const applications = new Map(
      (await this.repo.findByIds(ranking.map((r) => r.applicationId))).map((a) => [a.id, a]),
    );
    return ranking.flatMap((r) => {
      const application = applications.get(r.applicationId);
      return application ? [{ rank: r.rank, application }] : [];
    });
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The opportunity when the viewer hosts it (staff, HR of the host, admin); else not found. */
  private async managedOpportunity(viewer: AuthUser, opportunityId: string, em?: EntityManager) {
    const opportunity = await this.context.findOpportunity(opportunityId, em);
    if (!opportunity || !managesOpportunity(viewer, await this.hostOf(opportunity, em))) {
      throw opportunityNotFound();
    }
    return opportunity;
  }

  private async hostOf(opportunity: OpportunityEntity, em?: EntityManager): Promise<Host> {
    const coSupervisors = await this.context.acceptedCoSupervisors([opportunity.id], em);
    return { opportunity, coSupervisorIds: coSupervisors.get(opportunity.id) ?? [] };
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
