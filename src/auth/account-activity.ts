import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountActivityRepository } from './account-activity.repository';

/**
 * What other features may read or write of account activity (issue 11): retention asks which accounts
 * have been inactive, erasure deletes a person's record in its transaction. They call this, never
 * AccountActivityRepository.
 */
@Injectable()
export class AccountActivity {
  constructor(private readonly repo: AccountActivityRepository) {}

  countInactiveBefore(cutoff: Date): Promise<number> {
    return this.repo.countInactiveBefore(cutoff);
  }

  /** Up to `limit` of them, longest inactive first. */
  inactiveBefore(cutoff: Date, limit: number): Promise<string[]> {
    return this.repo.inactiveBefore(cutoff, limit);
  }

  deleteOf(em: EntityManager, userId: string): Promise<void> {
    return this.repo.deleteOf(em, userId);
  }
}
