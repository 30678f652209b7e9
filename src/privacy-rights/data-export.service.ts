import { Injectable } from '@nestjs/common';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { DataExportRepository } from './data-export.repository';
import { DataSubjectRequestsRepository } from './data-subject-requests.repository';
import { DataSubjectRequestKind, DataSubjectRequestStatus } from './entities/data-subject-request.entity';
import { EXPORT_SOURCES } from './export-sources';

export const EXPORT_FORMAT = 'talent-exchange/personal-data-export';
export const EXPORT_VERSION = 1;

export interface PersonalDataExport {
  format: typeof EXPORT_FORMAT;
  version: number;
  subjectId: string;
  exportedAt: string;
  /** SELF: the person asked; ADMIN: an admin exported it for them. */
  exportedBy: 'SELF' | 'ADMIN';
  sections: Record<string, { description: string; rows: unknown[] }>;
}

/**
 * Access and portability (GDPR art. 15 and 20): everything held about a person, machine-readable, read
 * on one snapshot. Every export is logged (data_subject_requests); an admin's export of someone else
 * is also a read of their personal data in the audit trail, which the person sees.
 */
@Injectable()
export class DataExportService {
  constructor(
    private readonly repo: DataExportRepository,
    private readonly requests: DataSubjectRequestsRepository,
    private readonly audit: PersonalDataAudit,
    private readonly tx: TransactionRunner,
  ) {}

  /** The signed-in person's own data. */
  exportMine(viewer: AuthUser): Promise<PersonalDataExport> {
    return this.export(viewer, viewer.id, 'SELF');
  }

  /** ADMIN only (the resolver's and controller's @Roles): someone's data, on their request. */
  async exportPerson(admin: AuthUser, personId: string): Promise<PersonalDataExport> {
    const exists = await this.tx.snapshot((em) => this.repo.personExists(em, personId));
    if (!exists) throw AppError.notFound('Person');
    return this.export(admin, personId, personId === admin.id ? 'SELF' : 'ADMIN');
  }

  private async export(
    viewer: AuthUser,
    personId: string,
    by: PersonalDataExport['exportedBy'],
  ): Promise<PersonalDataExport> {
    const now = new Date();
    await this.tx.run((em) =>
      this.requests.insert(em, {
        subjectId: personId,
        kind: DataSubjectRequestKind.EXPORT,
        status: DataSubjectRequestStatus.DONE,
        requestedBy: viewer.id,
        reason: null,
        completedAt: now,
        completedBy: viewer.id,
      }),
    );
    if (by === 'ADMIN') await this.audit.recordReads(viewer, PersonalDataReadKind.DATA_EXPORT, [personId]);
    const sections = await this.tx.snapshot((em) => this.repo.readSections(em, personId));
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      subjectId: personId,
      exportedAt: now.toISOString(),
      exportedBy: by,
      sections: Object.fromEntries(
        EXPORT_SOURCES.map((s) => [s.key, { description: s.description, rows: sections[s.key] ?? [] }]),
      ),
    };
  }
}
