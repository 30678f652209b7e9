import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { holdsCandidateRole, inCandidatePool } from '../access/candidate-pool-sql';
import { CandidatePoolScope } from '../access/access.policy';
import { CareerStage } from '../core/domain/enums';
import { notRestricted } from '../privacy/restriction-sql';
import { CandidateReachIndex, ReachPerson, ReachRequirement } from './matching-candidates.reach-index';
import { CHANGE_FEEDS_RELOAD_AFTER_MS } from './recommendations.retention';
import { AvailabilityWindow, ProfileLanguage } from '../profiles/entities/profile.entity';
import {
  AssessmentTuple,
  assessmentTuplesSql,
  assessmentsOf,
  PersonFitRows,
  TargetTuple,
  targetRequirementsOf,
  targetTuplesSql,
} from './fit-facts';
import { closedBySql } from '../applications/application-states';

/** A person in the pool of `matchingCandidates`, with the profile fields and rows the fit score needs. */
export interface PoolMember extends PersonFitRows {
  userId: string;
  displayName: string;
  organisationId: string;
  applied: boolean;
}

export interface PoolQuery {
  opportunityId: string;
  viewerId: string;
  /** Admins: every candidate is findable. */
  all: boolean;
  /** HR: every candidate of this organisation is findable too. */
  hrOrganisationId: string | null;
  /** Most findable (non-applicant) people read; applicants are always all in. */
  findableLimit: number;
  /** The opportunity's requirements, when the caller has read them already (else read here). */
  requirements?: readonly ReachRequirement[];
}

interface RawPoolRow {
  user_id: string;
  display_name: string;
  organisation_id: string;
  career_stage: CareerStage | null;
  languages: ProfileLanguage[] | null;
  availability: AvailabilityWindow[] | null;
  applied: boolean;
  assessments: AssessmentTuple[];
  targets: TargetTuple[];
}

/**
 * The columns of a pool member's facts for the fit score, beside `u` (users) and `p` (profiles): the
 * profile's fields, their assessments of the required competences (`req`) and of their target roles'
 * competences, and their target roles' requirements, as the tables hold them (the core's rules turn
 * them into effective levels and development targets). Timestamps as epoch milliseconds.
 */
const MEMBER_COLUMNS = `u.id AS user_id, u.display_name, u.organisation_id,
       p.career_stage, p.languages, p.availability,
       ${assessmentTuplesSql(`s.person_id = u.id
           AND (s.competence_id IN (SELECT competence_id FROM req)
                OR s.competence_id IN (SELECT rr.competence_id FROM person_target_roles t
                                         JOIN role_requirements rr ON rr.role_profile_id = t.role_profile_id
                                        WHERE t.person_id = u.id))`)} AS assessments,
       ${targetTuplesSql('u.id')} AS targets`;

/**
 * The authoritative check of a findable person on `u` (users) and `p` (profiles): the access policy's
 * pool rule and the processing restriction.
 */
function passesPoolRule(scope: CandidatePoolScope, param: (value: unknown) => string): string {
  return `${inCandidatePool(
    scope,
    {
      candidate: holdsCandidateRole('u.roles', param),
      visibility: 'p.visibility',
      organisationId: 'u.organisation_id',
    },
    param,
  )} AND ${notRestricted('u.id')}`;
}

/**
 * The opportunity's requirements (`req`) and live applicants not restricted (`applicants`; an
 * application a closure lists is REJECTED, application-states.ts); `$1`, `$2`.
 */
const REQUIREMENTS_AND_APPLICANTS = `req AS (
       SELECT competence_id, min_level FROM opportunity_requirements WHERE opportunity_id = $1
     ), applicants AS (
       SELECT DISTINCT a.candidate_id AS user_id FROM applications a
        WHERE a.opportunity_id = $1 AND a.status = ANY($2::text[]) AND NOT ${closedBySql('a')}
          AND ${notRestricted('a.candidate_id')}
     )`;

/**
 * The pool query of `findCandidatePool` (without the fill-up by id), as text and parameters: the
 * benchmark explains it.
 */
export function candidatePoolQuery(q: PoolQuery): { text: string; params: unknown[] } {
  const params: unknown[] = [q.opportunityId, LIVE_APPLICATION_STATUSES, q.viewerId, q.findableLimit];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const scope = { all: q.all, hrOrganisationId: q.hrOrganisationId };
  const listed = inCandidatePool(
    scope,
    { candidate: 'cl.candidate', visibility: 'cl.visibility', organisationId: 'cl.organisation_id' },
    param,
  );
  const authoritative = passesPoolRule(scope, param);
  // The lookups by id are LATERAL ... LIMIT 1, so that they stay lookups (nested loops over the few
  // people chosen) whatever PostgreSQL estimates, never a scan of users.
  const text = `WITH ${REQUIREMENTS_AND_APPLICANTS}, listed AS (
       -- Everyone in scope at or above each requirement's minimum (one index range per requirement),
       -- with how many requirements they reach.
       SELECT cl.person_id, count(*) AS reached, max(cl.total_level) AS total_level
         FROM req r
         JOIN candidate_pool_levels cl ON cl.competence_id = r.competence_id AND cl.level >= r.min_level
        WHERE cl.person_id <> $3 AND ${listed}
        GROUP BY cl.person_id
     ), ranked AS (
       SELECT l.person_id, l.total_level, l.reached
         FROM listed l
        WHERE NOT EXISTS (SELECT 1 FROM applicants ap WHERE ap.user_id = l.person_id)
        ORDER BY l.reached DESC, l.total_level DESC, l.person_id
     ), findable AS (
       -- In rank order (the order ranked already has), checked until enough pass.
       SELECT ranked.person_id AS user_id FROM ranked
        CROSS JOIN LATERAL (
          SELECT 1 FROM users u LEFT JOIN profiles p ON p.user_id = u.id
           WHERE u.id = ranked.person_id AND ${authoritative}
           LIMIT 1
        ) allowed
        ORDER BY ranked.reached DESC, ranked.total_level DESC, ranked.person_id
        LIMIT $4
     ), pool AS (
       SELECT user_id, true AS applied FROM applicants UNION ALL SELECT user_id, false FROM findable
     )
     SELECT m.* FROM pool
      CROSS JOIN LATERAL (
        SELECT ${MEMBER_COLUMNS}, pool.applied
          FROM users u LEFT JOIN profiles p ON p.user_id = u.id
         WHERE u.id = pool.user_id
         LIMIT 1
      ) m`;
  return { text, params };
}

/**
 * The pool of `findCandidatePool` for people already ranked (by the reach index, in the order of
 * `candidatePoolQuery`): the applicants (when `withApplicants`), then of `ranked` those who pass the
 * pool rule and the restriction on users and profiles and are not applicants, in the given order, at
 * most `findableLimit`. With the same ranking this returns what `candidatePoolQuery` returns.
 */
function checkedPoolQuery(
  q: PoolQuery,
  ranked: readonly string[],
  withApplicants: boolean,
): { text: string; params: unknown[] } {
  const params: unknown[] = [q.opportunityId, LIVE_APPLICATION_STATUSES, ranked, q.findableLimit];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const authoritative = passesPoolRule({ all: q.all, hrOrganisationId: q.hrOrganisationId }, param);
  const text = `WITH ${REQUIREMENTS_AND_APPLICANTS}, ranked AS (
       SELECT x.person_id, x.ord FROM unnest($3::uuid[]) WITH ORDINALITY AS x(person_id, ord)
     ), findable AS (
       SELECT ranked.person_id AS user_id, ranked.ord FROM ranked
        CROSS JOIN LATERAL (
          SELECT 1 FROM users u LEFT JOIN profiles p ON p.user_id = u.id
           WHERE u.id = ranked.person_id AND ${authoritative}
           LIMIT 1
        ) allowed
        WHERE NOT EXISTS (SELECT 1 FROM applicants ap WHERE ap.user_id = ranked.person_id)
        ORDER BY ranked.ord
        LIMIT $4
     ), pool AS (
       ${withApplicants ? 'SELECT user_id, true AS applied, 0::bigint AS ord FROM applicants UNION ALL ' : ''}SELECT user_id, false, ord FROM findable
     )
     SELECT m.* FROM pool
      CROSS JOIN LATERAL (
        SELECT ${MEMBER_COLUMNS}, pool.applied
          FROM users u LEFT JOIN profiles p ON p.user_id = u.id
         WHERE u.id = pool.user_id
         LIMIT 1
      ) m
      ORDER BY pool.ord`;
  return { text, params };
}

/** Changes read at once before the index loads everything again instead. */
const MAX_CHANGES_APPLIED = 20_000;

interface RawReachPerson {
  person_id: string;
  organisation_id: string;
  consortium: boolean;
  candidate: boolean;
  levels: string[] | null;
}

/** The SQL of `matchingCandidates`: who is in an opportunity's candidate pool. */
@Injectable()
export class MatchingCandidatesRepository {
  /** The pre-selection in memory (this instance's), kept current from candidate_pool_changes. */
  private index = new CandidateReachIndex();
  /** The xmin of the snapshot the index last read in (null: not loaded). */
  private syncedXmin: string | null = null;
  private syncedAt = 0;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Applicants (live applications) of the opportunity and findable candidates (the access policy's
   * pool rule, src/access/candidate-pool-sql.ts: CONSORTIUM profiles, for HR also every candidate of
   * their organisation, for admins every candidate), not restricted.
   *
   * Findable people are ranked by this instance's reach index (the pre-selection
   * `candidate_pool_levels` in memory, matching-candidates.reach-index.ts): everyone in the pool
   * rule's scope who reaches at least one requirement, by how many requirements they reach, then by
   * total assessed level (highest first), then id: the order of `candidatePoolQuery`, exact. Before
   * ranking, the index reads the pre-selection's changes committed since its last read
   * (candidate_pool_changes), so every change committed before this call started is counted. The
   * first `findableLimit` of that order who pass the pool rule and the restriction on users,
   * profiles and processing_restrictions are read with their facts. Fewer than `findableLimit` (few
   * or no requirements, small pool): the rest are the first findable people by id, as before.
   */
  async findCandidatePool(q: PoolQuery): Promise<PoolMember[]> {
    await this.syncIndex();
    const requirements =
      q.requirements ??
      (
        await this.db.query<{ competence_id: string; min_level: number }[]>(
          `SELECT competence_id, min_level FROM opportunity_requirements WHERE opportunity_id = $1`,
          [q.opportunityId],
        )
      ).map((r) => ({ competenceId: r.competence_id, minLevel: r.min_level }));
    const scope = { all: q.all, hrOrganisationId: q.hrOrganisationId };
    const rows: RawPoolRow[] = [];
    let findable = 0;
    let checked = 0;
    // Ranked people are checked a chunk at a time: a few more than needed (some may be applicants,
    // restricted, or no longer findable), the next chunk only when those were not enough.
    for (let chunk = Math.ceil(q.findableLimit * 1.25) + 20; ; chunk *= 2) {
      const ranked =
        q.findableLimit > 0 ? this.index.rank(requirements, scope, q.viewerId, checked + chunk) : [];
      const { text, params } = checkedPoolQuery(
        { ...q, findableLimit: q.findableLimit - findable },
        ranked.slice(checked),
        checked === 0,
      );
      const found = await this.db.query<RawPoolRow[]>(text, params);
      rows.push(...found);
      findable += found.filter((r) => !r.applied).length;
      const exhausted = ranked.length < checked + chunk;
      checked = ranked.length;
      if (findable >= q.findableLimit || exhausted) break;
    }
    if (findable < q.findableLimit) {
      rows.push(
        ...(await this.findFirstFindable(
          q,
          rows.map((r) => r.user_id),
          q.findableLimit - findable,
        )),
      );
    }
    return rows.map((r) => ({
      userId: r.user_id,
      displayName: r.display_name,
      organisationId: r.organisation_id,
      careerStage: r.career_stage,
      languages: r.languages ?? [],
      availability: r.availability ?? [],
      applied: r.applied,
      assessments: assessmentsOf(r.assessments),
      targetRequirements: targetRequirementsOf(r.targets),
    }));
  }

  /**
   * Brings the reach index up to what is committed now: one read started after this call (a read
   * already under way when it is called may have started before the caller's changes, so the caller
   * waits for the next one; callers that arrive together share it).
   */
  private syncIndex(): Promise<void> {
    if (!this.running) {
      this.running = this.readChanges().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    if (!this.next) {
      const after = this.running;
      this.next = after
        .catch(() => undefined)
        .then(() => {
          this.next = null;
          return this.syncIndex();
        });
    }
    return this.next;
  }

  private async readChanges(): Promise<void> {
    if (this.syncedXmin === null || Date.now() - this.syncedAt > CHANGE_FEEDS_RELOAD_AFTER_MS) {
      await this.loadIndex();
      return;
    }
    const startedAt = Date.now();
    const [row] = await this.db.query<
      {
        xmin: string;
        changed: number;
        everything: boolean;
        ids: string[] | null;
        people: RawReachPerson[] | null;
      }[]
    >(
      `WITH changed AS (
         SELECT DISTINCT person_id FROM candidate_pool_changes WHERE xid >= $1::xid8
       ), people AS (
         SELECT pp.person_id, pp.organisation_id, pp.visibility IS NOT DISTINCT FROM 'CONSORTIUM' AS consortium,
                pp.candidate,
                (SELECT array_agg(l.competence_id::text || ':' || l.level) FROM candidate_pool_levels l
                  WHERE l.person_id = pp.person_id) AS levels
           FROM candidate_pool_people pp
          WHERE pp.person_id IN (SELECT person_id FROM changed)
            AND (SELECT count(*) FROM changed) <= $2
       )
       SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
              (SELECT count(*) FROM changed)::int AS changed,
              COALESCE((SELECT bool_or(person_id IS NULL) FROM changed), false) AS everything,
              (SELECT array_agg(person_id::text) FROM changed WHERE person_id IS NOT NULL) AS ids,
              (SELECT json_agg(people) FROM people) AS people`,
      [this.syncedXmin, MAX_CHANGES_APPLIED],
    );
    if (row.everything || row.changed > MAX_CHANGES_APPLIED) {
      await this.loadIndex();
      return;
    }
    if (row.changed > 0) this.index.apply(row.ids ?? [], (row.people ?? []).map(reachPersonOf));
    this.syncedXmin = row.xmin;
    this.syncedAt = startedAt;
  }

  /** Reads the whole pre-selection (one snapshot). */
  private async loadIndex(): Promise<void> {
    const startedAt = Date.now();
    const index = new CandidateReachIndex();
    const xmin = await this.db.transaction('REPEATABLE READ', async (em) => {
      const [{ xmin }] = await em.query<{ xmin: string }[]>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
      );
      const competences = (await em.query<{ id: string }[]>(`SELECT id FROM competences ORDER BY id`)).map(
        (c) => c.id,
      );
      // Levels as (competence's position in `competences`) * 8 + level: compact for 300,000 people.
      const people = await em.query<
        { person_id: string; organisation_id: string; consortium: boolean; codes: number[] }[]
      >(
        `SELECT pp.person_id, pp.organisation_id, pp.visibility IS NOT DISTINCT FROM 'CONSORTIUM' AS consortium,
                l.codes
           FROM candidate_pool_people pp
           JOIN (SELECT l.person_id, array_agg(c.ord * 8 + l.level) AS codes
                   FROM candidate_pool_levels l
                   JOIN (SELECT id, (row_number() OVER (ORDER BY id))::int - 1 AS ord FROM competences) c
                     ON c.id = l.competence_id
                  WHERE l.candidate
                  GROUP BY l.person_id) l ON l.person_id = pp.person_id
          WHERE pp.candidate`,
      );
      index.load(
        people.map((p) => ({
          personId: p.person_id,
          organisationId: p.organisation_id,
          consortium: p.consortium,
          codes: p.codes,
        })),
        competences,
      );
      return xmin;
    });
    this.index = index;
    this.syncedXmin = xmin;
    this.syncedAt = startedAt;
  }

  /** The first `limit` findable people by id who are not applicants and not among `chosen`. */
  private findFirstFindable(q: PoolQuery, chosen: readonly string[], limit: number): Promise<RawPoolRow[]> {
    const params: unknown[] = [q.opportunityId, LIVE_APPLICATION_STATUSES, q.viewerId, limit, chosen];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const findable = inCandidatePool(
      { all: q.all, hrOrganisationId: q.hrOrganisationId },
      {
        candidate: holdsCandidateRole('u.roles', param),
        visibility: 'p.visibility',
        organisationId: 'u.organisation_id',
      },
      param,
    );
    return this.db.query<RawPoolRow[]>(
      `WITH req AS (SELECT competence_id FROM opportunity_requirements WHERE opportunity_id = $1)
       SELECT ${MEMBER_COLUMNS}, false AS applied
         FROM users u
         LEFT JOIN profiles p ON p.user_id = u.id
        WHERE u.id <> $3 AND u.id <> ALL($5::uuid[]) AND ${findable} AND ${notRestricted('u.id')}
          AND NOT EXISTS (SELECT 1 FROM applications a
                           WHERE a.opportunity_id = $1 AND a.candidate_id = u.id AND a.status = ANY($2::text[])
                             AND NOT ${closedBySql('a')})
        ORDER BY u.id
        LIMIT $4`,
      params,
    );
  }
}

function reachPersonOf(p: RawReachPerson): ReachPerson {
  return {
    personId: p.person_id,
    organisationId: p.organisation_id,
    consortium: p.consortium,
    candidate: p.candidate,
    levels: (p.levels ?? []).map((pair) => {
      const at = pair.lastIndexOf(':');
      return [pair.slice(0, at), Number(pair.slice(at + 1))] as const;
    }),
  };
}
