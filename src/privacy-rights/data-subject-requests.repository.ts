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

  /** An open (REQUESTED) erasure request, locked; by its id or by its subject. */
  findOpenErasureForUpdate(
    em: EntityManager,
    by: { id: string } | { subjectId: string },
  ): Promise<DataSubjectRequestEntity | null> {
    return em
      .getRepository(DataSubjectRequestEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.kind = :kind AND r.status = :status', {
        kind: DataSubjectRequestKind.ERASURE,
        status: DataSubjectRequestStatus.REQUESTED,
      })
      .andWhere('id' in by ? 'r.id = :id' : 'r.subject_id = :subjectId', by)
      .getOne();
  }

  async complete(
    em: EntityManager,
    id: string,
    done: { completedBy: string; completedAt: Date; reason: string | null; kept: KeptRecord[] },
  ): Promise<void> {
    await em.getRepository(DataSubjectRequestEntity).update(
      { id },
      {
        status: DataSubjectRequestStatus.DONE,
        completedBy: done.completedBy,
        completedAt: done.completedAt,
        reason: done.reason,
        kept: done.kept,
      },
    );
  }

  /** The log of a person's exports goes with their erasure (the erasure's own record stays). */
  async deleteExportsOf(em: EntityManager, subjectId: string): Promise<void> {
    await em
      .getRepository(DataSubjectRequestEntity)
      .delete({ subjectId, kind: DataSubjectRequestKind.EXPORT });
  }

  /** Open erasure requests, oldest first. */
  listOpenErasures(em: EntityManager, first: number): Promise<DataSubjectRequestEntity[]> {
    return em.getRepository(DataSubjectRequestEntity).find({
      where: { kind: DataSubjectRequestKind.ERASURE, status: DataSubjectRequestStatus.REQUESTED },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: first,
    });
  }

  /** A person's own requests (exports and erasures), newest first. */
  listOf(em: EntityManager, subjectId: string, first: number): Promise<DataSubjectRequestEntity[]> {
    return em.getRepository(DataSubjectRequestEntity).find({
      where: { subjectId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: first,
    });
  }
}
