import { Injectable } from '@nestjs/common';
import { queryReplica } from '../common/database/replica';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { CareerStage, OpportunityKind, OpportunityStatus } from '../core/domain/enums';
import { notRestricted } from '../privacy/restriction-sql';
import { OpportunityMarkEntity, OpportunityMarkKind } from './entities/opportunity-mark.entity';
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

/** One requirement as the scoring query returns it: [competenceId, minLevel, weight, essential]. */
export type RequirementTuple = [string, number, number, boolean];

/** Just the columns the fit score needs of an opportunity, and its application deadline. */
export interface ScoringRow {
  id: string;
  applicationDeadline: Date;
  eligibleStages: CareerStage[];
  language: string | null;
  startsOn: string;
  endsOn: string;
  requirements: RequirementTuple[];
  /** The competences it develops (the DEVELOPMENT part of the fit score); absent: none. */
  develops?: string[];
}

/** The candidate-independent filters of recommendedOpportunities. */
export interface OpenOpportunityFilter {
  kind?: OpportunityKind;
  hostOrganisationId?: string;
  competenceId?: string;
}

/** A user's marks and live applications: what leaves their recommendations, and their marks to show. */
export interface CandidateExclusions {
  marks: Map<string, OpportunityMarkKind>;
  applied: Set<string>;
}

/** HR's eligibility override of the person for one opportunity (the shape of EligibilityOverrideModel). */
export interface FactOverride {
  id: string;
  opportunityId: string;
  candidateId: string;
  reason: string;
  createdAt: Date;
}

/**
 * Everything a person's recommendations depend on that is theirs, read together: whether their
 * processing is restricted, their profile's scoring fields, their assessments (the core turns them
 * into effective levels), their target roles' requirements (development targets), their marks and
 * live applications, and HR's eligibility overrides for them.
 */
export interface CandidateFactRows extends CandidateExclusions, PersonFitRows {
  restricted: boolean;
  overrides: FactOverride[];
}

interface RawCandidateFacts {
  restricted: boolean;
  career_stage: CareerStage | null;
  languages: { code: string; level: string }[] | null;
  availability: { start: string; end: string }[] | null;
  assessments: AssessmentTuple[];
  targets: TargetTuple[];
  marks: [string, OpportunityMarkKind][];
  applied: string[];
  overrides: [string, string, string, number][];
}

/** The OPEN rows of a filter and the database snapshot they were read in (pg_snapshot as text). */
export interface OpenScoringRead {
  snapshot: string;
  rows: ScoringRow[];
}

/**
 * Since an earlier read: the rows that changed and pass the filter now, the ids of those that
 * changed and no longer do (or no longer exist), and this read's snapshot.
 */
export interface OpenScoringChanges {
  snapshot: string;
  changed: ScoringRow[];
  gone: string[];
}

/**
 * The order of an opportunity's requirements, which the core sums its weights in: the one the
 * opportunity's own reads use (OpportunitiesRepository.findRequirementsOfMany, so `myFit` too), so
 * the full and the incremental reads, and myFit, give the same scores to the last bit.
 */
const REQUIREMENT_ORDER = 'r.essential DESC, r.weight DESC, r.competence_id';

/** The scoring columns of `o`, with its requirements and developed competences aggregated as rq and dv. */
const SCORING_COLUMNS = `o.id, o.application_deadline, o.eligible_stages, o.language, o.starts_on::text AS starts_on,
              o.ends_on::text AS ends_on, COALESCE(rq.requirements, '[]'::json) AS requirements,
              COALESCE(dv.develops, '{}'::text[]) AS develops`;

/** The candidate-independent filter of recommendations on `o`, as SQL and its parameters ($1, $2, ...). */
function openFilterSql(filter: OpenOpportunityFilter, now: Date): { where: string; params: unknown[] } {
  const params: unknown[] = [OpportunityStatus.OPEN, now];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = ['o.status = $1', 'o.application_deadline > $2'];
  if (filter.kind) where.push(`o.kind = ${param(filter.kind)}`);
  if (filter.hostOrganisationId) where.push(`o.host_organisation_id = ${param(filter.hostOrganisationId)}`);
  if (filter.competenceId) {
    const cid = param(filter.competenceId);
    where.push(
      `(EXISTS (SELECT 1 FROM opportunity_requirements fr WHERE fr.opportunity_id = o.id AND fr.competence_id = ${cid})
        OR EXISTS (SELECT 1 FROM opportunity_developed_competences fd
                    WHERE fd.opportunity_id = o.id AND fd.competence_id = ${cid}))`,
    );
  }
  return { where: where.join(' AND '), params };
}

function scoringRowOf(r: RawScoringRow): ScoringRow {
  return {
    id: r.id,
    applicationDeadline: r.application_deadline,
    eligibleStages: r.eligible_stages,
    language: r.language,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    requirements: r.requirements,
    develops: r.develops,
  };
}

interface RawScoringRow {
  id: string;
  application_deadline: Date;
  eligible_stages: CareerStage[];
  language: string | null;
  starts_on: string;
  ends_on: string;
  requirements: RequirementTuple[];
  develops: string[];
}

@Injectable()
export class RecommendationsRepository {
  constructor(
    @InjectRepository(OpportunityMarkEntity) private readonly marks: Repository<OpportunityMarkEntity>,
  ) {}

  /**
   * The candidate-independent part of recommendations, in one set-based query: the OPEN opportunities
   * before their deadline (kind, host and competence filters), with only the columns the fit score
   * needs and the requirements aggregated per opportunity as JSON; and the database snapshot the rows
   * were read in (`pg_current_snapshot()`), from which `findOpenScoringChanges` reads what changed.
   */
  async findOpenScoringRows(filter: OpenOpportunityFilter, now: Date): Promise<OpenScoringRead> {
    const { where, params } = openFilterSql(filter, now);
    // A snapshot refreshed every 30 s may be a moment behind: read it from a replica when there are some.
    const rows = await queryReplica<(RawScoringRow & { snap: string })[]>(
      this.marks.manager.connection,
      `SELECT s.snap, r.*
         FROM (SELECT pg_current_snapshot()::text AS snap) s
         LEFT JOIN (
           SELECT ${SCORING_COLUMNS}
             FROM opportunities o
             LEFT JOIN (
               SELECT r.opportunity_id,
                      json_agg(json_build_array(r.competence_id, r.min_level, r.weight, r.essential) ORDER BY ${REQUIREMENT_ORDER}) AS requirements
                 FROM opportunity_requirements r
                GROUP BY r.opportunity_id
             ) rq ON rq.opportunity_id = o.id
             LEFT JOIN (
               SELECT d.opportunity_id, array_agg(d.competence_id::text ORDER BY d.competence_id) AS develops
                 FROM opportunity_developed_competences d
                GROUP BY d.opportunity_id
             ) dv ON dv.opportunity_id = o.id
            WHERE ${where}
         ) r ON true`,
      params,
    );
    return {
      snapshot: rows[0].snap,
      rows: rows.filter((r) => r.id !== null).map(scoringRowOf),
    };
  }

  /**
   * What changed since a read in `since` (a `pg_current_snapshot()` of findOpenScoringRows or of this):
   * the opportunities whose last change (opportunity_snapshot_changes, kept by the database's triggers
   * on opportunities, their requirements and developed competences) that snapshot did not see, each
   * as its current scoring row when it passes the filter now, or as gone (closed, deleted, past its
   * deadline, filtered out); and the snapshot of this read, for the next.
   */
  async findOpenScoringChanges(
    filter: OpenOpportunityFilter,
    now: Date,
    since: string,
  ): Promise<OpenScoringChanges> {
    const { where, params } = openFilterSql(filter, now);
    params.push(since);
    const sinceParam = `$${params.length}::pg_snapshot`;
    const rows = await queryReplica<
      (RawScoringRow & { snap: string; changed_id: string | null; open: boolean })[]
    >(
      this.marks.manager.connection,
      `SELECT s.snap, c.changed_id, c.open, c.id, c.application_deadline, c.eligible_stages, c.language,
              c.starts_on, c.ends_on, c.requirements, c.develops
         FROM (SELECT pg_current_snapshot()::text AS snap) s
         LEFT JOIN (
           SELECT ch.opportunity_id AS changed_id, o.id IS NOT NULL AS open, o.*
             FROM opportunity_snapshot_changes ch
             LEFT JOIN LATERAL (
               SELECT ${SCORING_COLUMNS}
                 FROM opportunities o
                 LEFT JOIN LATERAL (
                   SELECT json_agg(json_build_array(r.competence_id, r.min_level, r.weight, r.essential) ORDER BY ${REQUIREMENT_ORDER}) AS requirements
                     FROM opportunity_requirements r WHERE r.opportunity_id = o.id
                 ) rq ON true
                 LEFT JOIN LATERAL (
                   SELECT array_agg(d.competence_id::text ORDER BY d.competence_id) AS develops
                     FROM opportunity_developed_competences d WHERE d.opportunity_id = o.id
                 ) dv ON true
                WHERE o.id = ch.opportunity_id AND ${where}
             ) o ON true
            WHERE ch.changed_xid >= pg_snapshot_xmin(${sinceParam})
              AND NOT pg_visible_in_snapshot(ch.changed_xid, ${sinceParam})
         ) c ON true`,
      params,
    );
    const changed: ScoringRow[] = [];
    const gone: string[] = [];
    for (const r of rows) {
      if (r.changed_id === null) continue;
      if (r.open) changed.push(scoringRowOf(r));
      else gone.push(r.changed_id);
    }
    return { snapshot: rows[0].snap, changed, gone };
  }

  /**
   * A person's facts for their recommendations and fit (CandidateFactRows) in one statement, on the
   * primary (a mark, an application or an override made a moment ago counts at once). Reads the
   * tables of profiles, roles, applications and privacy as they are (their owners' rules are applied
   * by the caller: core effectiveLevelValues, developmentTargets; notRestricted is privacy's SQL).
   * Timestamps travel as epoch milliseconds, as precise as the pg driver's Date.
   */
  async findCandidateFacts(userId: string): Promise<CandidateFactRows> {
    const [row] = await this.marks.query<RawCandidateFacts[]>(
      `SELECT NOT (${notRestricted('me.id')}) AS restricted,
              p.career_stage, p.languages, p.availability,
              ${assessmentTuplesSql('s.person_id = me.id')} AS assessments,
              ${targetTuplesSql('me.id')} AS targets,
              (SELECT coalesce(json_agg(json_build_array(m.opportunity_id, m.mark)), '[]'::json)
                 FROM opportunity_marks m WHERE m.user_id = me.id) AS marks,
              (SELECT coalesce(array_agg(a.opportunity_id::text), '{}'::text[])
                 FROM applications a
                WHERE a.candidate_id = me.id AND a.status = ANY($2::text[]) AND NOT ${closedBySql('a')}) AS applied,
              (SELECT coalesce(json_agg(json_build_array(e.id, e.opportunity_id, e.reason,
                        floor(extract(epoch FROM e.created_at) * 1000))), '[]'::json)
                 FROM eligibility_overrides e WHERE e.candidate_id = me.id) AS overrides
         FROM (SELECT $1::uuid AS id) me
         LEFT JOIN profiles p ON p.user_id = me.id`,
      [userId, LIVE_APPLICATION_STATUSES],
    );
    return {
      restricted: row.restricted,
      careerStage: row.career_stage,
      languages: row.languages ?? [],
      availability: row.availability ?? [],
      assessments: assessmentsOf(row.assessments),
      targetRequirements: targetRequirementsOf(row.targets),
      marks: new Map(row.marks),
      applied: new Set(row.applied),
      overrides: row.overrides.map(([id, opportunityId, reason, at]) => ({
        id,
        opportunityId,
        candidateId: userId,
        reason,
        createdAt: new Date(at),
      })),
    };
  }

  /** Of these opportunities, those still OPEN before their deadline. */
  async findStillOpen(ids: readonly string[], now: Date): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.marks.query<{ id: string }[]>(
      `SELECT o.id FROM opportunities o WHERE o.id = ANY($1::uuid[]) AND o.status = $2 AND o.application_deadline > $3`,
      [ids, OpportunityStatus.OPEN, now],
    );
    return new Set(rows.map((r) => r.id));
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
