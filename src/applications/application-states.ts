/**
 * An application's **effective status** (docs/design/closed-choices.md, migration 1795980000000): a
 * round's publication, follow-up or closing rejects a placed candidate's other choices by writing
 * one **closure** (an `application_transition_groups` row marked `closes`) instead of moving each
 * application's row. A closed application is REJECTED since the closure's `at`; its stored `status`
 * keeps SUBMITTED or SHORTLISTED and never moves again. Only those two stored statuses can differ
 * from the effective one.
 *
 * Readers of a status read the view `application_states` (`ApplicationStateEntity`) or, where they
 * must lock the table's row or filter inside a larger statement, these fragments. A reader that only
 * reads OFFERED, ACCEPTED or COMPLETED, or only leaves WITHDRAWN out, reads the same rows either way.
 */

import { ApplicationStatus } from '../core/domain/enums';

/**
 * The stored statuses a closure may close (a round's allocatable ones): only an application stored
 * in one of them can read otherwise; nothing else is ever left unmoved.
 */
export const CLOSABLE_STATUSES: readonly ApplicationStatus[] = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.SHORTLISTED,
];

export function isClosable(status: ApplicationStatus): boolean {
  return CLOSABLE_STATUSES.includes(status);
}

/** SQL: true when a closure lists the application aliased `alias` (probes `ix_application_closures_candidate`). */
export function closedBySql(alias: string): string {
  return `EXISTS (SELECT 1 FROM application_transition_groups k_${alias}
                   WHERE k_${alias}.closes AND k_${alias}.candidate_id = ${alias}.candidate_id
                     AND ${alias}.id = ANY (k_${alias}.application_ids))`;
}

/** SQL: the effective status of the application aliased `alias` (REJECTED when closed). */
export function effectiveStatusSql(alias: string): string {
  return `CASE WHEN ${closedBySql(alias)} THEN 'REJECTED' ELSE ${alias}.status END`;
}
