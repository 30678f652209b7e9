import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOperator, In, Raw } from 'typeorm';
import { withWorkMem } from '../common/database/work-mem';
import { notRestricted } from '../privacy/restriction-sql';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { ApplicationStatus, CareerStage, OpportunityKind, UserRole } from '../core/domain/enums';
import { CoSupervisionStatus } from '../core/opportunities/co-supervision';
import type { RoundApplication } from '../core/rounds/round-decisions';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from '../opportunities/entities/opportunity.entity';
import { AssessmentEntity } from '../profiles/entities/assessment.entity';
import { ProfileEntity } from '../profiles/entities/profile.entity';
import { UsersDirectory } from '../users/users.directory';
import { closedBySql } from './application-states';

export interface RequirementRow {
  opportunityId: string;
  competenceId: string;
  code: string;
  name: string;
  minLevel: number;
  essential: boolean;
}

export interface PersonRow {
  id: string;
  displayName: string;
  organisationId: string;
}

export interface RankingRow {
  opportunityId: string;
  candidateId: string;
  rank: number;
}

interface LanguageRow {
  code: string;
  level: string;
}

interface WindowRow {
  start: string;
  end: string;
}

/**
 * What an allocation run reads of each of its opportunities, as plain rows (a national round locks
 * 50,000: no entity hydrated per row).
 */
export type RoundOpportunityRow = Pick<
  OpportunityEntity,
  | 'id'
  | 'title'
  | 'capacity'
  | 'seatsTaken'
  | 'hostOrganisationId'
  | 'leadSupervisorId'
  | 'eligibleStages'
  | 'language'
  | 'startsOn'
  | 'endsOn'
>;

/** An opportunity's requirement as the fit score reads it (plain rows). */
export type RequirementFactRow = Pick<
  OpportunityRequirementEntity,
  'opportunityId' | 'competenceId' | 'minLevel' | 'weight' | 'essential'
>;

/** A competence an opportunity develops (plain rows). */
export type DevelopedRow = Pick<OpportunityDevelopedCompetenceEntity, 'opportunityId' | 'competenceId'>;

/** The profile fields the fit score reads. */
export interface FitProfileRow {
  careerStage: string | null;
  languages: LanguageRow[];
  availability: WindowRow[];
}

/**
 * `column = ANY($n)` with the ids as ONE array parameter: a round may hold tens of thousands of
 * opportunities and hundreds of thousands of candidates, beyond PostgreSQL's 65535 bind parameters
 * that `In([...])` would need. `name` must be unique within one query.
 */
function anyOf(name: string, ids: readonly string[]): FindOperator<string> {
  return Raw((alias) => `${alias} = ANY(:${name}::uuid[])`, { [name]: [...ids] });
}

/**
 * The applications feature's reads of the tables around a placement that other features own
 * (opportunities, co-supervisions, requirements, profiles, assessments, competences, users), its
 * set-based reads of its own tables for allocation rounds, and the one write it needs outside its
 * tables: taking a seat. The rounds feature reads through `PlacementContext` (the feature's read
 * service), never this repository. `em` is the use case's transaction when given; ids travel as one
 * array parameter where a round's sets can be large.
 */
@Injectable()
export class ApplicationContextRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersDirectory,
  ) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  /** `pessimistic_read` keeps it from changing until commit; `pessimistic_write` serialises seat takers. */
  findOpportunity(
    id: string,
    em?: EntityManager,
    lock?: 'pessimistic_read' | 'pessimistic_write',
  ): Promise<OpportunityEntity | null> {
    return this.manager(em)
      .getRepository(OpportunityEntity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: lock } } : {}) });
  }

  /** The competences the opportunity develops (what evidence after the placement may cover). */
  async developedCompetenceIds(opportunityId: string, em: EntityManager): Promise<string[]> {
    const rows = await em.getRepository(OpportunityDevelopedCompetenceEntity).findBy({ opportunityId });
    return rows.map((r) => r.competenceId);
  }

  /** `seats` more accepted seats. The CHECK ck_opportunities_seats refuses going over capacity. */
  async takeSeats(opportunityId: string, seats: number, em: EntityManager): Promise<void> {
    await em
      .createQueryBuilder()
      .update(OpportunityEntity)
      .set({ seatsTaken: () => `seats_taken + ${Math.trunc(seats)}` })
      .where('id = :id', { id: opportunityId })
      .execute();
  }

  /** `seats` accepted seats given back (a withdrawal after accepting, a no-show). */
  async releaseSeats(opportunityId: string, seats: number, em: EntityManager): Promise<void> {
    await this.takeSeats(opportunityId, -seats, em);
  }

  async careerStageOf(userId: string, em?: EntityManager): Promise<CareerStage | null> {
    const profile = await this.manager(em)
      .getRepository(ProfileEntity)
      .findOne({ where: { userId }, select: { userId: true, careerStage: true } });
    return profile?.careerStage ?? null;
  }

  async careerStagesOf(userIds: readonly string[]): Promise<Map<string, CareerStage | null>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(ProfileEntity)
      .find({ where: { userId: In([...userIds]) }, select: { userId: true, careerStage: true } });
    return new Map(rows.map((r) => [r.userId, r.careerStage]));
  }

  /** The competences the opportunities ask for, with code and name, in code order. */
  async requirementsOf(
    opportunityIds: readonly string[],
    opts: { essentialOnly?: boolean } = {},
    em?: EntityManager,
  ): Promise<RequirementRow[]> {
    if (opportunityIds.length === 0) return [];
    const qb = this.manager(em)
      .getRepository(OpportunityRequirementEntity)
      .createQueryBuilder('r')
      .innerJoin('r.competence', 'c')
      .select([
        'r.opportunity_id AS "opportunityId"',
        'r.competence_id AS "competenceId"',
        'c.code AS "code"',
        'c.name AS "name"',
        'r.min_level AS "minLevel"',
        'r.essential AS "essential"',
      ])
      .where('r.opportunity_id IN (:...ids)', { ids: [...opportunityIds] })
      .orderBy('c.code', 'ASC');
    if (opts.essentialOnly) qb.andWhere('r.essential = true');
    const rows = await qb.getRawMany<RequirementRow>();
    return rows.map((r) => ({ ...r, minLevel: Number(r.minLevel) }));
  }

  /** The assessments of these people for these competences (all sources, all dates). */
  assessmentsOf(
    personIds: readonly string[],
    competenceIds: readonly string[],
    em?: EntityManager,
  ): Promise<AssessmentEntity[]> {
    if (personIds.length === 0 || competenceIds.length === 0) return Promise.resolve([]);
    return this.manager(em)
      .getRepository(AssessmentEntity)
      .findBy({ personId: In([...personIds]), competenceId: In([...competenceIds]) });
  }

  /** Id, display name and organisation of these people (the users feature's UsersDirectory). */
  peopleByIds(ids: readonly string[]): Promise<PersonRow[]> {
    return this.users.summariesOf(ids);
  }

  findOpportunities(ids: readonly string[], em?: EntityManager): Promise<OpportunityEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.manager(em)
      .getRepository(OpportunityEntity)
      .find({ where: { id: anyOf('opportunityIds', ids) }, order: { id: 'ASC' } });
  }

  /** Locked FOR UPDATE in id order (no deadlocks with other lockers): seats cannot move until commit. */
  lockOpportunities(ids: readonly string[], em: EntityManager): Promise<OpportunityEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em.getRepository(OpportunityEntity).find({
      where: { id: anyOf('opportunityIds', ids) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * What an allocation run reads of these opportunities, in id order, as plain rows (`lock`: FOR
   * UPDATE, in id order like `lockOpportunities`): one array parameter, the columns the run uses,
   * no entity per row (TypeORM's hydration of 50,000 locked opportunities took about 1 s of Node CPU).
   */
  async roundOpportunities(
    ids: readonly string[],
    lock: boolean,
    em: EntityManager,
  ): Promise<RoundOpportunityRow[]> {
    if (ids.length === 0) return [];
    return em.query<RoundOpportunityRow[]>(
      `SELECT id, title, capacity, seats_taken AS "seatsTaken",
              host_organisation_id AS "hostOrganisationId", lead_supervisor_id AS "leadSupervisorId",
              eligible_stages AS "eligibleStages", language,
              starts_on::text AS "startsOn", ends_on::text AS "endsOn"
         FROM opportunities WHERE id = ANY($1::uuid[]) ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
      [[...ids]],
    );
  }

  /** Locks these opportunities FOR UPDATE in id order, reading nothing back. */
  async lockOpportunityIds(ids: readonly string[], em: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    await em.query(`SELECT id FROM opportunities WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [
      [...ids],
    ]);
  }

  /** Co-supervisors who accepted, per opportunity id (every id present): host staff beside the lead supervisor. */
  async acceptedCoSupervisors(
    opportunityIds: readonly string[],
    em?: EntityManager,
  ): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(opportunityIds.map((id) => [id, []]));
    if (opportunityIds.length === 0) return result;
    const rows = await this.manager(em)
      .getRepository(CoSupervisionEntity)
      .findBy({
        opportunityId: anyOf('opportunityIds', opportunityIds),
        status: CoSupervisionStatus.ACCEPTED,
      });
    for (const row of rows) result.get(row.opportunityId)?.push(row.coSupervisorId);
    return result;
  }

  /** True when the user exists and holds the CANDIDATE role (UsersDirectory). */
  isCandidate(userId: string, em?: EntityManager): Promise<boolean> {
    return this.users.hasRole(userId, UserRole.CANDIDATE, em);
  }

  /** User id → organisation id (UsersDirectory: one statement, ids as one array parameter). */
  organisationsOf(userIds: readonly string[], em?: EntityManager): Promise<Map<string, string>> {
    return this.users.organisationsOf(userIds, em);
  }

  /**
   * Live applications of these candidates (all candidates when null) for these opportunities (plain
   * rows); an application a closure lists is REJECTED (application-states.ts) and left out.
   */
  async liveApplications(
    opportunityIds: readonly string[],
    candidateIds: readonly string[] | null,
    em?: EntityManager,
  ): Promise<RoundApplication[]> {
    if (opportunityIds.length === 0 || candidateIds?.length === 0) return [];
    const rows = await this.manager(em).query<
      { id: string; candidate_id: string; opportunity_id: string; status: ApplicationStatus }[]
    >(
      `SELECT a.id, a.candidate_id, a.opportunity_id, a.status FROM applications a
        WHERE a.opportunity_id = ANY($1::uuid[]) AND a.status = ANY($2::text[]) AND NOT ${closedBySql('a')}
          AND ($3::uuid[] IS NULL OR a.candidate_id = ANY($3::uuid[]))
        ORDER BY a.candidate_id, a.opportunity_id`,
      [[...opportunityIds], [...LIVE_APPLICATION_STATUSES], candidateIds ? [...candidateIds] : null],
    );
    return rows.map((r) => ({
      id: r.id,
      candidateId: r.candidate_id,
      opportunityId: r.opportunity_id,
      status: r.status,
    }));
  }

  /**
   * The hosts' rankings of these opportunities, as candidate ids, rank 1 first (live applications
   * only: not closed).
   */
  async rankings(opportunityIds: readonly string[], em: EntityManager): Promise<RankingRow[]> {
    if (opportunityIds.length === 0) return [];
    const rows = await em.query<{ opportunity_id: string; candidate_id: string; rank: number }[]>(
      `SELECT r.opportunity_id, a.candidate_id, r.rank
         FROM applicant_rankings r JOIN applications a ON a.id = r.application_id
        WHERE r.opportunity_id = ANY($1::uuid[]) AND a.status = ANY($2::text[]) AND NOT ${closedBySql('a')}
        ORDER BY r.opportunity_id, r.rank`,
      [[...opportunityIds], [...LIVE_APPLICATION_STATUSES]],
    );
    return rows.map((r) => ({
      opportunityId: r.opportunity_id,
      candidateId: r.candidate_id,
      rank: Number(r.rank),
    }));
  }

  /**
   * The hosts' rankings of these opportunities as `rankings` gives them, per opportunity id (those
   * with a live ranked applicant), the candidate ids rank 1 first: one row per opportunity with its
   * ids at fixed width, not a row object per ranked application (a national round ranks 300,000).
   * The applications are filtered by the ranked opportunities (a hashed `= ANY`) before they are
   * joined with the rankings, and joined on their opportunity too: at 300k x 10 only a tenth of the 3
   * million applications reach the hash join (its PostgreSQL CPU about halved). Closed applications
   * (application-states.ts) are left out by an anti-join with the closures hashed by candidate.
   */
  async rankingsByOpportunity(
    opportunityIds: readonly string[],
    em: EntityManager,
  ): Promise<Map<string, string[]>> {
    if (opportunityIds.length === 0) return new Map();
    const rows = await em.query<{ opportunity_id: string; ids: string }[]>(
      `SELECT r.opportunity_id, string_agg(a.candidate_id::text, '' ORDER BY r.rank) AS ids
         FROM applicant_rankings r
         JOIN applications a ON a.id = r.application_id AND a.opportunity_id = r.opportunity_id
        WHERE r.opportunity_id = ANY($1::uuid[]) AND a.opportunity_id = ANY($1::uuid[])
          AND a.status = ANY($2::text[]) AND NOT ${closedBySql('a')}
        GROUP BY r.opportunity_id`,
      [[...opportunityIds], [...LIVE_APPLICATION_STATUSES]],
    );
    const rankings = new Map<string, string[]>();
    for (const row of rows) {
      const n = row.ids.length / 36;
      const ids = new Array<string>(n);
      for (let k = 0; k < n; k++) ids[k] = row.ids.slice(36 * k, 36 * k + 36);
      rankings.set(row.opportunity_id, ids);
    }
    return rankings;
  }

  /** Opportunities that have a ranking row at all (their host ranked, even if every ranked applicant left). */
  async rankedOpportunities(opportunityIds: readonly string[], em: EntityManager): Promise<Set<string>> {
    if (opportunityIds.length === 0) return new Set();
    const rows = await em.query<{ opportunity_id: string }[]>(
      `SELECT DISTINCT opportunity_id FROM applicant_rankings WHERE opportunity_id = ANY($1::uuid[])`,
      [[...opportunityIds]],
    );
    return new Set(rows.map((r) => r.opportunity_id));
  }

  profilesOf(userIds: readonly string[], em: EntityManager): Promise<ProfileEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return em.getRepository(ProfileEntity).findBy({ userId: anyOf('userIds', userIds) });
  }

  /** What the fit score needs of these people's profiles, by user id (one statement, plain rows). */
  async fitProfilesOf(userIds: readonly string[], em: EntityManager): Promise<Map<string, FitProfileRow>> {
    if (userIds.length === 0) return new Map();
    const rows = await em.query<
      { user_id: string; career_stage: string | null; languages: LanguageRow[]; availability: WindowRow[] }[]
    >(`SELECT user_id, career_stage, languages, availability FROM profiles WHERE user_id = ANY($1::uuid[])`, [
      [...userIds],
    ]);
    return new Map(
      rows.map((r) => [
        r.user_id,
        { careerStage: r.career_stage, languages: r.languages ?? [], availability: r.availability ?? [] },
      ]),
    );
  }

  /**
   * What the fit score needs of these people, column-wise and in their order, in one statement: their
   * profiles as one JSON text (per person `[career stage, languages, availability]`, `null` without a
   * profile) and their assessments of these competences as numbers (per person groups of four:
   * competence index, level, index of the source in `sources`, assessed at in epoch ms, truncated as
   * a Date holds it), for a thread to read: no row object, Date or Map per person here.
   */
  async fitFactsColumnsOf(
    userIds: readonly string[],
    competenceIds: readonly string[],
    sources: readonly string[],
    em: EntityManager,
  ): Promise<{ profilesJson: string; assessments: string }> {
    if (userIds.length === 0) return { profilesJson: '[]', assessments: '' };
    // A whole round's applicants: hashes and sorts in memory (the default 4 MB spilled the grouping of
    // 300,000 assessments to disk), no JIT; the assessments joined with the ids given rather than
    // filtered by `= ANY` of them (the planner estimated that filter element by element: 80 to 180 ms
    // of planning for 100k ids).
    const [row] = await withWorkMem(
      em,
      '256MB',
      () =>
        em.query<{ profiles: string; assessments: string }[]>(
          `WITH p AS (SELECT id, ord FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)),
            k AS (SELECT id, (ord - 1)::int AS k FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)),
            a AS (SELECT a.person_id,
                         string_agg(k.k || ',' || a.level || ',' || (coalesce(array_position($3::text[], a.source), 0) - 1) || ',' ||
                                    floor(extract(epoch FROM a.assessed_at) * 1000)::bigint, ',') AS list
                    FROM p JOIN assessments a ON a.person_id = p.id JOIN k ON k.id = a.competence_id
                   GROUP BY a.person_id)
       SELECT coalesce(json_agg(CASE WHEN pr.user_id IS NULL THEN NULL
                                     ELSE json_build_array(pr.career_stage, pr.languages, pr.availability) END
                                ORDER BY p.ord), '[]')::text AS profiles,
              string_agg(coalesce(a.list, ''), ';' ORDER BY p.ord) AS assessments
         FROM p LEFT JOIN profiles pr ON pr.user_id = p.id LEFT JOIN a ON a.person_id = p.id`,
          [[...userIds], [...competenceIds], [...sources]],
        ),
      { jit: false },
    );
    return { profilesJson: row.profiles, assessments: row.assessments ?? '' };
  }

  /**
   * `fitFactsColumnsOf` for the candidates who chose one of these opportunities in the round (a
   * superset of a run's applicants: every choice of a live list is a row of `round_choices`; found
   * here, not given; people whose processing is restricted left out, as the round leaves them out),
   * sorted by id: their ids at fixed width, their profiles as JSON texts separated by ',' and a
   * newline (a JSON text holds no newline: `null` without a profile; a run of them is part of a JSON
   * array) and their assessments as groups separated by ';' (each value of a group after a ',', so a
   * group may start with one), for a caller to pick the rows it needs without parsing them.
   *
   * The choosers come from `round_choices` (one narrow row per choice), not from the applications:
   * finding them among a national round's 3 million applications (562 MB) and grouping them was half
   * of this statement (3.2 of 6.5 s alone, wave 9). The opportunities are a hashed `= ANY`, not a
   * join with their `unnest` (PostgreSQL sorted the rows for a merge join with it). The candidates
   * are numbered once (their position in id order); the profiles and the assessments are then put in
   * that order by sorting integers, and the assessments are not grouped per person (a group
   * aggregate per person cost about 0.4 s of PostgreSQL CPU for 100k): each person's separator and
   * each assessment are one row of one ordered aggregate.
   */
  async fitFactsRowsOfChoosers(
    roundId: string,
    opportunityIds: readonly string[],
    competenceIds: readonly string[],
    sources: readonly string[],
    em: EntityManager,
  ): Promise<{ n: number; ids: string; profiles: string; assessments: string }> {
    if (opportunityIds.length === 0) return { n: 0, ids: '', profiles: '', assessments: '' };
    const [row] = await withWorkMem(
      em,
      '256MB',
      () =>
        em.query<{ n: number; ids: string; profiles: string; assessments: string }[]>(
          `WITH d AS (SELECT DISTINCT c.candidate_id AS id
                        FROM round_choices c
                       WHERE c.round_id = $2 AND c.opportunity_id = ANY($1::uuid[])),
                p AS (SELECT d.id, (row_number() OVER (ORDER BY d.id) - 1)::int AS i FROM d WHERE ${notRestricted('d.id')}),
                k AS (SELECT id, (ord - 1)::int AS k FROM unnest($3::uuid[]) WITH ORDINALITY AS t(id, ord))
           SELECT (SELECT count(*)::int FROM p) AS n,
                  (SELECT coalesce(string_agg(p.id::text, '' ORDER BY p.i), '') FROM p) AS ids,
                  (SELECT coalesce(string_agg(CASE WHEN pr.user_id IS NULL THEN 'null'
                                                   ELSE '[' || coalesce(to_json(pr.career_stage)::text, 'null') || ',' ||
                                                        pr.languages::text || ',' || pr.availability::text || ']' END,
                                              E',\\n' ORDER BY p.i), '')
                     FROM p LEFT JOIN profiles pr ON pr.user_id = p.id) AS profiles,
                  (SELECT coalesce(string_agg(x.t, '' ORDER BY x.i, x.o), '')
                     FROM (SELECT p.i, 0 AS o, ';' AS t FROM p WHERE p.i > 0
                           UNION ALL
                           SELECT p.i, 1, ',' || k.k || ',' || a.level || ',' ||
                                  (coalesce(array_position($4::text[], a.source), 0) - 1) || ',' ||
                                  floor(extract(epoch FROM a.assessed_at) * 1000)::bigint
                             FROM p JOIN assessments a ON a.person_id = p.id JOIN k ON k.id = a.competence_id) x) AS assessments`,
          [[...opportunityIds], roundId, [...competenceIds], [...sources]],
        ),
      // Hashed, the choosers' DISTINCT took 2.5 s of a national round's 4.4 s alone and were then
      // sorted for their numbering; sorted at once (in parallel) the statement took 3.7 s (wave 12).
      { jit: false, hashAgg: false },
    );
    return row;
  }

  /** The requirement rows of these opportunities (what the fit score reads), in competence order (plain rows). */
  requirementRowsOf(opportunityIds: readonly string[], em: EntityManager): Promise<RequirementFactRow[]> {
    if (opportunityIds.length === 0) return Promise.resolve([]);
    return em.query<RequirementFactRow[]>(
      `SELECT opportunity_id AS "opportunityId", competence_id AS "competenceId", min_level AS "minLevel",
              weight, essential
         FROM opportunity_requirements WHERE opportunity_id = ANY($1::uuid[]) ORDER BY competence_id`,
      [[...opportunityIds]],
    );
  }

  /** The competences these opportunities develop, in competence order (plain rows). */
  developedRowsOf(opportunityIds: readonly string[], em: EntityManager): Promise<DevelopedRow[]> {
    if (opportunityIds.length === 0) return Promise.resolve([]);
    return em.query<DevelopedRow[]>(
      `SELECT opportunity_id AS "opportunityId", competence_id AS "competenceId"
         FROM opportunity_developed_competences WHERE opportunity_id = ANY($1::uuid[]) ORDER BY competence_id`,
      [[...opportunityIds]],
    );
  }

  /**
   * Supervisor id → students they supervise now: OFFERED or ACCEPTED applications on co-supervised
   * projects they lead.
   */
  async supervisionLoads(supervisorIds: readonly string[], em: EntityManager): Promise<Map<string, number>> {
    if (supervisorIds.length === 0) return new Map();
    const rows = await em.query<{ lead_supervisor_id: string; n: string }[]>(
      `SELECT o.lead_supervisor_id, count(*) AS n
         FROM applications a JOIN opportunities o ON o.id = a.opportunity_id
        WHERE o.lead_supervisor_id = ANY($1::uuid[]) AND o.kind = $2 AND a.status = ANY($3::text[])
        GROUP BY o.lead_supervisor_id`,
      [
        [...supervisorIds],
        OpportunityKind.CO_SUPERVISED_PROJECT,
        [ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED],
      ],
    );
    return new Map(rows.map((r) => [r.lead_supervisor_id, Number(r.n)]));
  }

  /**
   * `${candidateId}|${opportunityId}` of HR's eligibility overrides (eligibility_overrides, this
   * feature's table) among these opportunities and candidates (every candidate when null: a round's
   * applicants are 100,000 ids whose `= ANY` costs 0.2 to 0.3 s of planning, for a handful of rows),
   * to HR's reason (one statement, ids as arrays).
   */
  async eligibilityOverridePairs(
    opportunityIds: readonly string[],
    candidateIds: readonly string[] | null,
    em: EntityManager,
  ): Promise<Map<string, string>> {
    if (opportunityIds.length === 0 || candidateIds?.length === 0) return new Map();
    const rows = await em.query<{ candidate_id: string; opportunity_id: string; reason: string }[]>(
      `SELECT candidate_id, opportunity_id, reason FROM eligibility_overrides
        WHERE opportunity_id = ANY($1::uuid[]) AND ($2::uuid[] IS NULL OR candidate_id = ANY($2::uuid[]))`,
      [[...opportunityIds], candidateIds ? [...candidateIds] : null],
    );
    return new Map(rows.map((r) => [`${r.candidate_id}|${r.opportunity_id}`, r.reason]));
  }
}
