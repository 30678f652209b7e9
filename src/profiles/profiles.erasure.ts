import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Erasure of a person's profile and of the notes on their assessments (src/privacy-rights decides). */
@Injectable()
export class ProfilesErasure {
  /** Headline, languages and availability go; the profile turns PRIVATE (no longer findable). Levels stay, anonymous. */
  async anonymise(em: EntityManager, personId: string): Promise<void> {
    await em.query(
      `UPDATE profiles SET headline = NULL, languages = '[]', availability = '[]', visibility = 'PRIVATE'
        WHERE user_id = $1`,
      [personId],
    );
    await em.query('UPDATE assessments SET note = NULL WHERE person_id = $1 AND note IS NOT NULL', [
      personId,
    ]);
  }
}
