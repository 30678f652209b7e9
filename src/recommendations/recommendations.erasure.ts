import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Erasure (src/privacy-rights decides): the person's saved and dismissed opportunities go. */
@Injectable()
export class RecommendationsErasure {
  async deleteMarksOf(em: EntityManager, personId: string): Promise<void> {
    await em.query('DELETE FROM opportunity_marks WHERE user_id = $1', [personId]);
  }
}
