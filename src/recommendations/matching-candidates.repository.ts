import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { CareerStage, UserRole, Visibility } from '../core/domain/enums';
import { notRestricted } from '../privacy/restriction-sql';
import { AvailabilityWindow, ProfileLanguage } from '../profiles/entities/profile.entity';

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

interface RawPoolRow {
  user_id: string;
  display_name: string;
  organisation_id: string;
  career_stage: CareerStage | null;
  languages: ProfileLanguage[] | null;
  availability: AvailabilityWindow[] | null;
  applied: boolean;
}

/** The SQL of `matchingCandidates`: who is in an opportunity's candidate pool. */
@Injectable()
export class MatchingCandidatesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Applicants (live applications) of the opportunity and findable candidates: CONSORTIUM profiles,
   * for HR also every candidate of their organisation, for admins every candidate. Findable people
   * are read in order of how many requirements some assessment of theirs reaches (a cheap bound of
   * the fit, not the effective level), up to `findableLimit`.
   */
  async findCandidatePool(q: PoolQuery): Promise<PoolMember[]> {
    const rows = await this.db.query<RawPoolRow[]>(
      `WITH req AS (
         SELECT competence_id, min_level FROM opportunity_requirements WHERE opportunity_id = $1
       ), applicants AS (
         SELECT DISTINCT a.candidate_id AS user_id FROM applications a
          WHERE a.opportunity_id = $1 AND a.status = ANY($2::text[]) AND ${notRestricted('a.candidate_id')}
       ), reach AS (
         SELECT s.person_id, count(DISTINCT s.competence_id) AS reached
           FROM assessments s JOIN req r ON r.competence_id = s.competence_id AND s.level >= r.min_level
          GROUP BY s.person_id
       ), findable AS (
         SELECT u.id AS user_id FROM users u
           LEFT JOIN profiles p ON p.user_id = u.id
           LEFT JOIN reach ON reach.person_id = u.id
          WHERE u.id <> $3 AND $4 = ANY(u.roles)
            AND ($5 OR p.visibility = $6 OR u.organisation_id = $7::uuid)
            AND NOT EXISTS (SELECT 1 FROM applicants ap WHERE ap.user_id = u.id)
            AND ${notRestricted('u.id')}
          ORDER BY COALESCE(reach.reached, 0) DESC, u.id
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
}
