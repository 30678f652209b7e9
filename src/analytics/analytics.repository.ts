import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryReplica } from '../common/database/replica';
import { ApplicationStatus, AssessmentSource, OpportunityKind, Visibility } from '../core/domain/enums';
import { RoundRunKind, RoundRunStatus, RoundStatus } from '../rounds/entities/round.entity';
import { CONSORTIUM_ANALYTICS, hasLiveConsent, notRestricted } from '../privacy/restriction-sql';

/**
 * Whose data a report reads:
 * - ORGANISATION: the people of one organisation with a profile row (HR already sees all of them);
 *   grouped by department.
 * - CONSORTIUM: the people of every organisation who consented to CONSORTIUM_ANALYTICS (analytics
 *   beyond what the exchange needs: src/privacy); grouped by organisation.
 * - FINDABLE_IN: the findable profiles of one organisation (the most-ready list).
 */
export type Population =
  | { kind: 'ORGANISATION'; organisationId: string }
  | { kind: 'CONSORTIUM' }
  | { kind: 'FINDABLE_IN'; organisationId: string };

/**
 * `pop(id, display_name, department_id, organisation_id, group_id)` as a CTE body; `$1` is the
 * organisation (or null) and `$2` the findable visibility in every query that uses it.
 */
function populationCte(population: Population): { sql: string; params: unknown[] } {
  const group = population.kind === 'CONSORTIUM' ? 'u.organisation_id' : 'u.department_id';
  const where =
    population.kind === 'ORGANISATION'
      ? 'u.organisation_id = $1::uuid AND $2::text IS NOT NULL'
      : population.kind === 'CONSORTIUM'
        ? `$1::uuid IS NULL AND $2::text IS NOT NULL AND ${hasLiveConsent('u.id', CONSORTIUM_ANALYTICS)}`
        : 'u.organisation_id = $1::uuid AND p.visibility = $2';
  return {
    sql: `SELECT u.id, u.display_name, u.department_id, u.organisation_id, ${group} AS group_id
            FROM users u JOIN profiles p ON p.user_id = u.id
           WHERE ${where} AND ${notRestricted('u.id')}`,
    params: [population.kind === 'CONSORTIUM' ? null : population.organisationId, Visibility.CONSORTIUM],
  };
}

/**
 * The effective level per person and competence in SQL, as CTE body over `pop`: the rule of
 * core/competences/effective-level.ts (the reference): source SUPERVISOR > EVIDENCE > SELF, then the
 * latest, then (same instant) the higher level. DISTINCT ON keeps the first row of each
 * (person, competence) in that order. Retired competences are left out. test/e2e/analytics.e2e.spec.ts
 * checks it against the core rule on assessments that make the order matter.
 * `competenceParam`: a uuid[] parameter to restrict the competences, or null for all.
 */
function effectiveLevelsCte(competenceParam: string | null): string {
  return `SELECT DISTINCT ON (a.person_id, a.competence_id)
                 a.person_id, a.competence_id, a.level, pop.group_id
            FROM assessments a
            JOIN pop ON pop.id = a.person_id
            JOIN competences c ON c.id = a.competence_id AND c.retired_at IS NULL
           ${competenceParam ? `WHERE a.competence_id = ANY(${competenceParam}::uuid[])` : ''}
           ORDER BY a.person_id, a.competence_id,
                    CASE a.source WHEN '${AssessmentSource.SUPERVISOR}' THEN 0
                                  WHEN '${AssessmentSource.EVIDENCE}' THEN 1 ELSE 2 END,
                    a.assessed_at DESC, a.level DESC`;
}

export interface RoleRow {
  id: string;
  lineageId: string;
}

export interface RequirementRow {
  competenceId: string;
  requiredLevel: number;
  essential: boolean;
  weight: number;
  retired: boolean;
}

export interface PersonRow {
  id: string;
  displayName: string;
  departmentId: string | null;
  targeting: boolean;
}

export interface LevelRow {
  personId: string;
  competenceId: string;
  level: number;
}

export interface CoverageCountRow {
  groupId: string | null;
  competenceId: string;
  competenceCode: string;
  competenceName: string;
  level: number;
  people: number;
}

export interface GroupSizeRow {
  groupId: string | null;
  groupName: string | null;
  people: number;
}

export interface FlowCountRow {
  fromOrganisationId: string;
  fromOrganisationName: string;
  toOrganisationId: string;
  toOrganisationName: string;
  kind: OpportunityKind;
  placements: number;
}

export interface RoundRunRow {
  roundId: string;
  roundName: string;
  organisationId: string;
  organisationName: string;
  status: RoundStatus;
  publishedAt: Date | null;
  runs: {
    seatsOffered: number;
    seatsFilled: number;
    candidates: number;
    candidatesMatched: number;
    choiceRankCounts: number[];
  }[];
}

/** Set-based reads of the analytics reports: a fixed number of statements whatever the population. */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Reports may be a moment behind: every read goes to a replica when there are some. */
  private read<T>(sql: string, params: unknown[]): Promise<T> {
    return queryReplica<T>(this.ds, sql, params);
  }

  async organisationExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.read('SELECT 1 FROM organisations WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async findRole(id: string): Promise<RoleRow | null> {
    const rows: { id: string; lineage_id: string }[] = await this.read(
      'SELECT id, lineage_id FROM role_profiles WHERE id = $1',
      [id],
    );
    return rows[0] ? { id: rows[0].id, lineageId: rows[0].lineage_id } : null;
  }

  /** The role version's requirements with the retirement of each competence. */
  async requirementsOf(roleId: string): Promise<RequirementRow[]> {
    const rows: {
      competence_id: string;
      required_level: number;
      essential: boolean;
      weight: number;
      retired: boolean;
    }[] = await this.read(
      `SELECT rr.competence_id, rr.required_level, rr.essential, rr.weight, (c.retired_at IS NOT NULL) AS retired
         FROM role_requirements rr JOIN competences c ON c.id = rr.competence_id
        WHERE rr.role_profile_id = $1
        ORDER BY rr.competence_id`,
      [roleId],
    );
    return rows.map((r) => ({
      competenceId: r.competence_id,
      requiredLevel: r.required_level,
      essential: r.essential,
      weight: Number(r.weight),
      retired: r.retired,
    }));
  }

  /**
   * The population, each with whether the role's lineage is among their target roles (target roles
   * follow new versions, so any version of the role counts).
   */
  async populationWithTargeting(population: Population, lineageId: string): Promise<PersonRow[]> {
    const pop = populationCte(population);
    const rows: { id: string; display_name: string; department_id: string | null; targeting: boolean }[] =
      await this.read(
        `WITH pop AS (${pop.sql})
         SELECT pop.id, pop.display_name, pop.department_id,
                EXISTS (SELECT 1 FROM person_target_roles t
                          JOIN role_profiles rp ON rp.id = t.role_profile_id
                         WHERE t.person_id = pop.id AND rp.lineage_id = $3) AS targeting
           FROM pop`,
        [...pop.params, lineageId],
      );
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      departmentId: r.department_id,
      targeting: r.targeting,
    }));
  }

  /** Effective levels of the population on these competences (absent: never assessed). */
  async effectiveLevels(population: Population, competenceIds: readonly string[]): Promise<LevelRow[]> {
    if (competenceIds.length === 0) return [];
    const pop = populationCte(population);
    const rows: { person_id: string; competence_id: string; level: number }[] = await this.read(
      `WITH pop AS (${pop.sql}), eff AS (${effectiveLevelsCte('$3')})
       SELECT person_id, competence_id, level FROM eff`,
      [...pop.params, [...competenceIds]],
    );
    return rows.map((r) => ({ personId: r.person_id, competenceId: r.competence_id, level: r.level }));
  }

  /** People per group, competence and effective level (only pairs someone was assessed on). */
  async coverageCounts(population: Population): Promise<CoverageCountRow[]> {
    const pop = populationCte(population);
    const rows: {
      group_id: string | null;
      competence_id: string;
      code: string;
      name: string;
      level: number;
      people: number;
    }[] = await this.read(
      `WITH pop AS (${pop.sql}), eff AS (${effectiveLevelsCte(null)})
       SELECT eff.group_id, eff.competence_id, c.code, c.name, eff.level, count(*)::int AS people
         FROM eff JOIN competences c ON c.id = eff.competence_id
        GROUP BY eff.group_id, eff.competence_id, c.code, c.name, eff.level`,
      pop.params,
    );
    return rows.map((r) => ({
      groupId: r.group_id,
      competenceId: r.competence_id,
      competenceCode: r.code,
      competenceName: r.name,
      level: r.level,
      people: r.people,
    }));
  }

  /** Population size per group, with the group's name (department or organisation). */
  async groupSizes(population: Population): Promise<GroupSizeRow[]> {
    const pop = populationCte(population);
    const names =
      population.kind === 'CONSORTIUM'
        ? 'LEFT JOIN organisations g ON g.id = pop.group_id'
        : 'LEFT JOIN departments g ON g.id = pop.group_id';
    const rows: { group_id: string | null; name: string | null; people: number }[] = await this.read(
      `WITH pop AS (${pop.sql})
       SELECT pop.group_id, g.name, count(*)::int AS people FROM pop ${names}
        GROUP BY pop.group_id, g.name`,
      pop.params,
    );
    return rows.map((r) => ({ groupId: r.group_id, groupName: r.name, people: r.people }));
  }

  /**
   * COMPLETED placements by candidate organisation, host organisation and opportunity kind. The
   * completion instant is the application's last transition to COMPLETED.
   * `involving`: only flows from or to this organisation; `consentedOnly`: only candidates who consented
   * to CONSORTIUM_ANALYTICS.
   */
  async flowCounts(filter: {
    involving: string | null;
    consentedOnly: boolean;
    from: Date | null;
    to: Date | null;
  }): Promise<FlowCountRow[]> {
    const rows: {
      from_id: string;
      from_name: string;
      to_id: string;
      to_name: string;
      kind: OpportunityKind;
      placements: number;
    }[] = await this.read(
      `SELECT cu.organisation_id AS from_id, fo.name AS from_name,
              o.host_organisation_id AS to_id, tor.name AS to_name, o.kind, count(*)::int AS placements
         FROM applications a
         JOIN users cu ON cu.id = a.candidate_id
         JOIN opportunities o ON o.id = a.opportunity_id
         JOIN organisations fo ON fo.id = cu.organisation_id
         JOIN organisations tor ON tor.id = o.host_organisation_id
         LEFT JOIN LATERAL (SELECT max(t.at) AS at FROM application_history t
                             WHERE t.application_id = a.id AND t.to_status = $1) done ON true
        WHERE a.status = $1
          AND ($2::uuid IS NULL OR cu.organisation_id = $2 OR o.host_organisation_id = $2)
          AND (NOT $3::boolean OR ${hasLiveConsent('cu.id', CONSORTIUM_ANALYTICS)})
          AND ${notRestricted('cu.id')}
          AND ($4::timestamptz IS NULL OR done.at >= $4)
          AND ($5::timestamptz IS NULL OR done.at < $5)
        GROUP BY cu.organisation_id, fo.name, o.host_organisation_id, tor.name, o.kind`,
      [ApplicationStatus.COMPLETED, filter.involving, filter.consentedOnly, filter.from, filter.to],
    );
    return rows.map((r) => ({
      fromOrganisationId: r.from_id,
      fromOrganisationName: r.from_name,
      toOrganisationId: r.to_id,
      toOrganisationName: r.to_name,
      kind: r.kind,
      placements: r.placements,
    }));
  }

  /**
   * Rounds (of one organisation, or all) with the figures of their applied runs (PUBLISH and
   * FOLLOW_UP runs that finished DONE), in run order; rounds without one are left out. Only the
   * numbers are read from the stored statistics, not the candidate lists.
   */
  async roundsWithAppliedRuns(organisationId: string | null): Promise<RoundRunRow[]> {
    const rows: {
      id: string;
      name: string;
      organisation_id: string;
      organisation_name: string;
      status: RoundStatus;
      published_at: Date | null;
      runs: RoundRunRow['runs'];
    }[] = await this.read(
      `SELECT r.id, r.name, r.organisation_id, org.name AS organisation_name, r.status, r.published_at,
              json_agg(json_build_object(
                'seatsOffered', (rr.stats->>'seatsOffered')::int,
                'seatsFilled', (rr.stats->>'seatsFilled')::int,
                'candidates', (rr.stats->>'candidates')::int,
                'candidatesMatched', (rr.stats->>'candidatesMatched')::int,
                'choiceRankCounts', COALESCE(rr.stats->'choiceRankCounts', '[]'::jsonb)
              ) ORDER BY rr.created_at, rr.id) AS runs
         FROM allocation_rounds r
         JOIN organisations org ON org.id = r.organisation_id
         JOIN round_runs rr ON rr.round_id = r.id AND rr.status = $2 AND rr.kind = ANY($3::text[])
                           AND rr.stats IS NOT NULL
        WHERE ($1::uuid IS NULL OR r.organisation_id = $1)
        GROUP BY r.id, org.name
        ORDER BY r.published_at DESC NULLS LAST, r.name, r.id`,
      [organisationId, RoundRunStatus.DONE, [RoundRunKind.PUBLISH, RoundRunKind.FOLLOW_UP]],
    );
    return rows.map((r) => ({
      roundId: r.id,
      roundName: r.name,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      status: r.status,
      publishedAt: r.published_at,
      runs: r.runs,
    }));
  }
}
