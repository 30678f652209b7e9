import { Injectable } from '@nestjs/common';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { InvalidFields } from '../common/errors/invalid-fields';
import { ApplicationStatus } from '../core/domain/enums';
import { NotificationsService } from '../notifications/notifications.service';
import { AssessmentEntity } from '../profiles/entities/assessment.entity';
import { ProfilesService } from '../profiles/profiles.service';
import { ApplicationContextRepository } from './application-context.repository';
import { ApplicationHosts, managesHost } from './application-hosts';
import { notificationParams, notificationText, notificationType } from './application-notifications';
import { applicationNotFound, ApplicationReason } from './applications.errors';
import { ApplicationsRepository } from './applications.repository';
import { RecordPlacementEvidenceInput } from './dto/application.inputs';
import { FieldCode } from '../common/errors/field-codes';

/** Evidence from a completed placement: its supervisors assess the competences it developed. */
@Injectable()
export class ApplicationEvidenceService {
  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly context: ApplicationContextRepository,
    private readonly hosts: ApplicationHosts,
    private readonly tx: TransactionRunner,
    private readonly notifications: NotificationsService,
    private readonly profiles: ProfilesService,
  ) {}

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
    // Declared problems (a level out of range, an empty note) come in one answer with the use case's.
    const invalid = InvalidFields.of(input);
    const done = await this.tx.run(async (em) => {
      const application = await this.repo.findByIdForUpdate(input.applicationId, em);
      if (!application) throw applicationNotFound();
      const opportunity = await this.context.findOpportunity(application.opportunityId, em);
      if (!opportunity) throw applicationNotFound();
      const host = await this.hosts.hostOf(opportunity, em);
      const supervises =
        viewer.id === opportunity.leadSupervisorId || host.coSupervisorIds.includes(viewer.id);
      if (!supervises) {
        if (application.candidateId === viewer.id || managesHost(viewer, host)) {
          throw AppError.forbidden('Only the supervisors of the placement record its evidence');
        }
        throw applicationNotFound();
      }
      if (application.status !== ApplicationStatus.COMPLETED) {
        throw AppError.conflict(
          `Evidence is recorded once the placement is COMPLETED; this application is ${application.status}`,
          ApplicationReason.PLACEMENT_NOT_COMPLETED,
        );
      }
      if (new Date().toISOString().slice(0, 10) < opportunity.startsOn) {
        throw AppError.conflict(
          `Evidence is recorded once the placement has started; it starts on ${opportunity.startsOn}`,
          ApplicationReason.PLACEMENT_NOT_STARTED,
        );
      }
      const developed = new Set(await this.context.developedCompetenceIds(opportunity.id, em));
      const seen = new Set<string>();
      const fields = input.assessments.flatMap((a, i) => {
        const field = `assessments.${i}.competenceId`;
        if (seen.has(a.competenceId))
          return [{ field, message: 'competence listed twice', code: FieldCode.DUPLICATE }];
        seen.add(a.competenceId);
        if (!developed.has(a.competenceId))
          return [
            { field, message: 'not a competence this opportunity develops', code: FieldCode.NOT_ONE_OF },
          ];
        return [];
      });
      invalid.add(fields, undefined, 'Evidence covers the competences the opportunity develops');
      invalid.throwIfAny();
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
}
