import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { CareerStage, OpportunityKind, OpportunityStatus, UserRole, Visibility } from '../core/domain/enums';
import { FitWeights } from '../core/fit/fit-score';
import { ProfileLanguage, AvailabilityWindow } from '../profiles/entities/profile.entity';
import { OpportunityMarkEntity, OpportunityMarkKind } from './entities/opportunity-mark.entity';

/** One requirement as the scoring query returns it: [competenceId, minLevel, weight, essential]. */
export type RequirementTuple = [string, number, number, boolean];

/** Just the columns the fit score needs of an opportunity, and the viewer's mark on it. */
export interface ScoringRow {
  id: string;
  eligibleStages: CareerStage[];
  language: string | null;
  startsOn: string;
  endsOn: string;
  requirements: RequirementTuple[];
  mark: OpportunityMarkKind | null;
}

/**
 * What the upper bound of the fit score needs besides the requirements: the weights, and the parts
 * that do not depend on the requirements at their highest possible value for this candidate.
 */
export interface FitBoundInputs {
  weights: FitWeights;
  /** Highest DEVELOPMENT value possible for the candidate (0 without development targets). */
  developmentUpper: number;
  /** Highest AVAILABILITY value possible for the candidate (the unknown value without windows). */
  availabilityUpper: number;
  /** Lower-case language codes the candidate speaks well enough (LANGUAGE is 1 for those). */
  spokenLanguages: string[];
}

export interface CandidateFilter {
  userId: string;
  now: Date;
  /** null: unknown stage; only opportunities open to every stage qualify (unless includeIneligible). */
  stage: CareerStage | null;
  /** The candidate's effective levels per competence id. */
  levels: ReadonlyMap<string, number>;
  /**
   * Leave out in SQL what the candidate cannot be eligible for: another career stage, or an
   * essential requirement above the candidate's level (or unrated).
   */
  onlyEligible: boolean;
  kind?: OpportunityKind;
  hostOrganisationId?: string;
  competenceId?: string;
  bound: FitBoundInputs;
}

/** An opportunity that passed the filter, with an upper bound (0..100) of the candidate's fit score. */
export interface BoundedOpportunity {
  id: string;
  bound: number;
}

/** A person in the pool of `matchingCandidates`, with the profile fields the fit score needs. */
export interface PoolMember {
  userId: string;
  displayName: string;
  organisationId: string;
  careerStage: CareerStage | null;
  languages: ProfileLanguage[];
  availability: AvailabilityWindow[];
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

interface RawScoringRow {
  id: string;
  eligible_stages: CareerStage[];
  language: string | null;
  starts_on: string;
  ends_on: string;
  requirements: RequirementTuple[];
  mark: OpportunityMarkKind | null;
}

interface RawPoolRow {
  user_id: string;
  display_name: string;
  organisation_id: string;
  career_stage: CareerStage | null;
  languages: ProfileLanguage[] | null;
  availability: AvailabilityWindow[] | null;
  applied: boolean;
}

@Injectable()
export class RecommendationsRepository {
  constructor(
    @InjectRepository(OpportunityMarkEntity) private readonly marks: Repository<OpportunityMarkEntity>,
  ) {}

  /**
   * Every opportunity the candidate may be recommended, with an upper bound of the fit score, in one
   * set-based query that reads no requirement rows out: OPEN before the deadline, kind, host and
   * competence filters, not marked NOT_INTERESTED, no live application of the user; when
   * `onlyEligible` also the stage and every essential requirement within the user's levels.
   *
   * The bound takes ESSENTIAL at 1, OPTIONAL as the weight share of the optional requirements the
   * candidate has any level for (each earns at most 1, an unrated one 0), and the other parts at
   * their highest value for this candidate. It only orders and prunes; scores come from the core.
   */
  async findBoundedOpportunities(q: CandidateFilter): Promise<BoundedOpportunity[]> {
    const ids = [...q.levels.keys()];
    const { weights } = q.bound;
    const params: unknown[] = [
      q.userId,
      q.now,
      OpportunityStatus.OPEN,
      LIVE_APPLICATION_STATUSES,
      ids,
      ids.map((id) => q.levels.get(id)),
      OpportunityMarkKind.NOT_INTERESTED,
    ];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [
      'o.status = $3',
      'o.application_deadline > $2',
      `NOT EXISTS (SELECT 1 FROM opportunity_marks nm WHERE nm.user_id = $1 AND nm.opportunity_id = o.id
                     AND nm.mark = $7)`,
      `NOT EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = $1 AND a.opportunity_id = o.id
                     AND a.status = ANY($4::text[]))`,
    ];
    if (q.onlyEligible) {
      where.push(
        q.stage === null
          ? `o.eligible_stages = '{}'`
          : `(o.eligible_stages = '{}' OR o.eligible_stages @> ARRAY[${param(q.stage)}]::text[])`,
        'rq.essential_unmet IS NOT TRUE',
      );
    }
    if (q.kind) where.push(`o.kind = ${param(q.kind)}`);
    if (q.hostOrganisationId) where.push(`o.host_organisation_id = ${param(q.hostOrganisationId)}`);
    if (q.competenceId) {
      const cid = param(q.competenceId);
      where.push(
        `(EXISTS (SELECT 1 FROM opportunity_requirements fr WHERE fr.opportunity_id = o.id AND fr.competence_id = ${cid})
          OR EXISTS (SELECT 1 FROM opportunity_developed_competences fd
                      WHERE fd.opportunity_id = o.id AND fd.competence_id = ${cid}))`,
      );
    }
    const weightSum =
      weights.ESSENTIAL + weights.OPTIONAL + weights.DEVELOPMENT + weights.AVAILABILITY + weights.LANGUAGE;
    const bound = `(${param(weights.ESSENTIAL)}::float8
        + ${param(weights.OPTIONAL)}::float8 * COALESCE(COALESCE(rq.optional_rated, 0) / rq.optional_total, 1)
        + ${param(weights.DEVELOPMENT * q.bound.developmentUpper)}::float8
        + ${param(weights.AVAILABILITY * q.bound.availabilityUpper)}::float8
        + ${param(weights.LANGUAGE)}::float8 * CASE WHEN o.language = '' OR lower(o.language) = ANY(${param(
          q.bound.spokenLanguages,
        )}::text[]) THEN 1 ELSE 0 END
      ) / ${param(weightSum)}::float8 * 100`;
    const rows = await this.marks.query<{ id: string; bound: number }[]>(
      `WITH lv AS (SELECT * FROM unnest($5::uuid[], $6::int[]) AS lv(competence_id, level))
       SELECT o.id, ${bound} AS bound
         FROM opportunities o
         LEFT JOIN (
           SELECT r.opportunity_id,
                  bool_or(r.essential AND (lv.level IS NULL OR lv.level < r.min_level)) AS essential_unmet,
                  sum(r.weight::float8) FILTER (WHERE NOT r.essential) AS optional_total,
                  sum(r.weight::float8) FILTER (WHERE NOT r.essential AND lv.level IS NOT NULL) AS optional_rated
             FROM opportunity_requirements r
             LEFT JOIN lv ON lv.competence_id = r.competence_id
            GROUP BY r.opportunity_id
         ) rq ON rq.opportunity_id = o.id
        WHERE ${where.join('\n          AND ')}`,
      params,
    );
    return rows;
  }

  /**
   * The scoring columns of these opportunities, with their requirements aggregated per opportunity
   * as JSON, and the user's mark; one query for the batch.
   */
  async findScoringRows(userId: string, opportunityIds: readonly string[]): Promise<ScoringRow[]> {
    if (opportunityIds.length === 0) return [];
    const rows = await this.marks.query<RawScoringRow[]>(
      `SELECT o.id, o.eligible_stages, o.language, o.starts_on::text AS starts_on, o.ends_on::text AS ends_on,
              COALESCE((SELECT json_agg(json_build_array(r.competence_id, r.min_level, r.weight, r.essential))
                          FROM opportunity_requirements r WHERE r.opportunity_id = o.id), '[]'::json) AS requirements,
              m.mark
         FROM opportunities o
         LEFT JOIN opportunity_marks m ON m.user_id = $1 AND m.opportunity_id = o.id
        WHERE o.id = ANY($2::uuid[])`,
      [userId, opportunityIds],
    );
    return rows.map((r) => ({
      id: r.id,
      eligibleStages: r.eligible_stages,
      language: r.language,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      requirements: r.requirements,
      mark: r.mark,
    }));
  }

  /**
   * Applicants (live applications) of the opportunity and findable candidates: CONSORTIUM profiles,
   * for HR also every candidate of their organisation, for admins every candidate. Findable people
   * are read in order of how many requirements some assessment of theirs reaches (a cheap bound of
   * the fit, not the effective level), up to `findableLimit`.
   */
  async findCandidatePool(q: PoolQuery): Promise<PoolMember[]> {
    const rows = await this.marks.query<RawPoolRow[]>(
      `WITH req AS (
         SELECT competence_id, min_level FROM opportunity_requirements WHERE opportunity_id = $1
       ), applicants AS (
         SELECT DISTINCT a.candidate_id AS user_id FROM applications a
          WHERE a.opportunity_id = $1 AND a.status = ANY($2::text[])
       ), findable AS (
         SELECT u.id AS user_id FROM users u
           LEFT JOIN profiles p ON p.user_id = u.id
          WHERE u.id <> $3 AND $4 = ANY(u.roles)
            AND ($5 OR p.visibility = $6 OR u.organisation_id = $7::uuid)
            AND NOT EXISTS (SELECT 1 FROM applicants ap WHERE ap.user_id = u.id)
          ORDER BY (SELECT count(*) FROM req r WHERE EXISTS (
                      SELECT 1 FROM assessments s WHERE s.person_id = u.id
                         AND s.competence_id = r.competence_id AND s.level >= r.min_level)) DESC, u.id
          LIMIT $8
       )
       SELECT u.id AS user_id, u.display_name, u.organisation_id, p.career_stage, p.languages, p.availability,
              EXISTS (SELECT 1 FROM applicants ap WHERE ap.user_id = u.id) AS applied
         FROM users u
         LEFT JOIN profiles p ON p.user_id = u.id
        WHERE u.id IN (SELECT user_id FROM applicants UNION ALL SELECT user_id FROM findable)`,
      [
        q.opportunityId,
        LIVE_APPLICATION_STATUSES,
        q.viewerId,
        UserRole.CANDIDATE,
        q.all,
        Visibility.CONSORTIUM,
        q.hrOrganisationId,
        q.findableLimit,
      ],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      displayName: r.display_name,
      organisationId: r.organisation_id,
      careerStage: r.career_stage,
      languages: r.languages ?? [],
      availability: r.availability ?? [],
      applied: r.applied,
    }));
  }

  // ---- marks ---------------------------------------------------------------------------------------

  /** One mark per user and opportunity: a new mark replaces the old one (and its date). */
  async putMark(
    userId: string,
    opportunityId: string,
    mark: OpportunityMarkKind,
    em: EntityManager,
  ): Promise<OpportunityMarkEntity> {
    const [row] = await em.query<
      { user_id: string; opportunity_id: string; mark: OpportunityMarkKind; created_at: Date }[]
    >(
      `INSERT INTO opportunity_marks (user_id, opportunity_id, mark) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, opportunity_id) DO UPDATE SET mark = EXCLUDED.mark, created_at = now()
       RETURNING user_id, opportunity_id, mark, created_at`,
      [userId, opportunityId, mark],
    );
    return Object.assign(new OpportunityMarkEntity(), {
      userId: row.user_id,
      opportunityId: row.opportunity_id,
      mark: row.mark,
      createdAt: row.created_at,
    });
  }

  /** Removes the user's mark; false when there was none. */
  async deleteMark(userId: string, opportunityId: string, em: EntityManager): Promise<boolean> {
    const result = await em.getRepository(OpportunityMarkEntity).delete({ userId, opportunityId });
    return (result.affected ?? 0) > 0;
  }

  /** The user's marks of one kind, newest first. */
  findMarksOf(userId: string, mark: OpportunityMarkKind, limit: number): Promise<OpportunityMarkEntity[]> {
    return this.marks.find({
      where: { userId, mark },
      order: { createdAt: 'DESC', opportunityId: 'ASC' },
      take: limit,
    });
  }
}
