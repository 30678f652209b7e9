import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Erasure (src/privacy-rights decides): every live share link of the person is revoked at once. */
@Injectable()
export class TalentProfilesErasure {
  async revokeSharesOf(em: EntityManager, personId: string, now: Date): Promise<void> {
    await em.query(
      'UPDATE talent_profile_shares SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL',
      [personId, now],
    );
  }
}
