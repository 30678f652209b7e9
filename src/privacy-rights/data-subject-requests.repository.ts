import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  DataSubjectRequestEntity,
  DataSubjectRequestKind,
  DataSubjectRequestStatus,
  KeptRecord,
} from './entities/data-subject-request.entity';

/** The log of rights used and the queue of erasure requests. */
@Injectable()
export class DataSubjectRequestsRepository {
  async insert(
    em: EntityManager,
    row: {
      subjectId: string;
      kind: DataSubjectRequestKind;
      status: DataSubjectRequestStatus;
      requestedBy: string;
      reason: string | null;
      completedAt: Date | null;
      completedBy: string | null;
      kept?: KeptRecord[] | null;
    },
  ): Promise<DataSubjectRequestEntity> {
    const repo = em.getRepository(DataSubjectRequestEntity);
    return repo.save(repo.create({ ...row, kept: row.kept ?? null }));
  }
}
