import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Erasure (src/privacy-rights decides): the audit rows about a person go (their reads of others stay). */
@Injectable()
export class AuditErasure {
  async deleteReadsOf(em: EntityManager, subjectId: string): Promise<void> {
    await em.query('DELETE FROM personal_data_reads WHERE subject_id = $1', [subjectId]);
  }
}
