import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Erasure (src/privacy-rights decides): the audit rows about a person go, the reads of their data and
 * the uses of their rights (what they did to others' data stays).
 */
@Injectable()
export class AuditErasure {
  async deleteReadsOf(em: EntityManager, subjectId: string): Promise<void> {
    await em.query('DELETE FROM personal_data_reads WHERE subject_id = $1', [subjectId]);
    await em.query('DELETE FROM privacy_actions WHERE subject_id = $1', [subjectId]);
  }
}
