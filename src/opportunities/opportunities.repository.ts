import { Injectable } from '@nestjs/common';
import { OpportunityVisibilityScope } from '../access/access.policy';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import { preparedQuery } from '../common/database/prepared-query';
import { CompetenceEntity } from '../competences/entities/competence.entity';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { OpportunityKind, OpportunityStatus } from '../core/domain/enums';
import { CoSupervisionStatus } from '../core/opportunities/co-supervision';
import { ProfileEntity } from '../profiles/entities/profile.entity';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from './entities/opportunity.entity';
import { closedBySql } from '../applications/application-states';

/** Who reads: decided by the access policy, applied here in SQL. */
export type VisibilityScope = OpportunityVisibilityScope | SharedVisibilityScope;

/**
 * What every viewer (with `hrOrganisationId`: every HR of that organisation) sees whatever they
 * host or applied to: the OPEN opportunities before their deadline (and that organisation's). A
 * page read under it is the same for all of them (page-answers.ts shares it).
 */
export interface SharedVisibilityScope {
  readonly all: false;
  readonly userId: null;
  readonly hrOrganisationId: string | null;
}

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
  opportunity: BrowsedOpportunity;
  sortKey: string;
}

/**
 * An opportunity of a page: only the columns its `PageRead` named are set (the others are
 * undefined), with its requirements (and their competences, with the columns named) when they were
 * read with it.
 */
export type BrowsedOpportunity = OpportunityEntity & {
  readonly requirementsRead?: OpportunityRequirementEntity[];
};

/** The columns of an opportunity a page can read, by property. */
export type OpportunityColumn = keyof typeof OPPORTUNITY_COLUMNS;

/** The columns of a requirement's competence a page can read, by property (its id always comes). */
export type RequirementCompetenceColumn = keyof typeof COMPETENCE_COLUMNS;

/**
 * What a page reads: the opportunity's columns (`id` always), and when asked for, each row's
 * requirements with their competences; 'all' for every column.
 */
export interface PageRead {
  columns: ReadonlySet<OpportunityColumn> | 'all';
  requirements: ReadonlySet<RequirementCompetenceColumn> | 'all' | null;
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

  // ---- co-supervision ---------------------------------------------------------------------------------

  findCoSupervision(opportunityId: string, em?: EntityManager): Promise<CoSupervisionEntity | null> {
    return (em ? em.getRepository(CoSupervisionEntity) : this.coSupervisions).findOneBy({ opportunityId });
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

  /** Candidates with a live application (submitted, shortlisted, offered, accepted) to the opportunity. */
  async liveApplicantIdsOf(opportunityId: string, em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT DISTINCT a.candidate_id AS id FROM applications a
        WHERE a.opportunity_id = $1 AND a.status = ANY($2::text[]) AND NOT ${closedBySql('a')}`,
      [opportunityId, LIVE_APPLICATION_STATUSES],
    );
    return rows.map((r) => r.id);
  }

  // ---- applications of a cancelled opportunity ---------------------------------------------------------

  // ---- visibility and browsing ------------------------------------------------------------------------

  async isVisible(id: string, scope: VisibilityScope, now: Date): Promise<boolean> {
    const sql = new SqlParams();
    const where = [`o.id = ${sql.add(id)}`, ...visibilityConditions(scope, now, sql)];
    const rows = await this.opportunities.query<unknown[]>(
      `SELECT 1 FROM opportunities o WHERE ${where.join(' AND ')} LIMIT 1`,
      sql.values,
    );
    return rows.length > 0;
  }

  /**
   * One page in keyset order, in one statement: `first + 1` rows are read to know whether another
   * page follows. Only the columns `read` names, and with `read.requirements` each row's
   * requirements with their competences, aggregated as JSON in the shape of the entities, so the
   * page and its requirements cost one round trip. Plain rows, not through TypeORM's query builder
   * and hydration (the largest CPU cost of a page), and nothing read that the client did not ask for.
   */
  async findPage(
    scope: VisibilityScope,
    filter: OpportunityListFilter,
    sort: OpportunitySort,
    first: number,
    after: readonly string[] | null,
    now: Date,
    read: PageRead,
  ): Promise<{ rows: PagedOpportunity[]; hasNextPage: boolean; earliestDeadline: Date | null }> {
    const sql = new SqlParams();
    const where = filterConditions(scope, filter, now, sql);
    const keyColumn = sort === 'DEADLINE' ? 'o.application_deadline' : 'o.created_at';
    const direction = sort === 'DEADLINE' ? 'ASC' : 'DESC';
    if (after) {
      const op = sort === 'DEADLINE' ? '>' : '<';
      where.push(
        `(${keyColumn}, o.id) ${op} (CAST(${sql.add(after[0])} AS timestamptz), CAST(${sql.add(after[1])} AS uuid))`,
      );
    }
    const limit = sql.add(first + 1);
    const select = selectList(read);
    // A prepared statement: a page's texts are few (filters, order and columns), sent many times a second.
    const raw = await preparedQuery<BrowsedOpportunity & { sortKey: string }>(
      this.opportunities.manager.connection,
      `SELECT ${select}, CAST(${keyColumn} AS text) AS "sortKey"
         FROM opportunities o
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${keyColumn} ${direction}, o.id ${direction}
        LIMIT ${limit}`,
      sql.values,
    );
    const rows: PagedOpportunity[] = [];
    // The first deadline still to come among the rows read (the one after the page too): until
    // then no row leaves the page as time passes (a row leaves the list when its deadline passes,
    // none joins it; a row whose deadline had passed is seen for another reason, which time does
    // not change). Only when the deadlines were read.
    let earliestDeadline: Date | null = null;
    if (read.columns === 'all' || read.columns.has('applicationDeadline')) {
      for (const row of raw) {
        const deadline = row.applicationDeadline;
        if (deadline > now && (earliestDeadline === null || deadline < earliestDeadline)) {
          earliestDeadline = deadline;
        }
      }
    }
    for (let i = 0; i < raw.length && i < first; i++) {
      // The row is the node as it is (its `sortKey` beside the columns is no field of the model).
      const row = raw[i];
      if (row.requirementsRead) timestampsAsDates(row.requirementsRead);
      rows.push({ opportunity: row, sortKey: row.sortKey });
    }
    return { rows, hasNextPage: raw.length > first, earliestDeadline };
  }

  /**
   * How many rows match, and the first application deadline still to come among them (until then
   * time changes no count: rows only leave the list, at their deadline).
   */
  async countMatching(
    scope: VisibilityScope,
    filter: OpportunityListFilter,
    now: Date,
  ): Promise<{ count: number; earliestDeadline: Date | null }> {
    const sql = new SqlParams();
    const where = filterConditions(scope, filter, now, sql);
    const [row] = await this.opportunities.query<{ count: number; earliestDeadline: Date | null }[]>(
      `SELECT count(*)::int AS count,
              min(o.application_deadline) FILTER (WHERE o.application_deadline > ${sql.add(now)}) AS "earliestDeadline"
         FROM opportunities o ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      sql.values,
    );
    return row;
  }

  /**
   * Whether the user sees any opportunity beyond the shared scope (`SharedVisibilityScope` with
   * `hrOrganisationId`): one they lead, co-supervise (invited or accepted) or applied to that is
   * neither OPEN before its deadline nor hosted by that organisation; and the first deadline still
   * to come among all of theirs (when one passes, `personal` may turn true with nothing written).
   */
  async personalReach(
    userId: string,
    hrOrganisationId: string | null,
    now: Date,
  ): Promise<{ personal: boolean; until: Date | null }> {
    const [row] = await this.opportunities.query<{ personal: boolean; until: Date | null }[]>(
      `SELECT coalesce(bool_or(NOT (o.status = $3 AND o.application_deadline > $2)
                               AND o.host_organisation_id IS DISTINCT FROM $4::uuid), false) AS personal,
              min(o.application_deadline) FILTER (WHERE o.application_deadline > $2) AS until
         FROM opportunities o
        WHERE o.id IN (SELECT a.opportunity_id FROM applications a WHERE a.candidate_id = $1
                       UNION ALL
                       SELECT cs.opportunity_id FROM co_supervisions cs
                        WHERE cs.co_supervisor_id = $1 AND cs.status = ANY($5::text[])
                       UNION ALL
                       SELECT l.id FROM opportunities l WHERE l.lead_supervisor_id = $1)`,
      [userId, now, OpportunityStatus.OPEN, hrOrganisationId, ACTIVE_CO_SUPERVISION],
    );
    return row;
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
}

/** Positional parameters of a hand-written statement: `add` returns the placeholder. */
class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Who sees what: admins everything; everyone the OPEN opportunities before their deadline; HR all of
 * their organisation's; supervisors the ones they lead or co-supervise (invited or accepted);
 * applicants the ones they applied to, whatever their state.
 */
function visibilityConditions(scope: VisibilityScope, now: Date, sql: SqlParams): string[] {
  if (scope.all) return [];
  const any = [
    `(o.status = ${sql.add(OpportunityStatus.OPEN)} AND o.application_deadline > ${sql.add(now)})`,
  ];
  if (scope.userId !== null) {
    const viewer = sql.add(scope.userId);
    any.push(
      `o.lead_supervisor_id = ${viewer}`,
      `EXISTS (SELECT 1 FROM co_supervisions vcs WHERE vcs.opportunity_id = o.id
               AND vcs.co_supervisor_id = ${viewer} AND vcs.status = ANY(${sql.add(ACTIVE_CO_SUPERVISION)}::text[]))`,
      `EXISTS (SELECT 1 FROM applications va WHERE va.opportunity_id = o.id AND va.candidate_id = ${viewer})`,
    );
  }
  if (scope.hrOrganisationId) any.push(`o.host_organisation_id = ${sql.add(scope.hrOrganisationId)}`);
  return [`(${any.join(' OR ')})`];
}

/** The visibility and the filter of a list, as conditions on `opportunities o`. */
function filterConditions(
  scope: VisibilityScope,
  filter: OpportunityListFilter,
  now: Date,
  sql: SqlParams,
): string[] {
  const where = visibilityConditions(scope, now, sql);
  if (filter.kind) where.push(`o.kind = ${sql.add(filter.kind)}`);
  if (filter.hostOrganisationId) where.push(`o.host_organisation_id = ${sql.add(filter.hostOrganisationId)}`);
  if (filter.status?.length) where.push(`o.status = ANY(${sql.add(filter.status)}::text[])`);
  if (filter.competenceId) {
    const cid = sql.add(filter.competenceId);
    where.push(
      `(EXISTS (SELECT 1 FROM opportunity_requirements r WHERE r.opportunity_id = o.id AND r.competence_id = ${cid})
        OR EXISTS (SELECT 1 FROM opportunity_developed_competences d
                    WHERE d.opportunity_id = o.id AND d.competence_id = ${cid}))`,
    );
  }
  if (filter.eligibleStage) {
    // `@>` can use the GIN index on eligible_stages.
    where.push(
      `(cardinality(o.eligible_stages) = 0 OR o.eligible_stages @> ARRAY[${sql.add(filter.eligibleStage)}]::text[])`,
    );
  }
  if (filter.startsAfter) where.push(`o.starts_on >= ${sql.add(filter.startsAfter)}`);
  if (filter.endsBefore) where.push(`o.ends_on <= ${sql.add(filter.endsBefore)}`);
  if (filter.text) {
    // Words by their stems, in English or in Dutch (the GIN indexes of migration ListAndSearchIndexes).
    const words = sql.add(filter.text);
    where.push(
      `(${OPPORTUNITY_TEXT('english')} @@ websearch_to_tsquery('english', ${words})
        OR ${OPPORTUNITY_TEXT('dutch')} @@ websearch_to_tsquery('dutch', ${words}))`,
    );
  }
  return where;
}

/** An opportunity's words in a text search configuration: the expression its GIN index is made on. */
const OPPORTUNITY_TEXT = (config: 'english' | 'dutch') =>
  `to_tsvector('${config}'::regconfig, o.title || ' ' || o.description)`;

/** An opportunity's columns as a page selects them, named as the entity's properties. */
const OPPORTUNITY_COLUMNS = {
  id: 'o.id',
  kind: 'o.kind',
  title: 'o.title',
  description: 'o.description',
  status: 'o.status',
  hostOrganisationId: 'o.host_organisation_id',
  hostDepartmentId: 'o.host_department_id',
  leadSupervisorId: 'o.lead_supervisor_id',
  startsOn: 'CAST(o.starts_on AS text)',
  endsOn: 'CAST(o.ends_on AS text)',
  capacity: 'o.capacity',
  seatsTaken: 'o.seats_taken',
  applicationDeadline: 'o.application_deadline',
  eligibleStages: 'o.eligible_stages',
  language: 'o.language',
  workMode: 'o.work_mode',
  details: 'o.details',
  confidentialDetails: 'o.confidential_details',
  reviewComment: 'o.review_comment',
  cancelReason: 'o.cancel_reason',
  createdAt: 'o.created_at',
  updatedAt: 'o.updated_at',
} satisfies Partial<Record<keyof OpportunityEntity, string>>;

/** A requirement's competence's columns as a page selects them (in its JSON), by property. */
const COMPETENCE_COLUMNS = {
  code: 'c.code',
  name: 'c.name',
  description: 'c.description',
  areaId: 'c.area_id',
  externalUri: 'c.external_uri',
  retiredAt: 'c.retired_at',
  createdAt: 'c.created_at',
} satisfies Partial<Record<keyof CompetenceEntity, string>>;

const ALL_OPPORTUNITY_COLUMNS = Object.keys(OPPORTUNITY_COLUMNS) as OpportunityColumn[];
const ALL_COMPETENCE_COLUMNS = Object.keys(COMPETENCE_COLUMNS) as RequirementCompetenceColumn[];

/** The select list of a page: the columns asked for, each named as its property, and the requirements. */
function selectList(read: PageRead): string {
  const columns = read.columns === 'all' ? ALL_OPPORTUNITY_COLUMNS : ['id' as const, ...read.columns];
  const select = [...new Set(columns)].map((c) => `${OPPORTUNITY_COLUMNS[c]} AS "${c}"`);
  if (read.requirements) select.push(`${requirementsJson(read.requirements)} AS "requirementsRead"`);
  return select.join(', ');
}

/**
 * An opportunity's requirements with their competences as JSON in the shape of the entities, in the
 * order `findRequirementsOfMany` uses; of each competence its id and the columns asked for.
 */
function requirementsJson(columns: ReadonlySet<RequirementCompetenceColumn> | 'all'): string {
  const competence = (columns === 'all' ? ALL_COMPETENCE_COLUMNS : [...columns])
    .map((c) => `, '${c}', ${COMPETENCE_COLUMNS[c]}`)
    .join('');
  return `(SELECT COALESCE(json_agg(json_build_object(
      'opportunityId', r.opportunity_id, 'competenceId', r.competence_id, 'minLevel', r.min_level,
      'weight', r.weight, 'essential', r.essential, 'competence', json_build_object('id', c.id${competence}))
      ORDER BY r.essential DESC, r.weight DESC, r.competence_id), '[]')
    FROM opportunity_requirements r JOIN competences c ON c.id = r.competence_id
   WHERE r.opportunity_id = o.id)`;
}

/** JSON carries a competence's timestamps as text: as the Dates the entity holds (when read). */
function timestampsAsDates(requirements: OpportunityRequirementEntity[]): void {
  for (const r of requirements) {
    const c = r.competence as (CompetenceEntity & { retiredAt?: unknown; createdAt?: unknown }) | undefined;
    if (!c) continue;
    if (typeof c.retiredAt === 'string') c.retiredAt = new Date(c.retiredAt);
    if (typeof c.createdAt === 'string') c.createdAt = new Date(c.createdAt);
  }
}
