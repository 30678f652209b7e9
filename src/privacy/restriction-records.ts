import { Injectable } from '@nestjs/common';
import { PrivacyRepository } from './privacy.repository';

/**
 * Whether a person's processing is restricted, for features that decide in code rather than in SQL
 * (those use `notRestricted` in their queries). Global through PrivacyRecordsModule.
 */
@Injectable()
export class RestrictionRecords {
  constructor(private readonly repo: PrivacyRepository) {}

  async isRestricted(personId: string): Promise<boolean> {
    return (await this.repo.restrictionInForce(personId)) !== null;
  }
}
