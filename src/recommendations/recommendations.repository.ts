import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { CareerStage, OpportunityKind, OpportunityStatus, UserRole, Visibility } from '../core/domain/enums';
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

export interface ScoringQuery {
  userId: string;
  now: Date;
  /** null: unknown stage; only opportunities open to every stage qualify (unless includeIneligible). */
  stage: CareerStage | null;
  /**
   * The candidate's effective levels. When `onlyEligible`, opportunities with an essential requirement
   * above the candidate's level (or unrated) are left out in SQL: they would be ineligible anyway.
   */
  levels: ReadonlyMap<string, number>;
  onlyEligible: boolean;
  kind?: OpportunityKind;
  hostOrganisationId?: string;
  competenceId?: string;
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
   * The candidate-independent filter in SQL, one set-based query: OPEN before the deadline, stage,
   * kind, host and competence filters, not marked NOT_INTERESTED, no live application of the user,
   * and (when `onlyEligible`) every essential requirement within the user's levels. Returns only the
   * scoring columns with the requirements aggregated per opportunity as JSON.
   */
  async findScoringRows(q: ScoringQuery): Promise<ScoringRow[]> {
    const params: unknown[] = [q.userId, q.now, OpportunityStatus.OPEN, LIVE_APPLICATION_STATUSES];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [
      'o.status = $3',
      'o.application_deadline > $2',
      `NOT EXISTS (SELECT 1 FROM opportunity_marks nm WHERE nm.user_id = $1 AND nm.opportunity_id = o.id
                     AND nm.mark = ${param(OpportunityMarkKind.NOT_INTERESTED)})`,
      `NOT EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = $1 AND a.opportunity_id = o.id
                     AND a.status = ANY($4::text[]))`,
    ];
    if (q.onlyEligible) {
      where.push(
        q.stage === null
          ? `o.eligible_stages = '{}'`
          : `(o.eligible_stages = '{}' OR o.eligible_stages @> ARRAY[${param(q.stage)}]::text[])`,
      );
      const ids = [...q.levels.keys()];
      where.push(
        `NOT EXISTS (SELECT 1 FROM opportunity_requirements er
                      LEFT JOIN unnest(${param(ids)}::uuid[], ${param(ids.map((id) => q.levels.get(id)))}::int[])
                           AS lv(competence_id, level) ON lv.competence_id = er.competence_id
                      WHERE er.opportunity_id = o.id AND er.essential
                        AND (lv.level IS NULL OR lv.level < er.min_level))`,
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
    const rows = await this.marks.query<RawScoringRow[]>(
      `SELECT o.id, o.eligible_stages, o.language, o.starts_on::text AS starts_on, o.ends_on::text AS ends_on,
              COALESCE((SELECT json_agg(json_build_array(r.competence_id, r.min_level, r.weight, r.essential))
                          FROM opportunity_requirements r WHERE r.opportunity_id = o.id), '[]'::json) AS requirements,
              m.mark
         FROM opportunities o
         LEFT JOIN opportunity_marks m ON m.user_id = $1 AND m.opportunity_id = o.id
        WHERE ${where.join('\n          AND ')}`,
      params,
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
