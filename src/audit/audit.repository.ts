import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { PersonalDataReadEntity } from './entities/personal-data-read.entity';
import { PrivacyActionEntity } from './entities/privacy-action.entity';
import { PersonalDataReadKind } from './models/personal-data-read.model';

export interface NewPrivacyAction {
  subjectId: string | null;
  actorId: string;
  actorOrganisationId: string;
  actorRoles: readonly string[];
  action: string;
  detail: Record<string, string | number | boolean | null>;
}

export interface NewRead {
  subjectIds: readonly string[];
  readerId: string;
  readerOrganisationId: string;
  readerRoles: readonly string[];
  kind: PersonalDataReadKind;
}

@Injectable()
export class AuditRepository {
  constructor(
    @InjectRepository(PersonalDataReadEntity) private readonly reads: Repository<PersonalDataReadEntity>,
    @InjectRepository(PrivacyActionEntity) private readonly actions: Repository<PrivacyActionEntity>,
  ) {}

  /** In the caller's transaction. */
  async insertAction(action: NewPrivacyAction, em: EntityManager): Promise<void> {
    await em.insert(PrivacyActionEntity, {
      subjectId: action.subjectId,
      actorId: action.actorId,
      actorOrganisationId: action.actorOrganisationId,
      actorRoles: [...action.actorRoles],
      action: action.action,
      detail: action.detail,
    });
  }

  /** Newest first. */
  findActions(filter: { subjectId?: string | null; actorId?: string | null }, first: number) {
    return this.actions.find({
      where: {
        ...(filter.subjectId ? { subjectId: filter.subjectId } : {}),
        ...(filter.actorId ? { actorId: filter.actorId } : {}),
      },
      order: { occurredAt: 'DESC', id: 'ASC' },
      take: first,
    });
  }

  /** One row per subject, in one statement. */
  async insertReads(read: NewRead): Promise<void> {
    await this.reads.manager.query(
      `INSERT INTO personal_data_reads (subject_id, reader_id, reader_organisation_id, reader_roles, kind)
       SELECT s, $2, $3, $4::text[], $5 FROM unnest($1::uuid[]) AS s`,
      [read.subjectIds, read.readerId, read.readerOrganisationId, read.readerRoles, read.kind],
    );
  }

  /** Newest first. */
  find(filter: { subjectId?: string | null; readerId?: string | null }, first: number) {
    return this.reads.find({
      where: {
        ...(filter.subjectId ? { subjectId: filter.subjectId } : {}),
        ...(filter.readerId ? { readerId: filter.readerId } : {}),
      },
      order: { readAt: 'DESC', id: 'ASC' },
      take: first,
    });
  }
}
