import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, encodeCursor, invalidCursor } from '../common/graphql/pagination';
import { CompetencesService } from '../competences/competences.service';
import { levelName } from '../competences/proficiency-scale';
import {
  Assessment,
  EffectiveLevel,
  effectiveLevels,
  effectiveLevelValues,
  isProficiencyLevel,
} from '../core/competences/effective-level';
import { AssessmentSource, ProficiencyLevel, Visibility } from '../core/domain/enums';
import { UserEntity } from '../users/entities/user.entity';
import { UsersDirectory } from '../users/users.directory';
import { ConsentRecords } from '../privacy/consent-records';
import {
  AssessCompetenceArgs,
  FindableProfilesArgs,
  ProfileArgs,
  SelfAssessArgs,
  UpdateProfileInput,
} from './dto/profile.inputs';
import { AssessmentEntity } from './entities/assessment.entity';
import { ProfileEntity } from './entities/profile.entity';
import {
  AssessmentModel,
  ProfileAccessLevel,
  ProfileConnectionModel,
  ProfileModel,
} from './models/profile.model';
import { findableProfiles, profileAccess } from '../access/access.policy';
import { PROFILE_NOT_FOUND, ProfileErrorReason } from './profiles.errors';
import { FindableCursor, FindableScope, ProfilesRepository } from './profiles.repository';
import { FieldCode } from '../common/errors/field-codes';

/** The supervision capacity of a profile never saved (the column default). */
export const DEFAULT_SUPERVISION_CAPACITY = 4;

export interface EvidenceRecord {
  personId: string;
  competenceId: string;
  level: number;
  /** The supervisor who assessed the placement. */
  assessorId: string;
  /** The completed placement (null only for evidence imported without one). */
  applicationId: string | null;
  note?: string | null;
}

export function toProfileModel(
  user: UserEntity,
  profile: ProfileEntity | null,
  access: ProfileAccessLevel,
): ProfileModel {
  return {
    userId: user.id,
    displayName: user.displayName,
    organisationId: user.organisationId,
    departmentId: user.departmentId,
    access,
    careerStage: profile?.careerStage ?? null,
    researchLevel: profile?.researchLevel ?? null,
    headline: profile?.headline ?? null,
    visibility: profile?.visibility ?? Visibility.PRIVATE,
    languages: profile?.languages ?? [],
    availability: profile?.availability ?? [],
    supervisionCapacity: profile?.supervisionCapacity ?? DEFAULT_SUPERVISION_CAPACITY,
    updatedAt: profile?.updatedAt ?? null,
  };
}

export function toAssessmentModel(a: AssessmentEntity): AssessmentModel {
  return {
    id: a.id,
    personId: a.personId,
    competenceId: a.competenceId,
    level: a.level,
    levelName: levelName(a.level),
    source: a.source,
    assessorId: a.assessorId,
    applicationId: a.applicationId,
    note: a.note,
    assessedAt: a.assessedAt,
  };
}

/** Tag of findableProfiles cursors: by display name, then user id. */
const FINDABLE_CURSOR = 'profiles:name';

function cursorOf(user: UserEntity): string {
  return encodeCursor(FINDABLE_CURSOR, [user.displayName, user.id]);
}

function decodeFindableCursor(cursor: string): FindableCursor {
  const [displayName, userId] = decodeCursor(cursor, FINDABLE_CURSOR, 2);
  if (!/^[0-9a-f-]{36}$/i.test(userId)) {
    throw invalidCursor();
  }
  return { displayName, userId };
}

/**
 * Person profiles and competence assessments. Access: see access/access.policy.ts (profileAccess); a profile the viewer
 * may not see looks exactly like a missing one.
 */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly repo: ProfilesRepository,
    private readonly users: UsersDirectory,
    private readonly competences: CompetencesService,
    private readonly tx: TransactionRunner,
    private readonly audit: PersonalDataAudit,
    private readonly consents: ConsentRecords,
  ) {}

  async myProfile(viewer: AuthUser): Promise<ProfileModel> {
    const user = await this.users.findById(viewer.id);
    if (!user) throw AppError.unauthenticated();
    const [profile] = await this.repo.findByUserIds([viewer.id]);
    return toProfileModel(user, profile ?? null, 'FULL');
  }

  async profile(viewer: AuthUser, args: ProfileArgs): Promise<ProfileModel> {
    const user = await this.users.findById(args.userId);
    if (!user) throw AppError.notFound(PROFILE_NOT_FOUND);
    const [profile] = await this.repo.findByUserIds([user.id]);
    const access = profileAccess(viewer, {
      userId: user.id,
      organisationId: user.organisationId,
      visibility: profile?.visibility ?? Visibility.PRIVATE,
    });
    if (!access) throw AppError.notFound(PROFILE_NOT_FOUND);
    await this.audit.recordReads(viewer, PersonalDataReadKind.PROFILE, [user.id]);
    return toProfileModel(user, profile ?? null, access);
  }

  async updateMyProfile(viewer: AuthUser, input: UpdateProfileInput): Promise<ProfileModel> {
    await this.tx.run(async (em) => {
      const profile = await this.repo.lockOrCreate(viewer.id, em);
      if (input.careerStage !== undefined) profile.careerStage = input.careerStage;
      if (input.researchLevel !== undefined) profile.researchLevel = input.researchLevel;
      if (input.headline !== undefined) profile.headline = input.headline?.trim() || null;
      if (input.visibility !== undefined && input.visibility !== profile.visibility) {
        // Findable is the FINDABLE_PROFILE consent: choosing a visibility gives or withdraws it.
        await this.consents.visibilityChosen(em, viewer, input.visibility);
        profile.visibility = input.visibility;
      }
      if (input.languages !== undefined) {
        profile.languages = input.languages.map((l) => ({ code: l.code.toLowerCase(), level: l.level }));
      }
      if (input.availability !== undefined) {
        profile.availability = [...input.availability]
          .map((w) => ({ start: w.start, end: w.end }))
          .sort((x, y) => x.start.localeCompare(y.start) || x.end.localeCompare(y.end));
      }
      await this.repo.save(profile, em);
    });
    return this.myProfile(viewer);
  }

  /**
   * Sets the person's visibility (the privacy feature, when the FINDABLE_PROFILE consent is given or
   * withdrawn), in the caller's transaction.
   */
  async setVisibility(userId: string, visibility: Visibility, em: EntityManager): Promise<void> {
    const profile = await this.repo.lockOrCreate(userId, em);
    if (profile.visibility === visibility) return;
    profile.visibility = visibility;
    await this.repo.save(profile, em);
  }

  /**
   * Profiles a supervisor or HR user may find: CONSORTIUM profiles of everyone else, and for HR every
   * person of their own organisation; admins find all. With a competence filter only people whose
   * effective level (core rule) reaches `minLevel` (default 1: rated at all).
   */
  async findable(viewer: AuthUser, args: FindableProfilesArgs): Promise<ProfileConnectionModel> {
    const filter = args.filter ?? {};
    if (filter.minLevel != null && !filter.competenceId) {
      throw AppError.badInput('minLevel needs competenceId', [
        {
          field: 'filter.minLevel',
          message: 'minLevel needs competenceId',
          code: FieldCode.NEEDS_FIELD,
          params: { field: 'filter.competenceId' },
        },
      ]);
    }
    const scope: FindableScope = findableProfiles(viewer);
    const minLevel = filter.minLevel ?? 1;
    const first = args.first;
    // Without a competence filter one page is one query; with it, the SQL condition is necessary
    // but not sufficient (a newer supervisor rating may be lower), so read on until the page is full.
    const batchSize = filter.competenceId ? Math.max(2 * first, 50) : first + 1;
    const found: UserEntity[] = [];
    let cursor = args.after ? decodeFindableCursor(args.after) : null;
    for (;;) {
      const batch = await this.repo.findFindableUsers(scope, filter, cursor, batchSize);
      let matching = batch;
      if (filter.competenceId) {
        const competenceId = filter.competenceId;
        const levels = await this.effectiveLevelsOf(
          batch.map((u) => u.id),
          [competenceId],
        );
        matching = batch.filter((u) => {
          const level = levels.get(u.id)?.get(competenceId);
          return level !== undefined && level >= minLevel;
        });
      }
      found.push(...matching);
      if (found.length > first || batch.length < batchSize) break;
      const last = batch[batch.length - 1];
      cursor = { displayName: last.displayName, userId: last.id };
    }
    const page = found.slice(0, first);
    await this.audit.recordReads(
      viewer,
      PersonalDataReadKind.FINDABLE_PROFILES,
      page.map((u) => u.id),
    );
    const profiles = new Map(
      (page.length ? await this.repo.findByUserIds(page.map((u) => u.id)) : []).map((p) => [p.userId, p]),
    );
    const edges = page.map((user) => {
      const profile = profiles.get(user.id) ?? null;
      const access =
        profileAccess(viewer, {
          userId: user.id,
          organisationId: user.organisationId,
          visibility: profile?.visibility ?? Visibility.PRIVATE,
        }) ?? 'LEVELS';
      return { cursor: cursorOf(user), node: toProfileModel(user, profile, access) };
    });
    return {
      edges,
      pageInfo: {
        hasNextPage: found.length > first,
        endCursor: edges.length ? edges[edges.length - 1].cursor : null,
      },
    };
  }

  selfAssess(viewer: AuthUser, args: SelfAssessArgs): Promise<AssessmentModel> {
    return this.tx.run(async (em) => {
      await this.competences.assertUsable([args.competenceId], em);
      const row = await this.repo.insertAssessment(
        {
          personId: viewer.id,
          competenceId: args.competenceId,
          level: args.level,
          source: AssessmentSource.SELF,
          assessorId: null,
          applicationId: null,
          note: null,
        },
        em,
      );
      return toAssessmentModel(row);
    });
  }

  /**
   * A supervisor assesses a person who applied (any status but WITHDRAWN) to an opportunity they
   * lead or co-supervise. Anyone else looks like a missing person.
   */
  assessCompetence(viewer: AuthUser, args: AssessCompetenceArgs): Promise<AssessmentModel> {
    if (args.personId === viewer.id) {
      throw AppError.badInput(
        'Assess your own competences with selfAssess',
        [{ field: 'personId', message: 'you cannot assess yourself as a supervisor', code: FieldCode.SELF }],
        ProfileErrorReason.SELF_ASSESSMENT_AS_SUPERVISOR,
      );
    }
    return this.tx.run(async (em) => {
      if (!(await this.repo.supervisesApplicant(viewer.id, args.personId, em))) {
        throw AppError.notFound('Person');
      }
      await this.competences.assertUsable([args.competenceId], em);
      const row = await this.repo.insertAssessment(
        {
          personId: args.personId,
          competenceId: args.competenceId,
          level: args.level,
          source: AssessmentSource.SUPERVISOR,
          assessorId: viewer.id,
          applicationId: null,
          note: args.note?.trim() || null,
        },
        em,
      );
      return toAssessmentModel(row);
    });
  }

  /**
   * For the evidence flow after a completed placement, inside the caller's transaction (the caller
   * authorises). Refuses a level outside 1..4 and an unknown or retired competence (BAD_USER_INPUT).
   */
  async recordEvidence(em: EntityManager, record: EvidenceRecord): Promise<AssessmentEntity> {
    const [row] = await this.recordEvidenceMany(em, [record]);
    return row;
  }

  /** Several evidence assessments in one statement, checked as `recordEvidence` checks one. */
  async recordEvidenceMany(
    em: EntityManager,
    records: readonly EvidenceRecord[],
  ): Promise<AssessmentEntity[]> {
    const fields = records.flatMap((r, i) =>
      isProficiencyLevel(r.level)
        ? []
        : [
            {
              field: `assessments.${i}.level`,
              message: 'level must be 1..4',
              code: FieldCode.OUT_OF_RANGE,
              params: { min: 1, max: 4 },
            },
          ],
    );
    if (fields.length > 0) throw AppError.badInput('Invalid level', fields);
    await this.competences.assertUsable([...new Set(records.map((r) => r.competenceId))], em);
    return this.repo.insertAssessments(
      records.map((r) => ({
        personId: r.personId,
        competenceId: r.competenceId,
        level: r.level,
        source: AssessmentSource.EVIDENCE,
        assessorId: r.assessorId,
        applicationId: r.applicationId,
        note: r.note?.trim() || null,
      })),
      em,
    );
  }

  /**
   * A person's saved profile (null: never saved, an empty PRIVATE profile) and effective level per
   * competence with its source and date (core effectiveLevels), in two queries. No access checks:
   * the caller decides who may see the person (the talent profile uses the gap-analysis rule).
   */
  async competenceProfileOf(
    personId: string,
  ): Promise<{ profile: ProfileEntity | null; effective: Map<string, EffectiveLevel> }> {
    const [[profile], assessments] = await Promise.all([
      this.repo.findByUserIds([personId]),
      this.repo.assessmentsOf([personId]),
    ]);
    return { profile: profile ?? null, effective: effectiveLevels(assessments) };
  }

  /**
   * Effective level per competence per person, in one query; every person asked for has an entry
   * (empty when never assessed). No access checks: the caller decides who may see what.
   */
  async effectiveLevelsOf(
    personIds: readonly string[],
    competenceIds?: readonly string[],
    em?: EntityManager,
  ): Promise<Map<string, Map<string, ProficiencyLevel>>> {
    const result = new Map<string, Map<string, ProficiencyLevel>>();
    const unique = [...new Set(personIds)];
    if (unique.length === 0 || competenceIds?.length === 0) {
      for (const id of unique) result.set(id, new Map());
      return result;
    }
    const rows = await this.repo.assessmentsOf(unique, competenceIds, em);
    const byPerson = new Map<string, AssessmentEntity[]>();
    for (const row of rows) {
      const list = byPerson.get(row.personId);
      if (list) list.push(row);
      else byPerson.set(row.personId, [row]);
    }
    for (const id of unique) result.set(id, effectiveLevelValues(byPerson.get(id) ?? []));
    return result;
  }

  /**
   * `effectiveLevelsOf` for a whole population (a round's candidates): one statement, plain rows,
   * the same rule (`effectiveLevelValues`). Every person asked for has an entry.
   */
  async effectiveLevelsOfMany(
    personIds: readonly string[],
    competenceIds: readonly string[],
    em: EntityManager,
  ): Promise<Map<string, Map<string, ProficiencyLevel>>> {
    const result = new Map<string, Map<string, ProficiencyLevel>>();
    const unique = [...new Set(personIds)];
    const byPerson = new Map<string, Assessment[]>();
    if (unique.length && competenceIds.length) {
      for (const row of await this.repo.assessmentRowsOf(unique, competenceIds, em)) {
        const list = byPerson.get(row.personId);
        if (list) list.push(row);
        else byPerson.set(row.personId, [row]);
      }
    }
    for (const id of unique) result.set(id, effectiveLevelValues(byPerson.get(id) ?? []));
    return result;
  }
}
