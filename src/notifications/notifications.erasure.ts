import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Erasure (src/privacy-rights decides): a person's notifications go. */
@Injectable()
export class NotificationsErasure {
  async deleteOf(em: EntityManager, personId: string): Promise<void> {
    await em.query('DELETE FROM notifications WHERE user_id = $1', [personId]);
  }
}
