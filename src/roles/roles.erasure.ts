import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Erasure (src/privacy-rights decides): the person's target roles go. */
@Injectable()
export class RolesErasure {
  async deleteTargetRolesOf(em: EntityManager, personId: string): Promise<void> {
    await em.query('DELETE FROM person_target_roles WHERE person_id = $1', [personId]);
  }
}
