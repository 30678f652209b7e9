import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { holdsCandidateRole, inCandidatePool } from '../access/candidate-pool-sql';
import { CareerStage } from '../core/domain/enums';
import { notRestricted } from '../privacy/restriction-sql';
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
  const authoritative = `${inCandidatePool(
    scope,
    {
      candidate: holdsCandidateRole('u.roles', param),
      visibility: 'p.visibility',
      organisationId: 'u.organisation_id',
    },
    param,
  )} AND ${notRestricted('u.id')}`;
  // The lookups by id are LATERAL ... LIMIT 1, so that they stay lookups (nested loops over the few
  // people chosen) whatever PostgreSQL estimates, never a scan of users.
  const text = `WITH req AS (
       SELECT competence_id, min_level FROM opportunity_requirements WHERE opportunity_id = $1
     ), applicants AS (
       SELECT DISTINCT a.candidate_id AS user_id FROM applications a
        WHERE a.opportunity_id = $1 AND a.status = ANY($2::text[]) AND ${notRestricted('a.candidate_id')}
     ), listed AS (
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

/** The SQL of `matchingCandidates`: who is in an opportunity's candidate pool. */
@Injectable()
export class MatchingCandidatesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Applicants (live applications) of the opportunity and findable candidates (the access policy's
   * pool rule, src/access/candidate-pool-sql.ts: CONSORTIUM profiles, for HR also every candidate of
   * their organisation, for admins every candidate), not restricted.
   *
   * Findable people come from the pre-selection `candidate_pool_levels` (migrations
   * 1795915000000 and 1795917000000): per required competence, everyone in the pool rule's scope who
   * reaches its minimum level, read from one index range each (index only); of those, the
   * `findableLimit` who reach the most requirements (then by total assessed level, highest first,
   * then id), after the pool rule and the restriction are checked again on users, profiles and
   * processing_restrictions, in that order until enough pass. The order is exact: nobody who reaches
   * more requirements is passed over. The cost grows with how many people reach a requirement, not
   * with everyone in the pool (no read of users or profiles but for those chosen). Fewer than
   * `findableLimit` (few or no requirements,
   * small pool): the rest are the first findable people by id, as before.
   */
  async findCandidatePool(q: PoolQuery): Promise<PoolMember[]> {
    const { text, params } = candidatePoolQuery(q);
    const rows = await this.db.query<RawPoolRow[]>(text, params);
    const findable = rows.filter((r) => !r.applied).length;
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
                           WHERE a.opportunity_id = $1 AND a.candidate_id = u.id AND a.status = ANY($2::text[]))
        ORDER BY u.id
        LIMIT $4`,
      params,
    );
  }
}
