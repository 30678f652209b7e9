import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { CompetenceEntity } from '../competences/entities/competence.entity';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { ApplicationStatus, OpportunityKind, OpportunityStatus } from '../core/domain/enums';
import { CoSupervisionStatus } from '../core/opportunities/co-supervision';
import { ProfileEntity } from '../profiles/entities/profile.entity';
import { UserEntity } from '../users/entities/user.entity';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from './entities/opportunity.entity';

/** Who reads: everything (admin), or a user with their organisation when they are HR there. */
export type VisibilityScope =
  | { readonly all: true }
  | { readonly all: false; readonly userId: string; readonly hrOrganisationId: string | null };

export interface OpportunityListFilter {
  kind?: OpportunityKind;
  hostOrganisationId?: string;
  competenceId?: string;
  eligibleStage?: string;
  startsAfter?: string;
  endsBefore?: string;
  text?: string;
  status?: OpportunityStatus[];
}

export type OpportunitySort = 'DEADLINE' | 'NEWEST';

/** The sort key as PostgreSQL prints it (microseconds kept), for exact keyset cursors. */
export interface PagedOpportunity {
  opportunity: OpportunityEntity;
  sortKey: string;
}

export type RequirementValues = Pick<
  OpportunityRequirementEntity,
  'competenceId' | 'minLevel' | 'weight' | 'essential'
>;

export type NewOpportunity = Omit<
  OpportunityEntity,
  | 'id'
  | 'status'
  | 'seatsTaken'
  | 'reviewComment'
  | 'cancelReason'
  | 'createdAt'
  | 'updatedAt'
  | 'hostOrganisation'
  | 'hostDepartment'
  | 'leadSupervisor'
>;

/** Co-supervisors who count as host staff: invited (to decide) or accepted. */
const ACTIVE_CO_SUPERVISION: readonly string[] = [CoSupervisionStatus.INVITED, CoSupervisionStatus.ACCEPTED];

/** Applicants from SHORTLISTED on see the confidential details. */
export const CONFIDENTIAL_APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  ApplicationStatus.SHORTLISTED,
  ApplicationStatus.OFFERED,
  ApplicationStatus.ACCEPTED,
  ApplicationStatus.COMPLETED,
];

/** Statuses in which a co-supervised project holds its supervisors' load. */
const LOAD_HOLDING_STATUSES: readonly OpportunityStatus[] = [
  OpportunityStatus.OPEN,
  OpportunityStatus.CLOSED,
  OpportunityStatus.ALLOCATED,
];

export const DEFAULT_SUPERVISION_CAPACITY = 4;

@Injectable()
export class OpportunitiesRepository {
  constructor(
    @InjectRepository(OpportunityEntity) private readonly opportunities: Repository<OpportunityEntity>,
    @InjectRepository(OpportunityRequirementEntity)
    private readonly requirements: Repository<OpportunityRequirementEntity>,
    @InjectRepository(OpportunityDevelopedCompetenceEntity)
    private readonly developed: Repository<OpportunityDevelopedCompetenceEntity>,
    @InjectRepository(CoSupervisionEntity) private readonly coSupervisions: Repository<CoSupervisionEntity>,
    @InjectRepository(CompetenceEntity) private readonly competences: Repository<CompetenceEntity>,
  ) {}

  // ---- single rows ------------------------------------------------------------------------------

  findById(id: string): Promise<OpportunityEntity | null> {
    return this.opportunities.findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<OpportunityEntity[]> {
    return this.opportunities.findBy({ id: In([...ids]) });
  }

  /**
   * The opportunity row locked FOR UPDATE until `em`'s transaction ends: lifecycle moves, edits and
   * seat-taking on one opportunity run one after another.
   */
  findForUpdate(id: string, em: EntityManager): Promise<OpportunityEntity | null> {
    return em
      .getRepository(OpportunityEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(values: NewOpportunity, em: EntityManager): Promise<OpportunityEntity> {
    const repo = em.getRepository(OpportunityEntity);
    return repo.save(repo.create({ ...values, status: OpportunityStatus.DRAFT }));
  }

  save(opportunity: OpportunityEntity, em: EntityManager): Promise<OpportunityEntity> {
    return em.getRepository(OpportunityEntity).save(opportunity);
  }

  async replaceRequirements(
    opportunityId: string,
    requirements: readonly RequirementValues[],
    em: EntityManager,
  ): Promise<void> {
    await em.getRepository(OpportunityRequirementEntity).delete({ opportunityId });
    if (requirements.length === 0) return;
    await em
      .getRepository(OpportunityRequirementEntity)
      .insert(requirements.map((r) => ({ ...r, opportunityId })));
  }

  async replaceDevelopedCompetences(
    opportunityId: string,
    competenceIds: readonly string[],
    em: EntityManager,
  ): Promise<void> {
    await em.getRepository(OpportunityDevelopedCompetenceEntity).delete({ opportunityId });
    if (competenceIds.length === 0) return;
    await em
      .getRepository(OpportunityDevelopedCompetenceEntity)
      .insert(competenceIds.map((competenceId) => ({ opportunityId, competenceId })));
  }

  findRequirementsOf(opportunityId: string, em: EntityManager): Promise<OpportunityRequirementEntity[]> {
    return em.getRepository(OpportunityRequirementEntity).findBy({ opportunityId });
  }

  // ---- relations, batched for the loaders ------------------------------------------------------------

  /** With their competences joined: one statement per page whatever the timing of the loaders. */
  findRequirementsOfMany(opportunityIds: readonly string[]): Promise<OpportunityRequirementEntity[]> {
    return this.requirements.find({
      where: { opportunityId: In([...opportunityIds]) },
      relations: { competence: true },
      order: { essential: 'DESC', weight: 'DESC', competenceId: 'ASC' },
    });
  }

  /** With their competences joined. */
  findDevelopedCompetencesOfMany(
    opportunityIds: readonly string[],
  ): Promise<OpportunityDevelopedCompetenceEntity[]> {
    return this.developed.find({
      where: { opportunityId: In([...opportunityIds]) },
      relations: { competence: true },
      order: { competenceId: 'ASC' },
    });
  }

  findCoSupervisionsOfMany(opportunityIds: readonly string[]): Promise<CoSupervisionEntity[]> {
    return this.coSupervisions.findBy({ opportunityId: In([...opportunityIds]) });
  }

  findCompetencesByIds(ids: readonly string[]): Promise<CompetenceEntity[]> {
    return this.competences.findBy({ id: In([...ids]) });
  }

  /** Id and retirement of the given competences (unknown ids are missing from the result). */
  findCompetenceStates(
    ids: readonly string[],
    em: EntityManager,
  ): Promise<Pick<CompetenceEntity, 'id' | 'retiredAt'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em
      .getRepository(CompetenceEntity)
      .find({ select: { id: true, retiredAt: true }, where: { id: In([...ids]) } });
  }

  /**
   * Of `opportunityIds`, those whose confidential details `userId` may read as co-supervisor (invited
   * or accepted) or as an applicant shortlisted or further. One query for a whole page.
   */
  async confidentialReadableBy(userId: string, opportunityIds: readonly string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.opportunities.query(
      `SELECT cs.opportunity_id AS id FROM co_supervisions cs
        WHERE cs.opportunity_id = ANY($1::uuid[]) AND cs.co_supervisor_id = $2 AND cs.status = ANY($3::text[])
       UNION
       SELECT a.opportunity_id AS id FROM applications a
        WHERE a.opportunity_id = ANY($1::uuid[]) AND a.candidate_id = $2 AND a.status = ANY($4::text[])`,
      [opportunityIds, userId, ACTIVE_CO_SUPERVISION, CONFIDENTIAL_APPLICATION_STATUSES],
    );
    return new Set(rows.map((r) => r.id));
  }

  // ---- co-supervision ---------------------------------------------------------------------------------

  findCoSupervision(opportunityId: string, em?: EntityManager): Promise<CoSupervisionEntity | null> {
    return (em ? em.getRepository(CoSupervisionEntity) : this.coSupervisions).findOneBy({ opportunityId });
  }

  /**
   * Whether `userId` co-supervises the opportunity: invited or accepted, or with `acceptedOnly`, only
   * once they accepted.
   */
  isCoSupervisor(
    opportunityId: string,
    userId: string,
    opts: { acceptedOnly: boolean },
    em?: EntityManager,
  ): Promise<boolean> {
    return (em ? em.getRepository(CoSupervisionEntity) : this.coSupervisions).existsBy({
      opportunityId,
      coSupervisorId: userId,
      status: opts.acceptedOnly ? CoSupervisionStatus.ACCEPTED : In([...ACTIVE_CO_SUPERVISION]),
    });
  }

  /** Invites `coSupervisorId`, replacing an earlier invitation (one co-supervisor per project). */
  async putInvitation(opportunityId: string, coSupervisorId: string, em: EntityManager): Promise<void> {
    await em.getRepository(CoSupervisionEntity).upsert(
      {
        opportunityId,
        coSupervisorId,
        status: CoSupervisionStatus.INVITED,
        declineReason: null,
        respondedAt: null,
      },
      ['opportunityId'],
    );
  }

  async setCoSupervisionStatus(
    opportunityId: string,
    values: Pick<CoSupervisionEntity, 'status' | 'declineReason' | 'respondedAt'>,
    em: EntityManager,
  ): Promise<void> {
    await em.getRepository(CoSupervisionEntity).update({ opportunityId }, values);
  }

  /** The active co-supervisions of a user, newest first. */
  findActiveCoSupervisionsOf(userId: string): Promise<CoSupervisionEntity[]> {
    return this.coSupervisions.find({
      where: { coSupervisorId: userId, status: In([...ACTIVE_CO_SUPERVISION]) },
      order: { updatedAt: 'DESC' },
    });
  }

  // ---- supervisor load --------------------------------------------------------------------------

  /** Serialises load checks of these supervisors until the transaction ends (sorted: no deadlocks). */
  async lockSupervisorLoads(userIds: readonly string[], em: EntityManager): Promise<void> {
    for (const id of [...new Set(userIds)].sort()) {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`supervisor-load:${id}`]);
    }
  }

  /** The supervisor's load cap: profiles.supervision_capacity, or the default without a profile. */
  async supervisionCapacityOf(userId: string, em: EntityManager): Promise<number> {
    const profile = await em
      .getRepository(ProfileEntity)
      .findOne({ select: { userId: true, supervisionCapacity: true }, where: { userId } });
    return profile?.supervisionCapacity ?? DEFAULT_SUPERVISION_CAPACITY;
  }

  /**
   * The students a supervisor holds at once: the capacity of the co-supervised projects in OPEN,
   * CLOSED or ALLOCATED where they are lead or accepted co-supervisor, except `excludeId`.
   */
  async supervisionLoadOf(userId: string, excludeId: string, em: EntityManager): Promise<number> {
    const [row] = await em.query<{ load: string }[]>(
      `SELECT COALESCE(SUM(o.capacity), 0) AS load FROM opportunities o
        WHERE o.kind = $1 AND o.status = ANY($2::text[]) AND o.id <> $3
          AND (o.lead_supervisor_id = $4 OR EXISTS (
                SELECT 1 FROM co_supervisions cs
                 WHERE cs.opportunity_id = o.id AND cs.co_supervisor_id = $4 AND cs.status = $5))`,
      [
        OpportunityKind.CO_SUPERVISED_PROJECT,
        LOAD_HOLDING_STATUSES,
        excludeId,
        userId,
        CoSupervisionStatus.ACCEPTED,
      ],
    );
    return Number(row.load);
  }

  // ---- users -----------------------------------------------------------------------------------------

  /** The HR staff of an organisation: who approves its proposals. */
  async hrUserIdsOf(organisationId: string, em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM users WHERE organisation_id = $1 AND 'HR' = ANY(roles) ORDER BY id`,
      [organisationId],
    );
    return rows.map((r) => r.id);
  }

  /** Candidates with a live application (submitted, shortlisted, offered, accepted) to the opportunity. */
  async liveApplicantIdsOf(opportunityId: string, em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT DISTINCT candidate_id AS id FROM applications WHERE opportunity_id = $1 AND status = ANY($2::text[])`,
      [opportunityId, LIVE_APPLICATION_STATUSES],
    );
    return rows.map((r) => r.id);
  }

  findUser(id: string, em: EntityManager): Promise<UserEntity | null> {
    return em.getRepository(UserEntity).findOneBy({ id });
  }

  // ---- applications of a cancelled opportunity ---------------------------------------------------------

  /**
   * Ends the live applications in `fromStatuses` as REJECTED with `reason`, recording each transition
   * as the system's. Set-based: one statement for all of them.
   */
  async rejectApplications(
    opportunityId: string,
    fromStatuses: readonly ApplicationStatus[],
    reason: string,
    em: EntityManager,
  ): Promise<number> {
    const rows = await em.query<{ id: string }[]>(
      `WITH ended AS (
         UPDATE applications a SET status = $3, updated_at = now()
           FROM applications old
          WHERE old.id = a.id AND a.opportunity_id = $1 AND a.status = ANY($2::text[])
          RETURNING a.id, old.status AS from_status
       )
       INSERT INTO application_transitions (application_id, from_status, to_status, actor_id, reason)
       SELECT id, from_status, $3, NULL, $4 FROM ended
       RETURNING application_id AS id`,
      [opportunityId, fromStatuses, ApplicationStatus.REJECTED, reason],
    );
    return rows.length;
  }

  // ---- visibility and browsing ------------------------------------------------------------------------

  async isVisible(id: string, scope: VisibilityScope, now: Date): Promise<boolean> {
    const qb = this.opportunities.createQueryBuilder('o').where('o.id = :id', { id });
    applyVisibility(qb, scope, now);
    return (await qb.getCount()) > 0;
  }

  /** One page in keyset order: `first + 1` rows are read to know whether another page follows. */
  async findPage(
    scope: VisibilityScope,
    filter: OpportunityListFilter,
    sort: OpportunitySort,
    first: number,
    after: readonly string[] | null,
    now: Date,
  ): Promise<{ rows: PagedOpportunity[]; hasNextPage: boolean }> {
    const qb = this.filtered(scope, filter, now);
    const keyColumn = sort === 'DEADLINE' ? 'o.applicationDeadline' : 'o.createdAt';
    const direction = sort === 'DEADLINE' ? 'ASC' : 'DESC';
    qb.addSelect(
      `CAST(${sort === 'DEADLINE' ? '"o"."application_deadline"' : '"o"."created_at"'} AS text)`,
      'sort_key',
    );
    if (after) {
      const op = sort === 'DEADLINE' ? '>' : '<';
      qb.andWhere(`(${keyColumn}, o.id) ${op} (CAST(:afterKey AS timestamptz), CAST(:afterId AS uuid))`, {
        afterKey: after[0],
        afterId: after[1],
      });
    }
    qb.orderBy(keyColumn, direction)
      .addOrderBy('o.id', direction)
      .limit(first + 1);
    const { entities, raw } = await qb.getRawAndEntities<{ o_id: string; sort_key: string }>();
    const keys = new Map(raw.map((r) => [r.o_id, r.sort_key]));
    const rows = entities.map((opportunity) => ({ opportunity, sortKey: keys.get(opportunity.id) ?? '' }));
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  countMatching(scope: VisibilityScope, filter: OpportunityListFilter, now: Date): Promise<number> {
    return this.filtered(scope, filter, now).getCount();
  }

  /** The opportunities a supervisor leads or co-supervises (invited or accepted), newest first. */
  findOfSupervisor(userId: string): Promise<OpportunityEntity[]> {
    return this.opportunities
      .createQueryBuilder('o')
      .where(
        new Brackets((w) =>
          w.where('o.leadSupervisorId = :uid').orWhere(
            `EXISTS (SELECT 1 FROM co_supervisions cs WHERE cs.opportunity_id = o.id
                       AND cs.co_supervisor_id = :uid AND cs.status IN (:...activeCo))`,
          ),
        ),
        { uid: userId, activeCo: ACTIVE_CO_SUPERVISION },
      )
      .orderBy('o.createdAt', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(500)
      .getMany();
  }

  private filtered(
    scope: VisibilityScope,
    filter: OpportunityListFilter,
    now: Date,
  ): SelectQueryBuilder<OpportunityEntity> {
    const qb = this.opportunities.createQueryBuilder('o');
    applyVisibility(qb, scope, now);
    if (filter.kind) qb.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.hostOrganisationId) {
      qb.andWhere('o.hostOrganisationId = :hostOrg', { hostOrg: filter.hostOrganisationId });
    }
    if (filter.status?.length) qb.andWhere('o.status IN (:...statuses)', { statuses: filter.status });
    if (filter.competenceId) {
      qb.andWhere(
        `(EXISTS (SELECT 1 FROM opportunity_requirements r WHERE r.opportunity_id = o.id AND r.competence_id = :cid)
          OR EXISTS (SELECT 1 FROM opportunity_developed_competences d
                      WHERE d.opportunity_id = o.id AND d.competence_id = :cid))`,
        { cid: filter.competenceId },
      );
    }
    if (filter.eligibleStage) {
      // `@>` can use the GIN index on eligible_stages.
      qb.andWhere(
        '(cardinality(o.eligible_stages) = 0 OR o.eligible_stages @> CAST(ARRAY[:stage] AS text[]))',
        {
          stage: filter.eligibleStage,
        },
      );
    }
    if (filter.startsAfter) qb.andWhere('o.startsOn >= :startsAfter', { startsAfter: filter.startsAfter });
    if (filter.endsBefore) qb.andWhere('o.endsOn <= :endsBefore', { endsBefore: filter.endsBefore });
    if (filter.text) {
      const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(o.title ILIKE :text OR o.description ILIKE :text)', { text: pattern });
    }
    return qb;
  }
}

/**
 * Who sees what: admins everything; everyone the OPEN opportunities before their deadline; HR all of
 * their organisation's; supervisors the ones they lead or co-supervise (invited or accepted);
 * applicants the ones they applied to, whatever their state.
 */
function applyVisibility(qb: SelectQueryBuilder<OpportunityEntity>, scope: VisibilityScope, now: Date): void {
  if (scope.all) return;
  qb.andWhere(
    new Brackets((w) => {
      w.where('(o.status = :openStatus AND o.applicationDeadline > :now)', {
        openStatus: OpportunityStatus.OPEN,
        now,
      });
      if (scope.hrOrganisationId) {
        w.orWhere('o.hostOrganisationId = :viewerHrOrg', { viewerHrOrg: scope.hrOrganisationId });
      }
      w.orWhere('o.leadSupervisorId = :viewerId', { viewerId: scope.userId });
      w.orWhere(
        `EXISTS (SELECT 1 FROM co_supervisions vcs WHERE vcs.opportunity_id = o.id
                   AND vcs.co_supervisor_id = :viewerId AND vcs.status IN (:...viewerActiveCo))`,
        { viewerActiveCo: ACTIVE_CO_SUPERVISION },
      );
      w.orWhere(
        'EXISTS (SELECT 1 FROM applications va WHERE va.opportunity_id = o.id AND va.candidate_id = :viewerId)',
      );
    }),
  );
}
