import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConsentEntity } from './entities/consent.entity';
import { ProcessingPurposeEntity } from './entities/processing-purpose.entity';
import { PrivacyRepository } from './privacy.repository';

/**
 * What other features may read or write of the privacy records beyond ConsentRecords and
 * RestrictionRecords (issue 11): erasure reads a person's consents and their purposes, and erases
 * restriction reasons. They call this, never PrivacyRepository.
 */
@Injectable()
export class PrivacyRecords {
  constructor(private readonly repo: PrivacyRepository) {}

  consentsOf(personId: string): Promise<ConsentEntity[]> {
    return this.repo.consentsOf(personId);
  }

  findPurposesByIds(ids: readonly string[]): Promise<ProcessingPurposeEntity[]> {
    return this.repo.findPurposesByIds(ids);
  }

  eraseRestrictionReasonsOf(em: EntityManager, personId: string): Promise<void> {
    return this.repo.eraseRestrictionReasonsOf(em, personId);
  }
}
