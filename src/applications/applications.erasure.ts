import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface OngoingPlacement {
  applicationId: string;
  opportunityId: string;
  /** The placement's last day (YYYY-MM-DD). */
  endsOn: string;
}

/**
 * Erasure of a person's applications (src/privacy-rights decides): the rows stay, so that an
 * opportunity's counts do not change, without the motivation and the reasons in their history and
 * in HR's eligibility overrides.
 */
@Injectable()
export class ApplicationsErasure {
  /** ACCEPTED applications whose opportunity has not ended by `today` (YYYY-MM-DD). */
  async ongoingPlacements(em: EntityManager, personId: string, today: string): Promise<OngoingPlacement[]> {
    const rows: { id: string; opportunity_id: string; ends_on: string }[] = await em.query(
      `SELECT a.id, a.opportunity_id, to_char(o.ends_on, 'YYYY-MM-DD') AS ends_on
         FROM applications a JOIN opportunities o ON o.id = a.opportunity_id
        WHERE a.candidate_id = $1 AND a.status = 'ACCEPTED' AND o.ends_on >= $2::date
        ORDER BY o.ends_on, a.id`,
      [personId, today],
    );
    return rows.map((r) => ({ applicationId: r.id, opportunityId: r.opportunity_id, endsOn: r.ends_on }));
  }

  async anonymise(em: EntityManager, personId: string): Promise<void> {
    await em.query('UPDATE applications SET motivation = NULL WHERE candidate_id = $1', [personId]);
    await em.query(
      `UPDATE application_transitions t SET reason = NULL
         FROM applications a WHERE a.id = t.application_id AND a.candidate_id = $1 AND t.reason IS NOT NULL`,
      [personId],
    );
    // A round's grouped history rows are the candidate's own (migration 1795971000000).
    await em.query(
      `UPDATE application_transition_groups SET reason = NULL WHERE candidate_id = $1 AND reason IS NOT NULL`,
      [personId],
    );
    // The override stays as the record that HR let them apply; its reason goes.
    await em.query('UPDATE eligibility_overrides SET reason = $2 WHERE candidate_id = $1', [
      personId,
      ERASED_ELIGIBILITY_OVERRIDE_REASON,
    ]);
  }
}

/** What an erased person's eligibility overrides say instead of HR's reason. */
export const ERASED_ELIGIBILITY_OVERRIDE_REASON = '(erased)';
