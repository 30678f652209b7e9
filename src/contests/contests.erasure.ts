import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Erasure (src/privacy-rights decides): the person's contests go, with their reasons and what they
 * snapshot. Answers an erased HR user gave to others stay (under their anonymised name).
 */
@Injectable()
export class ContestsErasure {
  async deleteOf(em: EntityManager, personId: string): Promise<void> {
    await em.query('DELETE FROM contests WHERE person_id = $1', [personId]);
  }
}
