import { Injectable } from '@nestjs/common';
import { PersonalDataAudit } from '../audit/audit.service';
import { PrivacyActionKind } from '../audit/models/privacy-action.model';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { UsersDirectory } from '../users/users.directory';
import { PersonRestrictionArgs, RequestRestrictionArgs, RestrictionStatusArgs } from './dto/privacy.inputs';
import { ProcessingRestrictionEntity } from './entities/processing-restriction.entity';
import {
  ProcessingRestrictionModel,
  ProcessingRestrictionStatusModel,
} from './models/processing-restriction.model';
import { administers } from '../access/access.policy';
import { blankReason, personNotFound } from './privacy.errors';
import { PrivacyRepository } from './privacy.repository';

function toModel(r: ProcessingRestrictionEntity): ProcessingRestrictionModel {
  return {
    id: r.id,
    personId: r.personId,
    inForce: r.liftedAt === null,
    requestedByPerson: r.requestedBy === r.personId,
    reason: r.reason,
    startedAt: r.startedAt,
    liftedAt: r.liftedAt,
    liftReason: r.liftReason,
  };
}

function toStatus(personId: string, r: ProcessingRestrictionEntity | null): ProcessingRestrictionStatusModel {
  return { personId, restricted: r !== null, since: r?.startedAt ?? null };
}

/**
 * Restriction of processing (GDPR art. 18). A person's own request is in force at once: the article
 * has processing restricted while the grounds are checked, so the check does not wait for HR. HR of the
 * person's organisation and admins set one on a person (for instance while a correction is being
 * checked) and lift one, with a reason; the person is told either way. Where it acts: the features
 * that select people filter with `notRestricted` (restriction-sql.ts) or ask RestrictionRecords.
 */
@Injectable()
export class RestrictionsService {
  constructor(
    private readonly repo: PrivacyRepository,
    private readonly users: UsersDirectory,
    private readonly audit: PersonalDataAudit,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionRunner,
  ) {}

  async myRestrictions(viewer: AuthUser): Promise<ProcessingRestrictionModel[]> {
    return (await this.repo.restrictionsOf(viewer.id)).map(toModel);
  }

  /** The person asks; in force at once. Asking while one is in force returns that one. */
  async request(viewer: AuthUser, args: RequestRestrictionArgs): Promise<ProcessingRestrictionModel> {
    const reason = args.reason.trim();
    if (!reason) throw blankReason();
    const restriction = await this.tx.run(async (em) => {
      await this.users.lockAccount(viewer.id, em);
      const inForce = await this.repo.lockRestrictionInForce(viewer.id, em);
      if (inForce) return inForce;
      const row = await this.repo.insertRestriction(
        { personId: viewer.id, requestedBy: viewer.id, reason, startedAt: new Date() },
        em,
      );
      await this.audit.recordAction(em, viewer, PrivacyActionKind.RESTRICTION_REQUESTED, viewer.id, {
        restrictionId: row.id,
      });
      const hr = await this.users.hrOf(viewer.organisationId, em);
      await this.notifications.record(
        em,
        hr.map((userId) => ({
          userId,
          type: 'PROCESSING_RESTRICTION_REQUESTED',
          message: 'A person of your organisation restricted the processing of their data.',
        })),
      );
      return row;
    });
    return toModel(restriction);
  }

  /** HR of the person's organisation or an admin: whether a restriction applies, not why. */
  async status(viewer: AuthUser, args: RestrictionStatusArgs): Promise<ProcessingRestrictionStatusModel> {
    const person = await this.users.findById(args.personId);
    if (!person || !administers(viewer, person.organisationId)) throw personNotFound();
    return toStatus(person.id, await this.repo.restrictionInForce(person.id));
  }

  /** HR of the person's organisation or an admin sets one (a restriction in force stays as it is). */
  async restrict(viewer: AuthUser, args: PersonRestrictionArgs): Promise<ProcessingRestrictionStatusModel> {
    const reason = args.reason.trim();
    if (!reason) throw blankReason();
    const person = await this.users.findById(args.personId);
    if (!person || !administers(viewer, person.organisationId)) throw personNotFound();
    const restriction = await this.tx.run(async (em) => {
      await this.users.lockAccount(person.id, em);
      const inForce = await this.repo.lockRestrictionInForce(person.id, em);
      if (inForce) return inForce;
      const row = await this.repo.insertRestriction(
        { personId: person.id, requestedBy: viewer.id, reason, startedAt: new Date() },
        em,
      );
      await this.audit.recordAction(em, viewer, PrivacyActionKind.RESTRICTION_SET, person.id, {
        restrictionId: row.id,
      });
      await this.notifications.record(em, [
        {
          userId: person.id,
          type: 'PROCESSING_RESTRICTED',
          message: 'The processing of your data was restricted. See Privacy for the reason.',
        },
      ]);
      return row;
    });
    return toStatus(person.id, restriction);
  }

  /** HR of the person's organisation or an admin lifts the one in force, telling the person. */
  async lift(viewer: AuthUser, args: PersonRestrictionArgs): Promise<ProcessingRestrictionStatusModel> {
    const reason = args.reason.trim();
    if (!reason) throw blankReason();
    const person = await this.users.findById(args.personId);
    if (!person || !administers(viewer, person.organisationId)) throw personNotFound();
    await this.tx.run(async (em) => {
      await this.users.lockAccount(person.id, em);
      const inForce = await this.repo.lockRestrictionInForce(person.id, em);
      if (!inForce) return;
      await this.repo.liftRestriction(
        inForce,
        { liftedBy: viewer.id, liftReason: reason, liftedAt: new Date() },
        em,
      );
      await this.audit.recordAction(em, viewer, PrivacyActionKind.RESTRICTION_LIFTED, person.id, {
        restrictionId: inForce.id,
      });
      await this.notifications.record(em, [
        {
          userId: person.id,
          type: 'PROCESSING_RESTRICTION_LIFTED',
          message: 'The restriction of processing of your data was lifted. See Privacy for the reason.',
        },
      ]);
    });
    return toStatus(person.id, null);
  }
}
