import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationStatus } from '../core/domain/enums';
import { CoSupervisionStatus } from '../core/opportunities/co-supervision';
import { closedBySql } from '../applications/application-states';

/** Co-supervisions that make someone host staff: invited (sees the project) or accepted. */
const ACTIVE_CO_SUPERVISION: readonly string[] = [CoSupervisionStatus.INVITED, CoSupervisionStatus.ACCEPTED];

/** An applicant reads an opportunity's confidential details once shortlisted (or further). */
export const CONFIDENTIAL_APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  ApplicationStatus.SHORTLISTED,
  ApplicationStatus.OFFERED,
  ApplicationStatus.ACCEPTED,
  ApplicationStatus.COMPLETED,
];

/**
 * The facts access rules need that take a lookup, read set-based: one query for a whole set of ids,
 * answering the subset the user holds the relation on. Read-only; the tables belong to their features.
 */
@Injectable()
export class AccessRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Of `opportunityIds`, those `userId` co-supervises: invited or accepted, or accepted only. */
  async coSupervisedBy(
    userId: string,
    opportunityIds: readonly string[],
    opts: { acceptedOnly: boolean },
    em?: EntityManager,
  ): Promise<Set<string>> {
    if (opportunityIds.length === 0) return new Set();
    const statuses = opts.acceptedOnly ? [CoSupervisionStatus.ACCEPTED] : ACTIVE_CO_SUPERVISION;
    const rows: { id: string }[] = await (em ?? this.dataSource.manager).query(
      `SELECT cs.opportunity_id AS id FROM co_supervisions cs
        WHERE cs.opportunity_id = ANY($1::uuid[]) AND cs.co_supervisor_id = $2 AND cs.status = ANY($3::text[])`,
      [opportunityIds, userId, statuses],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Of `opportunityIds`, those whose confidential details `userId` reads through a relation: as
   * co-supervisor (invited or accepted) or as an applicant shortlisted or further (an application a
   * closure lists is REJECTED, application-states.ts: a closed shortlisting grants nothing).
   */
  async confidentialReadableBy(userId: string, opportunityIds: readonly string[]): Promise<Set<string>> {
    if (opportunityIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT cs.opportunity_id AS id FROM co_supervisions cs
        WHERE cs.opportunity_id = ANY($1::uuid[]) AND cs.co_supervisor_id = $2 AND cs.status = ANY($3::text[])
       UNION
       SELECT a.opportunity_id AS id FROM applications a
        WHERE a.opportunity_id = ANY($1::uuid[]) AND a.candidate_id = $2 AND a.status = ANY($4::text[])
          AND NOT ${closedBySql('a')}`,
      [opportunityIds, userId, ACTIVE_CO_SUPERVISION, CONFIDENTIAL_APPLICATION_STATUSES],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Whether `candidateId` has ranked choices in the round (round_choices, the rounds feature's table). */
  async choseInRound(candidateId: string, roundId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM round_choices WHERE round_id = $1 AND candidate_id = $2 LIMIT 1`,
      [roundId, candidateId],
    );
    return rows.length > 0;
  }
}
