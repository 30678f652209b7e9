import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import { ApplicationEntity } from '../applications/entities/application.entity';
import { CoSupervisionStatus } from '../core/opportunities/co-supervision';
import { Assessment } from '../core/competences/effective-level';
import {
  ApplicationStatus,
  AssessmentSource,
  CareerStage,
  ProficiencyLevel,
  Visibility,
} from '../core/domain/enums';
import { CoSupervisionEntity, OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { UserEntity } from '../users/entities/user.entity';
import { AssessmentEntity } from './entities/assessment.entity';
import { ProfileEntity } from './entities/profile.entity';
import { notRestricted } from '../privacy/restriction-sql';

/** Who is searching: decides which profiles are findable at all. */
export interface FindableScope {
  viewerId: string;
  /** Admins find everyone. */
  all: boolean;
  /** HR finds everyone of this organisation, findable or not. */
  ownOrganisationId: string | null;
}

export interface FindableFilter {
  careerStage?: CareerStage | null;
  organisationId?: string | null;
  /** Only people with at least one assessment of this competence at `minLevel` or above. */
  competenceId?: string | null;
  minLevel?: number | null;
}

/** Keyset position: profiles are listed by display name, then user id. */
export interface FindableCursor {
  displayName: string;
  userId: string;
}

@Injectable()
export class ProfilesRepository {
  constructor(
    @InjectRepository(ProfileEntity) private readonly profiles: Repository<ProfileEntity>,
    @InjectRepository(AssessmentEntity) private readonly assessments: Repository<AssessmentEntity>,
  ) {}

  findByUserIds(userIds: readonly string[]): Promise<ProfileEntity[]> {
    return this.profiles.findBy({ userId: In([...userIds]) });
  }

  /** Creates the empty (PRIVATE) row when missing, then locks it for the caller's transaction. */
  async lockOrCreate(userId: string, em: EntityManager): Promise<ProfileEntity> {
    await em.createQueryBuilder().insert().into(ProfileEntity).values({ userId }).orIgnore().execute();
    return em
      .getRepository(ProfileEntity)
      .findOneOrFail({ where: { userId }, lock: { mode: 'pessimistic_write' } });
  }

  save(profile: ProfileEntity, em: EntityManager): Promise<ProfileEntity> {
    return em.getRepository(ProfileEntity).save(profile);
  }

  /** Assessments of these people (optionally only of these competences), newest first. */
  assessmentsOf(
    personIds: readonly string[],
    competenceIds?: readonly string[],
    em?: EntityManager,
  ): Promise<AssessmentEntity[]> {
    const repo = em ? em.getRepository(AssessmentEntity) : this.assessments;
    return repo.find({
      where: {
        personId: In([...personIds]),
        ...(competenceIds ? { competenceId: In([...competenceIds]) } : {}),
      },
      order: { assessedAt: 'DESC', id: 'ASC' },
    });
  }

  /**
   * The assessments of many people (of these competences), in one statement whatever the count (ids
   * as array parameters), as plain rows: for reading a whole round's candidates.
   */
  async assessmentRowsOf(
    personIds: readonly string[],
    competenceIds: readonly string[],
    em: EntityManager,
  ): Promise<(Assessment & { personId: string })[]> {
    const rows = await em.query<
      {
        person_id: string;
        competence_id: string;
        level: number;
        source: AssessmentSource;
        assessed_at: Date;
      }[]
    >(
      `SELECT person_id, competence_id, level, source, assessed_at FROM assessments
        WHERE person_id = ANY($1::uuid[]) AND competence_id = ANY($2::uuid[])`,
      [[...personIds], [...competenceIds]],
    );
    return rows.map((r) => ({
      personId: r.person_id,
      competenceId: r.competence_id,
      level: r.level as ProficiencyLevel,
      source: r.source,
      assessedAt: r.assessed_at,
    }));
  }

  insertAssessment(
    values: Pick<
      AssessmentEntity,
      'personId' | 'competenceId' | 'level' | 'source' | 'assessorId' | 'applicationId' | 'note'
    >,
    em: EntityManager,
  ): Promise<AssessmentEntity> {
    const repo = em.getRepository(AssessmentEntity);
    return repo.save(repo.create(values));
  }

  /** Inserts the assessments in one statement; returns them with ids and timestamps, in input order. */
  async insertAssessments(
    values: readonly Pick<
      AssessmentEntity,
      'personId' | 'competenceId' | 'level' | 'source' | 'assessorId' | 'applicationId' | 'note'
    >[],
    em: EntityManager,
  ): Promise<AssessmentEntity[]> {
    if (values.length === 0) return [];
    const repo = em.getRepository(AssessmentEntity);
    return repo.save(
      values.map((v) => repo.create(v)),
      { chunk: 500 },
    );
  }

  /**
   * True when `personId` has an application (any status but WITHDRAWN) to an opportunity that
   * `supervisorId` leads or co-supervises (an accepted co-supervision).
   */
  supervisesApplicant(supervisorId: string, personId: string, em: EntityManager): Promise<boolean> {
    return em
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .innerJoin(OpportunityEntity, 'o', 'o.id = a.opportunity_id')
      .leftJoin(
        CoSupervisionEntity,
        'cs',
        'cs.opportunity_id = o.id AND cs.co_supervisor_id = :supervisorId AND cs.status = :accepted',
        { supervisorId, accepted: CoSupervisionStatus.ACCEPTED },
      )
      .where('a.candidate_id = :personId', { personId })
      .andWhere('a.status <> :withdrawn', { withdrawn: ApplicationStatus.WITHDRAWN })
      .andWhere(
        new Brackets((w) =>
          w
            .where('o.lead_supervisor_id = :supervisorId', { supervisorId })
            .orWhere('cs.opportunity_id IS NOT NULL'),
        ),
      )
      .getExists();
  }

  /**
   * One page of people whose profiles `scope` may find, by display name then id, after `cursor`.
   * The competence filter here is a necessary condition only (some assessment at the level); the
   * service checks the effective level.
   */
  findFindableUsers(
    scope: FindableScope,
    filter: FindableFilter,
    cursor: FindableCursor | null,
    limit: number,
  ): Promise<UserEntity[]> {
    const qb = this.profiles.manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .leftJoin(ProfileEntity, 'p', 'p.user_id = u.id')
      .where('u.id <> :viewerId', { viewerId: scope.viewerId })
      .andWhere(notRestricted('u.id'));
    if (!scope.all) {
      qb.andWhere(
        new Brackets((w) => {
          w.where('p.visibility = :consortium', { consortium: Visibility.CONSORTIUM });
          if (scope.ownOrganisationId) {
            w.orWhere('u.organisation_id = :ownOrg', { ownOrg: scope.ownOrganisationId });
          }
        }),
      );
    }
    if (filter.careerStage) qb.andWhere('p.career_stage = :stage', { stage: filter.careerStage });
    if (filter.organisationId) qb.andWhere('u.organisation_id = :org', { org: filter.organisationId });
    if (filter.competenceId) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM assessments a WHERE a.person_id = u.id AND a.competence_id = :cid AND a.level >= :minLevel)`,
        { cid: filter.competenceId, minLevel: filter.minLevel ?? 1 },
      );
    }
    if (cursor) {
      qb.andWhere('(u.display_name, u.id) > (:afterName, :afterId)', {
        afterName: cursor.displayName,
        afterId: cursor.userId,
      });
    }
    return qb.orderBy('u.display_name', 'ASC').addOrderBy('u.id', 'ASC').limit(limit).getMany();
  }
}
