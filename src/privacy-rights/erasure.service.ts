import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ApplicationsErasure } from '../applications/applications.erasure';
import { AuditErasure } from '../audit/audit.erasure';
import { AccountActivity } from '../auth/account-activity';
import { AuthSessionsService } from '../auth/auth-sessions.service';
import { SessionEndReason } from '../auth/entities/auth-session.entity';
import { PasswordHasher } from '../auth/password-hasher';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { ContestsErasure } from '../contests/contests.erasure';
import { NotificationsErasure } from '../notifications/notifications.erasure';
import { ConsentRecords } from '../privacy/consent-records';
import { PrivacyRecords } from '../privacy/privacy-records';
import { OpportunitiesErasure } from '../opportunities/opportunities.erasure';
import { ProfilesErasure } from '../profiles/profiles.erasure';
import { RecommendationsErasure } from '../recommendations/recommendations.erasure';
import { RolesErasure } from '../roles/roles.erasure';
import { RoundsErasure } from '../rounds/rounds.erasure';
import { TalentProfilesErasure } from '../talent-profiles/talent-profiles.erasure';
import { UsersErasure } from '../users/users.erasure';
import { DataSubjectRequestsRepository } from './data-subject-requests.repository';
import {
  DataSubjectRequestEntity,
  DataSubjectRequestKind,
  DataSubjectRequestStatus,
  KeptRecord,
} from './entities/data-subject-request.entity';
import { DataSubjectRequestModel, ErasureModel, ErasureRequestModel } from './models/erasure.model';
import {
  alreadyErased,
  cannotEraseSelf,
  erasureAlreadyRequested,
  erasureRequestNotFound,
  personNotFound,
  reasonRequired,
} from './privacy-rights.errors';

/** The reason an erasure the person asked for is recorded with (their own words are erased too). */
export const REQUESTED_BY_PERSON = 'Requested by the person (requestErasure)';

function requestModel(r: DataSubjectRequestEntity): ErasureRequestModel {
  return {
    id: r.id,
    subjectId: r.subjectId,
    status: r.status,
    reason: r.reason,
    createdAt: r.createdAt,
    completedAt: r.completedAt,
  };
}

/**
 * Erasure (GDPR art. 17): a person is anonymised, not deleted, so that what counted them (an
 * opportunity's applications, a round's statistics) keeps counting. Admins erase on request
 * (`erasePerson`) or confirm what a person asked for (`requestErasure`, `confirmErasure`). One
 * transaction; each feature anonymises its own tables; the sessions' end is announced after commit.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly requests: DataSubjectRequestsRepository,
    private readonly users: UsersErasure,
    private readonly profiles: ProfilesErasure,
    private readonly applications: ApplicationsErasure,
    private readonly notifications: NotificationsErasure,
    private readonly audit: AuditErasure,
    private readonly shares: TalentProfilesErasure,
    private readonly marks: RecommendationsErasure,
    private readonly targetRoles: RolesErasure,
    private readonly opportunities: OpportunitiesErasure,
    private readonly rounds: RoundsErasure,
    private readonly contests: ContestsErasure,
    private readonly sessions: AuthSessionsService,
    private readonly activity: AccountActivity,
    private readonly consents: ConsentRecords,
    private readonly privacyRecords: PrivacyRecords,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionRunner,
  ) {}

  /** Any signed-in person: asks to be erased; an admin confirms. */
  requestErasure(viewer: AuthUser, reason: string | null | undefined): Promise<ErasureRequestModel> {
    return this.tx.run(async (em) => {
      const account = await this.users.lockAccount(em, viewer.id);
      if (!account || account.erasedAt) throw personNotFound();
      if (await this.requests.findOpenErasureForUpdate(em, { subjectId: viewer.id }))
        throw erasureAlreadyRequested();
      const row = await this.requests.insert(em, {
        subjectId: viewer.id,
        kind: DataSubjectRequestKind.ERASURE,
        status: DataSubjectRequestStatus.REQUESTED,
        requestedBy: viewer.id,
        reason: reason?.trim() || null,
        completedAt: null,
        completedBy: null,
      });
      return requestModel(row);
    });
  }

  /**
   * The viewer's own exports and erasure requests, newest first: the viewer only (the subject is the
   * viewer, so nobody reads another's). Not audited: reading your own requests, like your consents.
   */
  async myRequests(viewer: AuthUser, first: number): Promise<DataSubjectRequestModel[]> {
    const rows = await this.tx.run((em) => this.requests.listOf(em, viewer.id, first));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      byYou: r.requestedBy === viewer.id,
      reason: r.requestedBy === viewer.id ? r.reason : null,
      requestedAt: r.createdAt,
      decidedAt: r.completedAt,
      kept: r.kept,
    }));
  }

  /** ADMIN (the resolver's @Roles): the open requests, oldest first. */
  async openRequests(first: number): Promise<ErasureRequestModel[]> {
    const rows = await this.tx.run((em) => this.requests.listOpenErasures(em, first));
    return rows.map(requestModel);
  }

  /** ADMIN: erases a person on request, with the reason (kept with the erasure's record). */
  async erasePerson(admin: AuthUser, personId: string, reason: string): Promise<ErasureModel> {
    if (!reason.trim()) throw reasonRequired();
    if (personId === admin.id) throw cannotEraseSelf();
    return this.erase(admin.id, { personId, reason: reason.trim() });
  }

  /**
   * The retention job (category INACTIVE_ACCOUNTS): erases an account inactive past the rule, on the
   * authority of the admin who set the rule (`actorId`, recorded as the erasure's admin).
   */
  eraseInactive(personId: string, actorId: string, reason: string): Promise<ErasureModel> {
    return this.erase(actorId, { personId, reason });
  }

  /** ADMIN: carries out a person's request. */
  confirmErasure(admin: AuthUser, requestId: string): Promise<ErasureModel> {
    return this.erase(admin.id, { requestId });
  }

  private async erase(
    adminId: string,
    target: { personId: string; reason: string } | { requestId: string },
  ): Promise<ErasureModel> {
    const unusablePasswordHash = await this.hasher.hash(randomBytes(32).toString('base64url'));
    const now = new Date();
    const { result, endedSessions } = await this.tx.run(async (em) => {
      let request: DataSubjectRequestEntity | null;
      let personId: string;
      if ('requestId' in target) {
        request = await this.requests.findOpenErasureForUpdate(em, { id: target.requestId });
        if (!request) throw erasureRequestNotFound();
        personId = request.subjectId;
        if (personId === adminId) throw cannotEraseSelf();
      } else {
        personId = target.personId;
        request = null;
      }
      const account = await this.users.lockAccount(em, personId);
      if (!account) throw personNotFound();
      if (account.erasedAt) throw alreadyErased();
      request ??= await this.requests.findOpenErasureForUpdate(em, { subjectId: personId });

      const kept = await this.keptRecords(em, personId, now);
      await this.withdrawConsents(em, account.user, now);
      const ended = await this.anonymise(em, personId, unusablePasswordHash, now);

      const reason = 'reason' in target ? target.reason : REQUESTED_BY_PERSON;
      let requestId: string;
      if (request) {
        await this.requests.complete(em, request.id, {
          completedBy: adminId,
          completedAt: now,
          reason,
          kept,
        });
        requestId = request.id;
      } else {
        const row = await this.requests.insert(em, {
          subjectId: personId,
          kind: DataSubjectRequestKind.ERASURE,
          status: DataSubjectRequestStatus.DONE,
          requestedBy: adminId,
          reason,
          completedAt: now,
          completedBy: adminId,
          kept,
        });
        requestId = row.id;
      }
      return { result: { requestId, subjectId: personId, erasedAt: now, kept }, endedSessions: ended };
    });
    await this.sessions.announceEnded(endedSessions);
    return result;
  }

  /** Every feature anonymises what it holds about the person; returns the sessions that ended. */
  private async anonymise(
    em: EntityManager,
    personId: string,
    unusablePasswordHash: string,
    now: Date,
  ): Promise<string[]> {
    await this.users.anonymise(em, personId, unusablePasswordHash, now);
    const ended = await this.sessions.endAllOfUser(em, personId, null, SessionEndReason.ACCOUNT_ERASED);
    await this.activity.deleteOf(em, personId);
    await this.profiles.anonymise(em, personId);
    await this.applications.anonymise(em, personId);
    await this.notifications.deleteOf(em, personId);
    await this.audit.deleteReadsOf(em, personId);
    await this.privacyRecords.eraseRestrictionReasonsOf(em, personId);
    await this.contests.deleteOf(em, personId);
    await this.shares.revokeSharesOf(em, personId, now);
    await this.marks.deleteMarksOf(em, personId);
    await this.targetRoles.deleteTargetRolesOf(em, personId);
    await this.opportunities.anonymiseCoSupervisionsOf(em, personId);
    await this.rounds.pseudonymise(em, personId, randomUUID());
    await this.requests.deleteExportsOf(em, personId);
    return ended;
  }

  /** Every live consent is withdrawn (the consent feature's own rule, so nothing keeps using it). */
  private async withdrawConsents(em: EntityManager, person: AuthUser, now: Date): Promise<void> {
    const live = (await this.privacyRecords.consentsOf(person.id)).filter((c) => c.withdrawnAt === null);
    if (live.length === 0) return;
    const purposes = await this.privacyRecords.findPurposesByIds(live.map((c) => c.purposeId));
    for (const purpose of purposes) await this.consents.withdraw(em, person, purpose, now);
  }

  /** What must stay, and until when: ongoing placements, and the erasure's own record. */
  private async keptRecords(em: EntityManager, personId: string, now: Date): Promise<KeptRecord[]> {
    const placements = await this.applications.ongoingPlacements(
      em,
      personId,
      now.toISOString().slice(0, 10),
    );
    return [
      ...placements.map((p) => ({
        what: `the accepted placement of application ${p.applicationId} on opportunity ${p.opportunityId} (its status keeps the seat taken)`,
        why: 'an ongoing placement (contract): the seat and the host’s record of it stay until the placement ends',
        until: p.endsOn,
      })),
      {
        what: 'the record of this erasure (when, by which admin, the reason)',
        why: 'accountability: proof that the erasure was carried out (GDPR art. 5(2)); it names the anonymised account by id only',
        until: null,
      },
    ];
  }
}
