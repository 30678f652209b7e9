import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { UUID_TEXT_LENGTH, writeUuidText } from '../common/database/uuid-bytes';
import { withWorkMem } from '../common/database/work-mem';
import {
  ApplicationActorKind,
  ApplicationEffect,
  ApplicationErrorCode,
  ApplicationEvent,
  seatsToPassOn,
  transitionApplication,
  WAITING_LIST_OFFER_HOURS,
  waitingListOffers,
} from '../core/applications/application-workflow';
import { ApplicationStatus } from '../core/domain/enums';
import { PackedDecisions } from '../core/rounds/round-decisions';
import { DomainError } from '../core/result';
import { NotificationJobs } from '../notifications/notification-jobs';
import { NotificationsPublisher } from '../notifications/notifications.publisher';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import { OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { ApplicationContextRepository } from './application-context.repository';
import { notificationParams, notificationText, notificationType } from './application-notifications';
import {
  applicationNotFound,
  ApplicationReason,
  noSeatsLeft,
  offersExceedSeats,
  workflowError,
} from './applications.errors';
import { isClosable } from './application-states';
import { roundOutcomeNotices, statusEventColumns } from './round-announcements';
import {
  ApplicationsRepository,
  ChangeKind,
  ClosedPositions,
  DecidedApplications,
} from './applications.repository';

export type { DecidedApplications } from './applications.repository';

/** Who makes a set of changes: the kind the workflow core checks, and the account recorded (null: the system). */
export interface TransitionActor {
  kind: ApplicationActorKind;
  userId: string | null;
}

/** One status change asked of the workflow. */
export interface ApplicationChangeRequest {
  applicationId: string;
  event: ApplicationEvent;
  /** The status the caller decided from: refused when the application is no longer in it. */
  expectedFrom?: ApplicationStatus;
  /** Kept in the history and shown to the people told (required for REJECT). */
  reason?: string | null;
  /** OFFER: the response deadline of the new offer. */
  responseDeadline?: Date | null;
}

/** A change that was made (persisted with its history row, its notifications and live event staged). */
export interface AppliedChange {
  applicationId: string;
  opportunityId: string;
  candidateId: string;
  event: ApplicationEvent;
  from: ApplicationStatus;
  to: ApplicationStatus;
  responseDeadline: Date | null;
  reason: string | null;
  effects: readonly ApplicationEffect[];
}

/** A change the workflow refused (or whose application is missing or moved on). */
export interface RefusedChange {
  request: ApplicationChangeRequest;
  error: DomainError<ApplicationErrorCode> | { code: 'NOT_FOUND' | 'MOVED'; message: string };
}

export interface ApplyManyOptions {
  /** The time the core decides at (deadlines); now by default. */
  now?: Date;
  /**
   * false: the caller has told the people concerned itself (cancelling an opportunity tells its
   * applicants why); the history and the live status events are written all the same.
   */
  notify?: boolean;
  /** 'throw' (default): the first refusal throws the API error and the caller's transaction rolls back; 'skip': refused changes are returned, the others made. */
  onRefused?: 'throw' | 'skip';
}

export interface ApplyManyResult {
  applied: AppliedChange[];
  refused: RefusedChange[];
  /** Offers the system made of the seats the changes freed (REALLOCATE_SEAT), to the waiting lists. */
  passedOn: AppliedChange[];
}

/**
 * Writes a publication's status events (`recordDecided`'s `statusEvents`) in `em`'s transaction,
 * held for `heldBy` in the outbox: published only once released (`Outbox.release`), or dropped.
 */
export type HeldStatusEvents = (em: EntityManager, heldBy: string) => Promise<void>;

/**
 * The one way to change an application's status. Every feature that moves applications (the
 * candidate's and host's steps, offer expiry, a round's publication and closing, the end of an
 * opportunity) calls `applyMany` inside its own transaction. It locks the applications, asks the
 * workflow core for each change, runs the effects the core returns (TAKE_SEAT and RELEASE_SEAT:
 * seats taken and given back on the locked opportunity; NOTIFY and REQUEST_ASSESSMENT:
 * notifications; REALLOCATE_SEAT: the freed seat offered to the next on the opportunity's waiting
 * list, see `passedOn`), writes the statuses and their history (who, when, from, to, reason) in one
 * statement, and stages the notifications and `applicationStatusChanged` events in the outbox,
 * published after commit. Set-based: one call for a round of any size.
 */
@Injectable()
export class ApplicationTransitions {
  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly context: ApplicationContextRepository,
    private readonly notifications: NotificationsService,
    private readonly noticeJobs: NotificationJobs,
    private readonly publisher: NotificationsPublisher,
  ) {}

  async applyMany(
    em: EntityManager,
    changes: readonly ApplicationChangeRequest[],
    actor: TransitionActor,
    opts: ApplyManyOptions = {},
  ): Promise<ApplyManyResult> {
    if (changes.length === 0) return { applied: [], refused: [], passedOn: [] };
    const now = opts.now ?? new Date();
    const onRefused = opts.onRefused ?? 'throw';
    const ids = changes.map((c) => c.applicationId);
    if (new Set(ids).size !== ids.length) throw new Error('applyMany: an application is listed twice');
    const subjects = new Map(
      (
        await this.repo.lockForTransition(
          changes.map((c) => c.applicationId),
          em,
        )
      ).map((s) => [s.id, s]),
    );
    const refused: RefusedChange[] = [];
    const refuse = (request: ApplicationChangeRequest, error: RefusedChange['error']): void => {
      if (onRefused === 'throw') {
        if (error.code === 'NOT_FOUND') throw applicationNotFound();
        if (error.code === 'MOVED')
          throw AppError.conflict(error.message, ApplicationReason.ILLEGAL_TRANSITION);
        throw workflowError(error as DomainError<ApplicationErrorCode>, {
          event: request.event,
          actor: actor.kind,
        });
      }
      refused.push({ request, error });
    };

    const applied: AppliedChange[] = [];
    for (const request of changes) {
      const subject = subjects.get(request.applicationId);
      if (!subject) {
        refuse(request, { code: 'NOT_FOUND', message: `application ${request.applicationId} not found` });
        continue;
      }
      if (request.expectedFrom && request.expectedFrom !== subject.status) {
        refuse(request, {
          code: 'MOVED',
          message: `application ${subject.id} is ${subject.status}, not ${request.expectedFrom}`,
        });
        continue;
      }
      const reason = request.reason?.trim() || null;
      const responseDeadline =
        request.event === 'OFFER' ? (request.responseDeadline ?? null) : subject.responseDeadline;
      const decision = transitionApplication(subject.status, request.event, {
        actor: actor.kind,
        now,
        responseDeadline,
        reason,
        startsOn: subject.startsOn,
        opportunityStatus: subject.opportunityStatus,
      });
      if (!decision.ok) {
        refuse(request, decision.error);
        continue;
      }
      applied.push({
        applicationId: subject.id,
        opportunityId: subject.opportunityId,
        candidateId: subject.candidateId,
        event: request.event,
        from: subject.status,
        to: decision.next,
        responseDeadline,
        reason,
        effects: decision.effects,
      });
    }
    if (applied.length === 0) return { applied, refused, passedOn: [] };

    const opportunityIds = [...new Set(applied.map((a) => a.opportunityId))].sort();
    const full = await this.moveSeats(applied, em);
    const accepting = applied.filter((a) => a.to === ApplicationStatus.ACCEPTED);
    await this.repo.lockPlacementsOf(
      accepting.map((a) => a.candidateId),
      em,
    );
    const moved = await this.repo.applyStatusChanges(applied, actor.userId, em);
    // The rows are locked and listed once: every change moves its row.
    if (moved !== applied.length) {
      throw new Error(`applyMany: ${applied.length - moved} of ${applied.length} changes did not apply`);
    }
    await this.refuseOverlaps(accepting, em);
    await this.announce(em, applied, opportunityIds, now, opts.notify ?? true);
    await this.closeOffersOf(full, now, em);
    const passedOn = await this.passOnSeats(em, applied, now);
    return { applied, refused, passedOn };
  }

  /** Ids of the applications of these opportunities in these statuses (to change them with `applyMany`). */
  idsInStatus(
    em: EntityManager,
    opportunityIds: readonly string[],
    statuses: readonly ApplicationStatus[],
  ): Promise<string[]> {
    return this.repo.idsInStatus(opportunityIds, statuses, em);
  }

  /**
   * Seats, per opportunity (locked FOR UPDATE, in id order): TAKE_SEAT and RELEASE_SEAT effects take
   * the seats taken minus those given back, refused when more would be taken than the capacity; new
   * offers must fit the seats still free beside the offers already open (OFFERS_EXCEED_SEATS).
   * Returns the opportunities whose last seat these changes took.
   */
  private async moveSeats(applied: readonly AppliedChange[], em: EntityManager): Promise<string[]> {
    const delta = new Map<string, number>();
    const offers = new Map<string, number>();
    for (const a of applied) {
      for (const e of a.effects) {
        const d = e.type === 'TAKE_SEAT' ? 1 : e.type === 'RELEASE_SEAT' ? -1 : 0;
        if (d !== 0) delta.set(a.opportunityId, (delta.get(a.opportunityId) ?? 0) + d);
      }
      if (a.to === ApplicationStatus.OFFERED) {
        offers.set(a.opportunityId, (offers.get(a.opportunityId) ?? 0) + 1);
        delta.set(a.opportunityId, delta.get(a.opportunityId) ?? 0);
      }
    }
    const batch = applied.map((a) => a.applicationId);
    const full: string[] = [];
    for (const opportunityId of [...delta.keys()].sort()) {
      const seats = delta.get(opportunityId) ?? 0;
      const locked = await this.context.findOpportunity(opportunityId, em, 'pessimistic_write');
      if (!locked || locked.seatsTaken + seats > locked.capacity) throw noSeatsLeft();
      const offered = offers.get(opportunityId) ?? 0;
      if (offered > 0) {
        const open = await this.repo.countInStatus(opportunityId, ApplicationStatus.OFFERED, batch, em);
        if (open + offered > locked.capacity - locked.seatsTaken - seats) {
          throw offersExceedSeats(locked, open);
        }
      }
      if (seats > 0) await this.context.takeSeats(opportunityId, seats, em);
      if (seats < 0) await this.context.releaseSeats(opportunityId, -seats, em);
      if (seats > 0 && locked.seatsTaken + seats === locked.capacity) full.push(opportunityId);
    }
    return full;
  }

  /** A placement overlapping another of the same candidate (ACCEPTED or COMPLETED) is refused, naming it. */
  private async refuseOverlaps(accepting: readonly AppliedChange[], em: EntityManager): Promise<void> {
    const [clash] = await this.repo.overlappingPlacements(
      accepting.map((a) => a.applicationId),
      em,
    );
    if (!clash) return;
    throw new AppError(
      ErrorCode.CONFLICT,
      `This placement overlaps your placement on "${clash.title}" (${clash.startsOn} to ${clash.endsOn})`,
      {
        reason: ApplicationReason.PLACEMENTS_OVERLAP,
        clashingPlacement: {
          applicationId: clash.clashingApplicationId,
          opportunityId: clash.clashingOpportunityId,
          title: clash.title,
          startsOn: clash.startsOn,
          endsOn: clash.endsOn,
        },
      },
    );
  }

  /**
   * An opportunity whose last seat was just taken keeps no open offer: each is withdrawn by the
   * system (WITHDRAW_OFFER), with its history, event and the candidate's notification.
   */
  private async closeOffersOf(
    opportunityIds: readonly string[],
    now: Date,
    em: EntityManager,
  ): Promise<void> {
    const offered = await this.repo.idsInStatus(opportunityIds, [ApplicationStatus.OFFERED], em);
    await this.applyMany(
      em,
      offered.map((applicationId) => ({
        applicationId,
        event: 'WITHDRAW_OFFER' as const,
        expectedFrom: ApplicationStatus.OFFERED,
        reason: 'All seats are taken',
      })),
      { kind: 'SYSTEM', userId: null },
      { now, onRefused: 'skip' },
    );
  }

  /**
   * REALLOCATE_SEAT effects: each opportunity whose seat came free offers it to the next on its
   * waiting list (core: `seatsToPassOn`, `waitingListOffers`), as the system, in this transaction.
   * The offers are changes like any other (history, notification, live event); one that is refused
   * (moved meanwhile) is skipped. Returns the offers made.
   */
  private async passOnSeats(
    em: EntityManager,
    applied: readonly AppliedChange[],
    now: Date,
  ): Promise<AppliedChange[]> {
    const freed = [
      ...new Set(
        applied
          .filter((a) => a.effects.some((e) => e.type === 'REALLOCATE_SEAT'))
          .map((a) => a.opportunityId),
      ),
    ].sort();
    if (freed.length === 0) return [];
    const holders = await this.repo.seatHolders(freed, em);
    const waiting = await this.repo.waitingListsOf(freed, em);
    const offers: ApplicationChangeRequest[] = [];
    const responseDeadline = new Date(now.getTime() + WAITING_LIST_OFFER_HOURS * 3_600_000);
    for (const opportunityId of freed) {
      const opportunity = await this.context.findOpportunity(opportunityId, em, 'pessimistic_write');
      if (!opportunity) continue;
      const free = seatsToPassOn(
        {
          status: opportunity.status,
          capacity: opportunity.capacity,
          seatsTaken: opportunity.seatsTaken,
          openOffers: holders.openOffers.get(opportunityId) ?? 0,
          startsOn: opportunity.startsOn,
          inRound: holders.inRound.has(opportunityId),
        },
        now,
      );
      const next = waitingListOffers(
        free,
        waiting.filter((w) => w.opportunityId === opportunityId),
      );
      for (const applicationId of next) {
        offers.push({
          applicationId,
          event: 'OFFER',
          expectedFrom: ApplicationStatus.SHORTLISTED,
          reason: 'a seat came free: you were next on the waiting list',
          responseDeadline,
        });
      }
    }
    if (offers.length === 0) return [];
    const { applied: made } = await this.applyMany(
      em,
      offers,
      { kind: 'SYSTEM', userId: null },
      {
        now,
        onRefused: 'skip',
      },
    );
    return made;
  }

  /** NOTIFY and REQUEST_ASSESSMENT effects as notifications, and one live event per change: staged in the outbox. */
  private async announce(
    em: EntityManager,
    applied: readonly AppliedChange[],
    opportunityIds: readonly string[],
    at: Date,
    notify: boolean,
    batch = NOTIFICATION_BATCH,
  ): Promise<void> {
    const opportunities = new Map<string, OpportunityEntity>(
      (await this.context.findOpportunities(opportunityIds, em)).map((o) => [o.id, o]),
    );
    const coSupervisors = await this.context.acceptedCoSupervisors(opportunityIds, em);
    const drafts: NotificationDraft[] = [];
    for (const a of applied) {
      const opportunity = opportunities.get(a.opportunityId);
      if (!opportunity) continue;
      const facts = {
        opportunityTitle: opportunity.title,
        reason: a.reason,
        responseDeadline: a.responseDeadline,
      };
      for (const effect of notify ? a.effects : []) {
        const notice =
          effect.type === 'NOTIFY'
            ? { to: effect.to, template: effect.template }
            : effect.type === 'REQUEST_ASSESSMENT'
              ? { to: 'HOST' as const, template: 'application.assessment-requested' }
              : null;
        if (!notice) continue;
        drafts.push({
          userId: notice.to === 'CANDIDATE' ? a.candidateId : opportunity.leadSupervisorId,
          type: notificationType(notice.template),
          message: notificationText(notice.template, facts),
          params: notificationParams(facts),
          applicationId: a.applicationId,
          opportunityId: a.opportunityId,
        });
      }
    }
    for (let i = 0; i < drafts.length; i += batch) {
      await this.notifications.record(em, drafts.slice(i, i + batch));
    }
    await this.publisher.applicationStatusChanged(
      em,
      applied.flatMap((a) => {
        const opportunity = opportunities.get(a.opportunityId);
        if (!opportunity) return [];
        return [
          {
            audience: {
              candidateId: a.candidateId,
              hostUserIds: [opportunity.leadSupervisorId, ...(coSupervisors.get(opportunity.id) ?? [])],
              hostOrganisationId: opportunity.hostOrganisationId,
            },
            change: {
              applicationId: a.applicationId,
              opportunityId: a.opportunityId,
              from: a.from,
              to: a.to,
              at,
            },
          },
        ];
      }),
    );
  }

  /**
   * Persists changes a round decided set-based with the workflow core (`decidePlacements`,
   * `decideClosing`: positions of the applications as the run read them, each with its kind), in
   * the caller's transaction, and announces them, all in PostgreSQL (no object per change in Node:
   * the ids go from their bytes into the texts of two statements' arrays):
   * - the offers (and any change that is not the rejection of an allocatable application): their
   *   statuses and history (the system the actor), one `UPDATE`, the history grouped per candidate
   *   (`application_transition_groups`, read per change through the view `application_history`);
   *   each row moves only from the status it was decided from;
   * - the rejections of allocatable applications (a placed candidate's other choices, the choices
   *   left when a round closes): **closures** (`closeChoices`, docs/design/closed-choices.md), one
   *   history row per candidate that makes the applications REJECTED without moving their rows;
   *   the caller decided them from statuses read under its opportunities' locks, held since
   *   (invariant L), so each is still what it was read as;
   * - ONE notification per candidate for the whole outcome (ROUND_OUTCOME: their offer, if any, and
   *   the choices that closed), instead of the core's NOTIFY effect of each change (OFFER and
   *   REJECT tell the candidate only), with its live push;
   * - an `applicationStatusChanged` event per change, keyed by its audience, one outbox item per
   *   opportunity. All published after commit.
   * The notices and events are written from the decided positions (`round-announcements.ts`: one
   * walk in Node, three and two columns sent in PostgreSQL's binary format), not from rows read back.
   * Returns how many changes were made; when an offer's application moved meanwhile that is fewer
   * than decided, nothing is announced, and the caller must refuse (and roll back).
   * With `statusEvents`, the events are not written here: as soon as their text is written (while
   * the changes are made), it is handed their writer (`HeldStatusEvents`), for the caller to write
   * them in another transaction, held (a round run: beside this one, until its run is DONE, and
   * dropped when it fails, the changes refused included; src/rounds/round-runs.service.ts). At a
   * national round they are about 150 MB of text and 2 to 5 s of a backend.
   * With `queueNotices`, the notices are queued (`NotificationJobs`), written after the commit.
   */
  async recordDecided(
    em: EntityManager,
    applications: DecidedApplications,
    decided: Pick<PackedDecisions, 'position' | 'kind' | 'kinds'>,
    opts: {
      round: string;
      roundId?: string | null;
      now?: Date;
      statusEvents?: (write: HeldStatusEvents) => void;
      /** The outcome notices queued (`NotificationJobs`, written after the commit), not written here. */
      queueNotices?: boolean;
    },
  ): Promise<number> {
    const { position, kind, kinds } = decided;
    if (position.length === 0) return 0;
    const closes = kinds.map((k) => k.to === ApplicationStatus.REJECTED && isClosable(k.from));
    const closing: ClosedPositions = {
      position: new Int32Array(position.length),
      kind: new Uint8Array(position.length),
      kinds,
    };
    const movingAt: number[] = [];
    let n = 0;
    for (let i = 0; i < position.length; i++) {
      if (closes[kind[i]]) {
        closing.position[n] = position[i];
        closing.kind[n++] = kind[i];
      } else movingAt.push(i);
    }
    closing.position = closing.position.subarray(0, n);
    closing.kind = closing.kind.subarray(0, n);
    // The moving changes' ids (a round's offers) by kind, sliced from one text of them all.
    const moving: ChangeKind[] = kinds.map((k) => ({
      from: k.from,
      to: k.to,
      responseDeadline: k.responseDeadline,
      reason: k.reason,
      ids: [],
    }));
    const text = Buffer.allocUnsafe(movingAt.length * UUID_TEXT_LENGTH);
    movingAt.forEach((i, m) => writeUuidText(applications.ids, position[i], text, m * UUID_TEXT_LENGTH));
    const ids = text.toString('latin1');
    movingAt.forEach((i, m) =>
      moving[kind[i]].ids.push(ids.slice(m * UUID_TEXT_LENGTH, (m + 1) * UUID_TEXT_LENGTH)),
    );
    return withWorkMem(em, ROUND_WORK_MEM, async () => {
      const titles = await this.repo.opportunityTitles(applications.opportunityIds, em);
      // The notices' and events' texts are written in Node while PostgreSQL makes the changes (a
      // slice at a time, the event loop let run between slices: the statements' parameters are
      // sent and their answers read meanwhile).
      const at = opts.now ?? new Date();
      const eventsText = statusEventColumns(applications, decided);
      const texts = Promise.all([roundOutcomeNotices(applications, decided, titles, opts.round), eventsText]);
      texts.catch(() => undefined); // a failed statement is thrown below; these are not awaited then
      // Held events are handed to the other transaction as soon as they are written, while the
      // changes are made here: nobody is told of them until the caller's transaction releases them
      // (after every change was made, below), and a caller that fails drops them.
      const hold = opts.statusEvents;
      if (hold) {
        eventsText.then(
          (events) =>
            hold((other, heldBy) =>
              this.publisher.applicationStatusChangedFrom(other, this.repo.statusEventsOf(events, at), {
                heldBy,
              }),
            ),
          () => undefined,
        );
      }
      const moved = await this.repo.applyStatusKinds(moving, null, em, { groupHistory: true });
      const closed = await this.repo.closeChoices(applications, closing, opts.roundId ?? null, em);
      // Announced as decided, so only when every decided change was made: otherwise the caller
      // refuses (its transaction rolls back) and nobody is told of a change that did not happen.
      if (moved + closed !== position.length) return moved + closed;
      const [notices, events] = await texts;
      if (opts.queueNotices) {
        await this.noticeJobs.queue(em, {
          type: 'ROUND_OUTCOME',
          userIds: notices.userIds,
          texts: { each: { messages: notices.messages, data: notices.data } },
        });
      } else await this.notifications.recordFrom(em, this.repo.roundOutcomeSource(notices));
      if (!hold) {
        await this.publisher.applicationStatusChangedFrom(em, this.repo.statusEventsOf(events, at));
      }
      return moved + closed;
    });
  }
}

/**
 * `work_mem` of a round's set-based statements (the UPDATE's join with the changes, the sorts by id
 * and by batch): at 100,000 candidates about 130,000 changes, whose sorts spilled about 100 MB to
 * disk with the default 4 MB.
 */
const ROUND_WORK_MEM = '256MB';

/** Notifications stored per statement. */
const NOTIFICATION_BATCH = 500;
