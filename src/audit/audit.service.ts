import { Injectable } from '@nestjs/common';
import { readsAreAudited } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { UserRole } from '../core/domain/enums';
import { EntityManager } from 'typeorm';
import { AuditRepository } from './audit.repository';
import {
  MyPersonalDataReadsArgs,
  PersonalDataReadsArgs,
  PrivacyActionsArgs,
} from './dto/personal-data-read.inputs';
import { PersonalDataReadEntity } from './entities/personal-data-read.entity';
import { PrivacyActionEntity } from './entities/privacy-action.entity';
import { PersonalDataReadKind, PersonalDataReadModel } from './models/personal-data-read.model';
import { PrivacyActionKind, PrivacyActionModel } from './models/privacy-action.model';

function toModel(row: PersonalDataReadEntity, showReader: boolean): PersonalDataReadModel {
  return {
    id: row.id,
    subjectId: row.subjectId,
    readerId: showReader ? row.readerId : null,
    readerOrganisationId: row.readerOrganisationId,
    readerRoles: row.readerRoles as UserRole[],
    kind: row.kind,
    readAt: row.readAt,
  };
}

function toActionModel(row: PrivacyActionEntity, showActor: boolean): PrivacyActionModel {
  return {
    id: row.id,
    subjectId: row.subjectId,
    actorId: showActor ? row.actorId : null,
    actorOrganisationId: row.actorOrganisationId,
    actorRoles: row.actorRoles as UserRole[],
    action: row.action as PrivacyActionKind,
    detail: Object.entries(row.detail).map(([key, value]) => ({
      key,
      value: value === null ? null : String(value),
    })),
    occurredAt: row.occurredAt,
  };
}

/**
 * The audit trail of HR reads of personal data (PRODUCT.md, privacy). A feature that shows someone's
 * personal data to a viewer calls `recordReads` before it answers; reads by HR and admins of other
 * people are written, in one statement, and a failed write fails the read (no unaudited read).
 * A person's own data, and reads by candidates and supervisors (who only see what a person applied
 * with or made findable), are not recorded.
 *
 * A person sees the reads of their own data (organisation and role of the reader, not the reader);
 * admins see everything.
 */
@Injectable()
export class PersonalDataAudit {
  constructor(private readonly repo: AuditRepository) {}

  async recordReads(
    viewer: AuthUser,
    kind: PersonalDataReadKind,
    subjectIds: Iterable<string>,
  ): Promise<void> {
    if (!readsAreAudited(viewer)) return;
    const subjects = [...new Set(subjectIds)].filter((id) => id !== viewer.id);
    if (subjects.length === 0) return;
    await this.repo.insertReads({
      subjectIds: subjects,
      readerId: viewer.id,
      readerOrganisationId: viewer.organisationId,
      readerRoles: viewer.roles,
      kind,
    });
  }

  /**
   * Records one use of a data protection right, in the transaction of the use (`em`): if the write
   * fails, the use fails with it. `detail` holds ids and codes only, never the person's free text.
   */
  recordAction(
    em: EntityManager,
    actor: AuthUser,
    action: PrivacyActionKind,
    subjectId: string | null,
    detail: Record<string, string | number | boolean | null> = {},
  ): Promise<void> {
    return this.repo.insertAction(
      {
        subjectId,
        actorId: actor.id,
        actorOrganisationId: actor.organisationId,
        actorRoles: actor.roles,
        action,
        detail,
      },
      em,
    );
  }

  /** The uses of rights concerning the viewer; who acted is shown only when it was the viewer. */
  async actionsOfMine(viewer: AuthUser, args: MyPersonalDataReadsArgs): Promise<PrivacyActionModel[]> {
    const rows = await this.repo.findActions({ subjectId: viewer.id }, args.first);
    return rows.map((r) => toActionModel(r, r.actorId === viewer.id));
  }

  /** ADMIN only (the resolver's @Roles). */
  async actions(args: PrivacyActionsArgs): Promise<PrivacyActionModel[]> {
    const rows = await this.repo.findActions({ subjectId: args.personId, actorId: args.actorId }, args.first);
    return rows.map((r) => toActionModel(r, true));
  }

  async readsOfMine(viewer: AuthUser, args: MyPersonalDataReadsArgs): Promise<PersonalDataReadModel[]> {
    const rows = await this.repo.find({ subjectId: viewer.id }, args.first);
    return rows.map((r) => toModel(r, false));
  }

  /** ADMIN only (the resolver's @Roles). */
  async reads(args: PersonalDataReadsArgs): Promise<PersonalDataReadModel[]> {
    const rows = await this.repo.find({ subjectId: args.personId, readerId: args.readerId }, args.first);
    return rows.map((r) => toModel(r, true));
  }
}
