import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Erasure (src/privacy-rights decides): what a co-supervisor wrote when declining goes. */
@Injectable()
export class OpportunitiesErasure {
  async anonymiseCoSupervisionsOf(em: EntityManager, personId: string): Promise<void> {
    await em.query(
      'UPDATE co_supervisions SET decline_reason = NULL WHERE co_supervisor_id = $1 AND decline_reason IS NOT NULL',
      [personId],
    );
  }
}
