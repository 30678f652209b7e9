import { Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { EntityManager } from 'typeorm';
import { mayCorrectDataOf, mayManageSupervisionOf, profileAccess } from '../access/access.policy';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { PrivacyActionKind } from '../audit/models/privacy-action.model';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { CompetencesService } from '../competences/competences.service';
import { effectiveLevels } from '../core/competences/effective-level';
import { AssessmentSource, ProficiencyLevel, UserRole, Visibility } from '../core/domain/enums';
import { NotificationsService } from '../notifications/notifications.service';
import { UserEntity } from '../users/entities/user.entity';
import { UsersDirectory } from '../users/users.directory';
import { DataCorrectionsRepository } from './data-corrections.repository';
import { CorrectAssessmentArgs, CorrectProfileArgs, DataCorrectionsArgs } from './dto/data-correction.inputs';
import {
  DataCorrectionChange,
  DataCorrectionEntity,
  DataCorrectionTarget,
} from './entities/data-correction.entity';
import { DataCorrectionModel } from './models/data-correction.model';
import { AssessmentModel, ProfileModel } from './models/profile.model';
import { ProfileErrorReason, profileNotFound } from './profiles.errors';
import { ProfilesRepository } from './profiles.repository';
import { DEFAULT_SUPERVISION_CAPACITY, toAssessmentModel, toProfileModel } from './profiles.service';
import { SetSupervisionCapacityArgs } from './dto/profile.inputs';
import { FieldCode } from '../common/errors/field-codes';

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function blankReason(): AppError {
  return AppError.badInput('A reason is required', [
    { field: 'reason', message: 'must not be blank', code: FieldCode.REQUIRED },
  ]);
}

/**
 * Rectification by HR of the person's organisation or an admin: corrections of someone else's profile
 * fields, or of a competence level someone else assessed, each with a required reason. The change and
 * its record (who, why, what was before) are one transaction, audited (RECTIFIED) and notified; the
 * person sees them (`myDataCorrections`) and finds them in their export. A person's own changes are
 * not corrections (updateMyProfile, selfAssess). HR's setting of a supervisor's supervision capacity
 * is kept the same way (with its own notification, and not a RECTIFIED action: nothing was wrong).
 */
@Injectable()
export class DataCorrectionsService {
  constructor(
    private readonly repo: DataCorrectionsRepository,
    private readonly profiles: ProfilesRepository,
    private readonly users: UsersDirectory,
    private readonly competences: CompetencesService,
    private readonly audit: PersonalDataAudit,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionRunner,
  ) {}

  async correctProfile(viewer: AuthUser, args: CorrectProfileArgs): Promise<ProfileModel> {
    const reason = args.reason.trim();
    if (!reason) throw blankReason();
    const person = await this.personToCorrect(viewer, args.personId);
    const input = args.input;
    await this.tx.run(async (em) => {
      const profile = await this.profiles.lockOrCreate(person.id, em);
      const changes: DataCorrectionChange[] = [];
      const set = <K extends 'careerStage' | 'researchLevel' | 'headline' | 'languages' | 'availability'>(
        field: K,
        value: (typeof profile)[K],
      ) => {
        if (isDeepStrictEqual(profile[field], value)) return;
        changes.push({ field, from: profile[field] ?? null, to: value ?? null });
        profile[field] = value;
      };
      if (input.careerStage !== undefined) set('careerStage', input.careerStage);
      if (input.researchLevel !== undefined) set('researchLevel', input.researchLevel);
      if (input.headline !== undefined) set('headline', input.headline?.trim() || null);
      if (input.languages != null) {
        set(
          'languages',
          input.languages.map((l) => ({ code: l.code.toLowerCase(), level: l.level })),
        );
      }
      if (input.availability != null) {
        set(
          'availability',
          [...input.availability]
            .map((w) => ({ start: w.start, end: w.end }))
            .sort((x, y) => x.start.localeCompare(y.start) || x.end.localeCompare(y.end)),
        );
      }
      if (changes.length === 0) return;
      await this.profiles.save(profile, em);
      await this.record(em, viewer, person.id, {
        target: DataCorrectionTarget.PROFILE,
        assessmentId: null,
        competenceId: null,
        changes,
        reason,
      });
    });
    const [profile] = await this.profiles.findByUserIds([person.id]);
    return toProfileModel(person, profile ?? null, 'FULL');
  }

  /**
   * Corrects the level of a competence someone else set (the person's effective assessment is a
   * SUPERVISOR or EVIDENCE one): a new assessment of the same source with the corrected level, so the
   * history stays append-only and shows what was there. A level the person set themselves is theirs
   * to change (NOT_SET_BY_OTHERS).
   */
  async correctAssessment(viewer: AuthUser, args: CorrectAssessmentArgs): Promise<AssessmentModel> {
    const reason = args.reason.trim();
    if (!reason) throw blankReason();
    const person = await this.personToCorrect(viewer, args.personId);
    const row = await this.tx.run(async (em) => {
      await this.profiles.lockOrCreate(person.id, em);
      await this.competences.assertUsable([args.competenceId], em);
      const assessments = await this.profiles.assessmentsOf([person.id], [args.competenceId], em);
      const effective = effectiveLevels(assessments).get(args.competenceId);
      const current = assessments.find(
        (a) =>
          effective &&
          a.source === effective.source &&
          a.assessedAt.getTime() === effective.assessedAt.getTime() &&
          a.level === effective.level,
      );
      if (!effective || !current || effective.source === AssessmentSource.SELF) {
        throw AppError.badInput(
          'Only a level someone else assessed can be corrected; the person changes their own',
          [
            {
              field: 'competenceId',
              message: 'not assessed by a supervisor or by evidence',
              code: FieldCode.SELF_ASSESSED,
            },
          ],
          ProfileErrorReason.NOT_SET_BY_OTHERS,
        );
      }
      const corrected = await this.profiles.insertAssessment(
        {
          personId: person.id,
          competenceId: args.competenceId,
          level: args.level as ProficiencyLevel,
          source: current.source,
          assessorId: viewer.id,
          applicationId: current.applicationId,
          note: null,
        },
        em,
      );
      await this.record(em, viewer, person.id, {
        target: DataCorrectionTarget.ASSESSMENT,
        assessmentId: corrected.id,
        competenceId: args.competenceId,
        changes: [{ field: 'level', from: current.level, to: args.level }],
        reason,
      });
      return corrected;
    });
    return toAssessmentModel(row);
  }

  /**
   * Sets a supervisor's supervision capacity (the load cap HR's approvals check), with a required
   * reason. Only HR of the supervisor's organisation and admins (access policy); the supervisors
   * themselves may not. Whoever may see the profile but not set it is FORBIDDEN; anyone else is told
   * it does not exist. A change is recorded (who, when, from, to, why: `data_corrections`, so the
   * supervisor sees it, finds it in their export, and erasure deletes it) and notified
   * (`SUPERVISION_CAPACITY_SET`); setting the capacity it already has records nothing.
   */
  async setSupervisionCapacity(viewer: AuthUser, args: SetSupervisionCapacityArgs): Promise<ProfileModel> {
    const reason = args.reason.trim();
    if (!reason) throw blankReason();
    const user = await this.users.findById(args.userId);
    if (!user) throw profileNotFound();
    if (!mayManageSupervisionOf(viewer, user)) {
      const [profile] = await this.profiles.findByUserIds([user.id]);
      const sees = profileAccess(viewer, {
        userId: user.id,
        organisationId: user.organisationId,
        visibility: profile?.visibility ?? Visibility.PRIVATE,
      });
      if (sees)
        throw AppError.forbidden("HR of the supervisor's organisation sets their supervision capacity");
      throw profileNotFound();
    }
    if (!user.roles.includes(UserRole.SUPERVISOR)) {
      throw AppError.badInput(
        'Only supervisors have a supervision capacity',
        [
          {
            field: 'userId',
            message: 'this person is not a supervisor',
            code: FieldCode.LACKS_ROLE,
            params: { role: UserRole.SUPERVISOR },
          },
        ],
        ProfileErrorReason.NOT_A_SUPERVISOR,
      );
    }
    await this.tx.run(async (em) => {
      const profile = await this.profiles.lockOrCreate(user.id, em);
      const from = profile.supervisionCapacity ?? DEFAULT_SUPERVISION_CAPACITY;
      if (from === args.capacity) return;
      profile.supervisionCapacity = args.capacity;
      await this.profiles.save(profile, em);
      await this.repo.insert(
        {
          personId: user.id,
          correctedBy: viewer.id,
          correctedAt: new Date(),
          target: DataCorrectionTarget.PROFILE,
          assessmentId: null,
          competenceId: null,
          changes: [{ field: 'supervisionCapacity', from, to: args.capacity }],
          reason,
        },
        em,
      );
      await this.notifications.record(em, [
        {
          userId: user.id,
          type: 'SUPERVISION_CAPACITY_SET',
          message: `HR set your supervision capacity to ${args.capacity}: ${reason}`,
          params: { count: args.capacity, reason },
        },
      ]);
    });
    const [profile] = await this.profiles.findByUserIds([user.id]);
    return toProfileModel(user, profile ?? null, 'FULL');
  }

  async mine(viewer: AuthUser): Promise<DataCorrectionModel[]> {
    return this.toModels(await this.repo.of(viewer.id));
  }

  /** HR of the person's organisation and admins; the read is audited as a read of the profile. */
  async of(viewer: AuthUser, args: DataCorrectionsArgs): Promise<DataCorrectionModel[]> {
    const person = await this.personToCorrect(viewer, args.personId);
    await this.audit.recordReads(viewer, PersonalDataReadKind.PROFILE, [person.id]);
    return this.toModels(await this.repo.of(person.id));
  }

  private async personToCorrect(viewer: AuthUser, personId: string): Promise<UserEntity> {
    const person = await this.users.findById(personId);
    if (!person || person.erasedAt || !mayCorrectDataOf(viewer, person)) throw AppError.notFound('Person');
    return person;
  }

  private async record(
    em: EntityManager,
    viewer: AuthUser,
    personId: string,
    c: Pick<DataCorrectionEntity, 'target' | 'assessmentId' | 'competenceId' | 'changes' | 'reason'>,
  ): Promise<void> {
    const row = await this.repo.insert(
      { ...c, personId, correctedBy: viewer.id, correctedAt: new Date() },
      em,
    );
    await this.audit.recordAction(em, viewer, PrivacyActionKind.RECTIFIED, personId, {
      correctionId: row.id,
      target: c.target,
    });
    await this.notifications.record(em, [
      {
        userId: personId,
        type: 'DATA_CORRECTED',
        message: 'HR corrected your data. See Privacy for what changed and why.',
        params: { reason: c.reason },
      },
    ]);
  }

  private async toModels(rows: readonly DataCorrectionEntity[]): Promise<DataCorrectionModel[]> {
    const actors = await this.users.findByIds([...new Set(rows.map((r) => r.correctedBy))]);
    const names = new Map(actors.map((u) => [u.id, u.displayName]));
    return rows.map((r) => ({
      id: r.id,
      personId: r.personId,
      target: r.target,
      assessmentId: r.assessmentId,
      competenceId: r.competenceId,
      changes: r.changes.map((c) => ({ field: c.field, from: json(c.from), to: json(c.to) })),
      reason: r.reason,
      correctedById: r.correctedBy,
      correctedByName: names.get(r.correctedBy) ?? 'Unknown',
      correctedAt: r.correctedAt,
    }));
  }
}
