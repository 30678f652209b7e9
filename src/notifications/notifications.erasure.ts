import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NotificationJobsRepository } from './notification-jobs.repository';

/** Erasure (src/privacy-rights decides): a person's notifications go, queued ones too. */
@Injectable()
export class NotificationsErasure {
  constructor(private readonly jobs: NotificationJobsRepository) {}

  async deleteOf(em: EntityManager, personId: string): Promise<void> {
    // First out of the queued jobs: a job being written now is waited for, so its notices are
    // stored when the next statement deletes the person's notifications.
    await this.jobs.removeRecipient(em, personId);
    await em.query('DELETE FROM notifications WHERE user_id = $1', [personId]);
  }
}
