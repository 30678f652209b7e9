import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Erasure of a person's profile, of the notes on their assessments and of the corrections HR made to
 * their data (src/privacy-rights decides).
 */
@Injectable()
export class ProfilesErasure {
  /** Headline, languages and availability go; the profile turns PRIVATE (no longer findable). Levels stay, anonymous. */
  async anonymise(em: EntityManager, personId: string): Promise<void> {
    await em.query(
      `UPDATE profiles SET headline = NULL, languages = '[]', availability = '[]', visibility = 'PRIVATE'
        WHERE user_id = $1`,
      [personId],
    );
    // Corrections of their data by HR: the values before and after may be what they wrote.
    await em.query('DELETE FROM data_corrections WHERE person_id = $1', [personId]);
    await em.query('UPDATE assessments SET note = NULL WHERE person_id = $1 AND note IS NOT NULL', [
      personId,
    ]);
  }
}
