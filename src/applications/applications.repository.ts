import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { ApplicationStatus } from '../core/domain/enums';
import { UserEntity } from '../users/entities/user.entity';
import {
  ApplicantRankingEntity,
  ApplicationEntity,
  ApplicationTransitionEntity,
} from './entities/application.entity';

export type NewTransition = Pick<
  ApplicationTransitionEntity,
  'applicationId' | 'fromStatus' | 'toStatus' | 'actorId' | 'reason'
>;

export interface TransitionRow {
  applicationId: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  actorId: string | null;
  actorName: string | null;
  reason: string | null;
  at: Date;
}

export interface ExpiredOffer {
  id: string;
  opportunityId: string;
  candidateId: string;
  responseDeadline: Date;
}

/** Lock namespaces for pg_advisory_xact_lock(namespace, key). */
const CANDIDATE_LOCK = 'te:applications:candidate';
const RANKING_LOCK = 'te:applications:ranking';

@Injectable()
export class ApplicationsRepository {
  constructor(
    @InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>,
    @InjectRepository(ApplicantRankingEntity) private readonly rankings: Repository<ApplicantRankingEntity>,
  ) {}

  /** Serialises one candidate's submissions until commit, so the live-application cap holds. */
  async lockCandidate(candidateId: string, em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [CANDIDATE_LOCK, candidateId]);
  }

  /** Serialises rewrites of one opportunity's ranking until commit. */
  async lockRanking(opportunityId: string, em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [RANKING_LOCK, opportunityId]);
  }

  hasLiveApplication(candidateId: string, opportunityId: string, em: EntityManager): Promise<boolean> {
    return em
      .getRepository(ApplicationEntity)
      .existsBy({ candidateId, opportunityId, status: In([...LIVE_APPLICATION_STATUSES]) });
  }

  countLiveApplications(candidateId: string, em: EntityManager): Promise<number> {
    return em
      .getRepository(ApplicationEntity)
      .countBy({ candidateId, status: In([...LIVE_APPLICATION_STATUSES]) });
  }

  insert(
    values: Pick<ApplicationEntity, 'opportunityId' | 'candidateId' | 'status' | 'motivation'>,
    em: EntityManager,
  ): Promise<ApplicationEntity> {
    const repo = em.getRepository(ApplicationEntity);
    return repo.save(repo.create({ ...values, responseDeadline: null }));
  }

  findById(id: string): Promise<ApplicationEntity | null> {
    return this.applications.findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<ApplicationEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.applications.findBy({ id: In([...ids]) });
  }

  /** The application, locked until commit: transitions of one application run one at a time. */
  findByIdForUpdate(id: string, em: EntityManager): Promise<ApplicationEntity | null> {
    return em
      .getRepository(ApplicationEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  listOfCandidate(
    candidateId: string,
    opts: { status?: ApplicationStatus | null; first: number },
  ): Promise<ApplicationEntity[]> {
    return this.applications.find({
      where: opts.status ? { candidateId, status: opts.status } : { candidateId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: opts.first,
    });
  }

  listOfOpportunity(
    opportunityId: string,
    opts: { status?: ApplicationStatus | null; first: number },
  ): Promise<ApplicationEntity[]> {
    return this.applications.find({
      where: opts.status ? { opportunityId, status: opts.status } : { opportunityId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: opts.first,
    });
  }

  async updateStatus(
    id: string,
    changes: Pick<ApplicationEntity, 'status' | 'responseDeadline'>,
    em: EntityManager,
  ): Promise<ApplicationEntity> {
    const repo = em.getRepository(ApplicationEntity);
    await repo.update({ id }, changes);
    return repo.findOneByOrFail({ id });
  }

  async recordTransitions(rows: NewTransition[], em: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    await em.getRepository(ApplicationTransitionEntity).insert(rows);
  }

  /** The transitions of these applications, oldest first, with the actor's display name. */
  transitionsOf(applicationIds: readonly string[]): Promise<TransitionRow[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return this.applications.manager
      .getRepository(ApplicationTransitionEntity)
      .createQueryBuilder('t')
      .leftJoin(UserEntity, 'u', 'u.id = t.actor_id')
      .select([
        't.application_id AS "applicationId"',
        't.from_status AS "fromStatus"',
        't.to_status AS "toStatus"',
        't.actor_id AS "actorId"',
        'u.display_name AS "actorName"',
        't.reason AS "reason"',
        't.at AS "at"',
      ])
      .where('t.application_id IN (:...ids)', { ids: [...applicationIds] })
      .orderBy('t.at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getRawMany<TransitionRow>();
  }

  /**
   * Moves up to `limit` offers whose response deadline passed before `now` to EXPIRED, skipping rows
   * another instance (or a candidate answering) holds locked: safe on several instances at once.
   */
  async expireDueOffers(now: Date, limit: number, em: EntityManager): Promise<ExpiredOffer[]> {
    // For an UPDATE, TypeORM's query() answers [rows, affected].
    const [rows]: [
      { id: string; opportunity_id: string; candidate_id: string; response_deadline: Date }[],
      number,
    ] = await em.query(
      `UPDATE applications SET status = $1, updated_at = now()
          WHERE status = $2 AND id IN (
            SELECT id FROM applications
             WHERE status = $2 AND response_deadline < $3
             ORDER BY response_deadline
             FOR UPDATE SKIP LOCKED
             LIMIT $4)
          RETURNING id, opportunity_id, candidate_id, response_deadline`,
      [ApplicationStatus.EXPIRED, ApplicationStatus.OFFERED, now, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      opportunityId: r.opportunity_id,
      candidateId: r.candidate_id,
      responseDeadline: r.response_deadline,
    }));
  }

  /** Those of `ids` that are live applications of the opportunity. */
  async liveIdsOfOpportunity(
    opportunityId: string,
    ids: readonly string[],
    em: EntityManager,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await em.getRepository(ApplicationEntity).find({
      where: { opportunityId, id: In([...ids]), status: In([...LIVE_APPLICATION_STATUSES]) },
      select: { id: true },
    });
    return new Set(rows.map((r) => r.id));
  }

  /** Replaces the opportunity's ranking with `applicationIds` in order (rank 1 first). */
  async replaceRanking(
    opportunityId: string,
    applicationIds: readonly string[],
    em: EntityManager,
  ): Promise<void> {
    const repo = em.getRepository(ApplicantRankingEntity);
    await repo.delete({ opportunityId });
    if (applicationIds.length === 0) return;
    await repo.insert(
      applicationIds.map((applicationId, i) => ({ opportunityId, applicationId, rank: i + 1 })),
    );
  }

  rankingOf(opportunityId: string): Promise<ApplicantRankingEntity[]> {
    return this.rankings.find({ where: { opportunityId }, order: { rank: 'ASC' } });
  }
}
