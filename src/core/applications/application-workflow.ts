import { ApplicationStatus, OpportunityStatus } from '../domain/enums';
import { hasText, TransitionResult, transitionOk, transitionRefused } from '../result';

/**
 * Application workflow as a transition table: `transitionApplication(state, event, ctx)` decides,
 * the service persists the new status, records the transition (who, when, from, to, reason: always,
 * so it is not an effect) and then runs the returned effects.
 *
 * Creating an application (SUBMITTED) is a separate use case: eligibility, the application deadline,
 * one live application per candidate and opportunity and the cap per call are checked there.
 *
 * Decisions (PRODUCT.md leaves them open):
 * - OFFER from SUBMITTED is allowed only for SYSTEM (an allocation round publishes offers to the
 *   applicants it matched, whether or not the host shortlisted them); a host shortlists first.
 * - Every OFFER carries a response deadline later than `now`; ACCEPT, DECLINE and EXPIRE need it too,
 *   so a missing deadline is refused (INVALID_RESPONSE_DEADLINE) rather than read as "never expires".
 * - ACCEPT and DECLINE are answers within the response window: after the deadline both are refused
 *   with OFFER_EXPIRED (the scheduler moves the offer to EXPIRED), so the statistics of a round keep
 *   declined and expired offers apart. At exactly the deadline the candidate may still answer.
 * - REJECT needs a reason (the candidate may contest it), whether a host or the round publisher
 *   rejects. WITHDRAW and DECLINE take an optional reason.
 * - A candidate may withdraw after accepting, with a reason (the host is told why): the seat is
 *   released (RELEASE_SEAT) and passed on (REALLOCATE_SEAT). A declined or expired offer passes its
 *   seat on too (REALLOCATE_SEAT); it never took one. Who gets a passed-on seat: `waitingListOffers`.
 * - A host records a no-show (NO_SHOW) for an accepted placement once its first day has come: the
 *   seat is released, not passed on (the placement has begun), and the candidate is told.
 * - HR of the host organisation (and admins) may place a candidate directly outside rounds (PLACE,
 *   with a reason the candidate sees): a live application becomes ACCEPTED and takes a seat.
 * - WITHDRAW_OFFER: the system closes an offer nobody can take any more (the last seat was taken,
 *   the opportunity completed or was cancelled); the candidate is told why (a reason is required).
 * - With the opportunity in the context: an offer of a COMPLETED or CANCELLED opportunity cannot be
 *   accepted (OPPORTUNITY_ENDED), and a placement cannot complete before the opportunity's first
 *   day (PLACEMENT_NOT_STARTED; days are UTC dates, as the opportunity's).
 */

export const APPLICATION_EVENTS = [
  'WITHDRAW',
  'SHORTLIST',
  'REJECT',
  'OFFER',
  'ACCEPT',
  'DECLINE',
  'EXPIRE',
  'WITHDRAW_OFFER',
  'COMPLETE',
  'RECORD_NO_SHOW',
  'PLACE',
  'REVOKE_OFFER',
] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

/**
 * CANDIDATE: the applicant. HOST: a host supervisor or HR of the host organisation. HR: HR of the host
 * organisation or an admin, overriding (PLACE). SYSTEM: the scheduler or an allocation round.
 */
export const APPLICATION_ACTOR_KINDS = ['CANDIDATE', 'HOST', 'HR', 'SYSTEM'] as const;
export type ApplicationActorKind = (typeof APPLICATION_ACTOR_KINDS)[number];

export interface ApplicationTransitionContext {
  readonly actor: ApplicationActorKind;
  readonly now: Date;
  /** The offer's response deadline: required for OFFER (the new deadline) and for ACCEPT, DECLINE, EXPIRE (the stored one). */
  readonly responseDeadline?: Date | null;
  readonly reason?: string | null;
  /**
   * The placement's first day (YYYY-MM-DD): a no-show is recorded, and a placement completes, from
   * that day on (ApplicationTransitions always passes it).
   */
  readonly startsOn?: string | null;
  /** The opportunity's status (ApplicationTransitions always passes it): an ended one's offers cannot be accepted. */
  readonly opportunityStatus?: OpportunityStatus | null;
}

/** Opportunity states in which an offer can no longer be accepted. */
const ENDED_OPPORTUNITY_STATUSES: ReadonlySet<OpportunityStatus> = new Set([
  OpportunityStatus.COMPLETED,
  OpportunityStatus.CANCELLED,
]);

export type ApplicationEffect =
  | { readonly type: 'NOTIFY'; readonly to: 'CANDIDATE' | 'HOST'; readonly template: string }
  /** Take one seat of the opportunity, atomically with the status change. */
  | { readonly type: 'TAKE_SEAT' }
  /** Give back the seat the placement held, atomically with the status change. */
  | { readonly type: 'RELEASE_SEAT' }
  /** A seat is free again: offer it to the next on the opportunity's waiting list (`waitingListOffers`). */
  | { readonly type: 'REALLOCATE_SEAT' }
  /** Ask the host supervisor to assess the competences the placement developed. */
  | { readonly type: 'REQUEST_ASSESSMENT' };

export type ApplicationErrorCode =
  | 'ILLEGAL_TRANSITION'
  | 'NOT_ALLOWED_FOR_ACTOR'
  | 'OFFER_EXPIRED'
  | 'OFFER_NOT_YET_EXPIRED'
  | 'INVALID_RESPONSE_DEADLINE'
  | 'REASON_REQUIRED'
  | 'OPPORTUNITY_ENDED'
  | 'PLACEMENT_NOT_STARTED';

export type ApplicationTransitionResult = TransitionResult<
  ApplicationStatus,
  ApplicationEffect,
  ApplicationErrorCode
>;

/** Statuses that count as "live": one per candidate and opportunity, and towards the cap per call. */
export const LIVE_APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.SHORTLISTED,
  ApplicationStatus.OFFERED,
  ApplicationStatus.ACCEPTED,
];

const TERMINAL_STATUSES: ReadonlySet<ApplicationStatus> = new Set([
  ApplicationStatus.WITHDRAWN,
  ApplicationStatus.REJECTED,
  ApplicationStatus.DECLINED,
  ApplicationStatus.EXPIRED,
  ApplicationStatus.COMPLETED,
  ApplicationStatus.NO_SHOW,
]);

export function isLive(status: ApplicationStatus): boolean {
  return LIVE_APPLICATION_STATUSES.includes(status);
}

/** No event leaves a terminal status. */
export function isTerminal(status: ApplicationStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

interface Rule {
  readonly to: ApplicationStatus;
  /** For each state the event may leave: the actor kinds allowed to fire it there. */
  readonly from: Partial<Record<ApplicationStatus, readonly ApplicationActorKind[]>>;
}

const S = ApplicationStatus;

const RULES: Record<ApplicationEvent, Rule> = {
  WITHDRAW: {
    to: S.WITHDRAWN,
    from: { SUBMITTED: ['CANDIDATE'], SHORTLISTED: ['CANDIDATE'], ACCEPTED: ['CANDIDATE'] },
  },
  SHORTLIST: { to: S.SHORTLISTED, from: { SUBMITTED: ['HOST'] } },
  REJECT: {
    to: S.REJECTED,
    from: { SUBMITTED: ['HOST', 'SYSTEM'], SHORTLISTED: ['HOST', 'SYSTEM'] },
  },
  OFFER: { to: S.OFFERED, from: { SUBMITTED: ['SYSTEM', 'HR'], SHORTLISTED: ['HOST', 'SYSTEM', 'HR'] } },
  ACCEPT: { to: S.ACCEPTED, from: { OFFERED: ['CANDIDATE'] } },
  DECLINE: { to: S.DECLINED, from: { OFFERED: ['CANDIDATE'] } },
  EXPIRE: { to: S.EXPIRED, from: { OFFERED: ['SYSTEM'] } },
  WITHDRAW_OFFER: { to: S.WITHDRAWN, from: { OFFERED: ['SYSTEM'] } },
  COMPLETE: { to: S.COMPLETED, from: { ACCEPTED: ['HOST'] } },
  RECORD_NO_SHOW: { to: S.NO_SHOW, from: { ACCEPTED: ['HOST'] } },
  PLACE: { to: S.ACCEPTED, from: { SUBMITTED: ['HR'], SHORTLISTED: ['HR'], OFFERED: ['HR'] } },
  /** HR takes back a round's offer to give the seat to someone else (reassigning a placement). */
  REVOKE_OFFER: { to: S.REJECTED, from: { OFFERED: ['HR'] } },
};

const EFFECTS: Record<ApplicationEvent, readonly ApplicationEffect[]> = {
  WITHDRAW: [{ type: 'NOTIFY', to: 'HOST', template: 'application.withdrawn' }],
  SHORTLIST: [{ type: 'NOTIFY', to: 'CANDIDATE', template: 'application.shortlisted' }],
  REJECT: [{ type: 'NOTIFY', to: 'CANDIDATE', template: 'application.rejected' }],
  OFFER: [{ type: 'NOTIFY', to: 'CANDIDATE', template: 'application.offered' }],
  ACCEPT: [
    { type: 'TAKE_SEAT' },
    { type: 'NOTIFY', to: 'HOST', template: 'application.accepted' },
    { type: 'NOTIFY', to: 'CANDIDATE', template: 'application.acceptance-confirmed' },
  ],
  DECLINE: [{ type: 'REALLOCATE_SEAT' }, { type: 'NOTIFY', to: 'HOST', template: 'application.declined' }],
  EXPIRE: [
    { type: 'REALLOCATE_SEAT' },
    { type: 'NOTIFY', to: 'CANDIDATE', template: 'application.offer-expired' },
    { type: 'NOTIFY', to: 'HOST', template: 'application.offer-expired' },
  ],
  WITHDRAW_OFFER: [{ type: 'NOTIFY', to: 'CANDIDATE', template: 'application.offer-withdrawn' }],
  COMPLETE: [
    { type: 'REQUEST_ASSESSMENT' },
    { type: 'NOTIFY', to: 'CANDIDATE', template: 'application.completed' },
  ],
  RECORD_NO_SHOW: [
    { type: 'RELEASE_SEAT' },
    { type: 'NOTIFY', to: 'CANDIDATE', template: 'application.no-show' },
  ],
  PLACE: [
    { type: 'TAKE_SEAT' },
    { type: 'NOTIFY', to: 'CANDIDATE', template: 'application.placed' },
    { type: 'NOTIFY', to: 'HOST', template: 'application.placed-by-hr' },
  ],
  // The seat is not free: the same use case offers it to the candidate HR chose.
  REVOKE_OFFER: [{ type: 'NOTIFY', to: 'CANDIDATE', template: 'application.offer-revoked' }],
};

/** Effects that depend on the state left, not only on the event. */
const EFFECTS_FROM: Partial<
  Record<ApplicationEvent, Partial<Record<ApplicationStatus, readonly ApplicationEffect[]>>>
> = {
  WITHDRAW: {
    ACCEPTED: [
      { type: 'RELEASE_SEAT' },
      { type: 'REALLOCATE_SEAT' },
      { type: 'NOTIFY', to: 'HOST', template: 'application.withdrawn-after-acceptance' },
    ],
  },
};

/** Events that need a reason, per state left (REJECT, PLACE and WITHDRAW_OFFER always; WITHDRAW after accepting). */
function needsReason(state: ApplicationStatus, event: ApplicationEvent): boolean {
  return (
    event === 'REJECT' ||
    event === 'PLACE' ||
    event === 'REVOKE_OFFER' ||
    event === 'WITHDRAW_OFFER' ||
    (event === 'WITHDRAW' && state === ApplicationStatus.ACCEPTED)
  );
}

/** The UTC calendar day of `now` has reached `startsOn` (YYYY-MM-DD): the placement has begun. */
export function placementHasStarted(startsOn: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) >= startsOn;
}

/** The events `actor` may fire from `state` (ignoring deadline and reason checks): for "available actions" in a UI. */
export function allowedApplicationEvents(
  state: ApplicationStatus,
  actor: ApplicationActorKind,
): ApplicationEvent[] {
  return APPLICATION_EVENTS.filter((event) => RULES[event].from[state]?.includes(actor) ?? false);
}

export function transitionApplication(
  state: ApplicationStatus,
  event: ApplicationEvent,
  ctx: ApplicationTransitionContext,
): ApplicationTransitionResult {
  const rule = RULES[event];
  const actors = rule.from[state];
  if (actors === undefined) {
    return transitionRefused('ILLEGAL_TRANSITION', `cannot ${event} an application in state ${state}`);
  }
  if (!actors.includes(ctx.actor)) {
    return transitionRefused(
      'NOT_ALLOWED_FOR_ACTOR',
      `${ctx.actor} cannot ${event} an application in state ${state}`,
    );
  }

  if (needsReason(state, event) && !hasText(ctx.reason)) {
    return transitionRefused(
      'REASON_REQUIRED',
      `cannot ${event} an application in state ${state} without a reason`,
    );
  }
  const deadline = ctx.responseDeadline ?? null;
  switch (event) {
    case 'RECORD_NO_SHOW':
      if (!ctx.startsOn || !placementHasStarted(ctx.startsOn, ctx.now)) {
        return transitionRefused(
          'PLACEMENT_NOT_STARTED',
          `cannot RECORD_NO_SHOW for an application in state ${state}: the placement starts on ${ctx.startsOn ?? 'an unknown day'}`,
        );
      }
      break;
    case 'OFFER':
      if (deadline === null) {
        return transitionRefused(
          'INVALID_RESPONSE_DEADLINE',
          `cannot OFFER an application in state ${state} without a response deadline`,
        );
      }
      if (deadline.getTime() <= ctx.now.getTime()) {
        return transitionRefused(
          'INVALID_RESPONSE_DEADLINE',
          `cannot OFFER an application in state ${state} with a response deadline that has passed`,
        );
      }
      break;
    case 'ACCEPT':
    case 'DECLINE':
      if (
        event === 'ACCEPT' &&
        ctx.opportunityStatus &&
        ENDED_OPPORTUNITY_STATUSES.has(ctx.opportunityStatus)
      ) {
        return transitionRefused(
          'OPPORTUNITY_ENDED',
          `cannot ACCEPT an application in state ${state}: the opportunity is ${ctx.opportunityStatus}`,
        );
      }
      if (deadline === null) {
        return transitionRefused(
          'INVALID_RESPONSE_DEADLINE',
          `cannot ${event} an application in state ${state}: the offer has no response deadline`,
        );
      }
      if (ctx.now.getTime() > deadline.getTime()) {
        return transitionRefused(
          'OFFER_EXPIRED',
          `cannot ${event} an application in state ${state}: the response deadline ${deadline.toISOString()} has passed`,
        );
      }
      break;
    case 'EXPIRE':
      if (deadline === null) {
        return transitionRefused(
          'INVALID_RESPONSE_DEADLINE',
          `cannot EXPIRE an application in state ${state}: the offer has no response deadline`,
        );
      }
      if (ctx.now.getTime() <= deadline.getTime()) {
        return transitionRefused(
          'OFFER_NOT_YET_EXPIRED',
          `cannot EXPIRE an application in state ${state} before its response deadline ${deadline.toISOString()}`,
        );
      }
      break;
    case 'COMPLETE':
      if (ctx.startsOn && !placementHasStarted(ctx.startsOn, ctx.now)) {
        return transitionRefused(
          'PLACEMENT_NOT_STARTED',
          `cannot COMPLETE an application in state ${state}: the placement starts on ${ctx.startsOn}`,
        );
      }
      break;
    default:
      break;
  }

  return transitionOk(rule.to, [...(EFFECTS_FROM[event]?.[state] ?? EFFECTS[event])]);
}

/** An application that may be offered a passed-on seat. */
export interface WaitingListEntry {
  readonly applicationId: string;
  readonly status: ApplicationStatus;
  /** The host's rank of the applicant (1 = best), or null when the host has not ranked them. */
  readonly rank: number | null;
  /** When it was submitted: ties among the unranked go to the earliest. */
  readonly submittedAt: Date;
}

/**
 * Who is offered the seats passed on (REALLOCATE_SEAT) of an opportunity outside rounds: its waiting
 * list is its SHORTLISTED applications (the host judged them offerable), in the host's ranking, the
 * unranked after the ranked in the order they applied. As many are offered as seats are free:
 * capacity minus seats taken minus offers still open (an open offer holds its seat). An opportunity
 * in an allocation round passes its seats to the round's follow-up instead (HR runs it).
 */
export function waitingListOffers(freeSeats: number, entries: readonly WaitingListEntry[]): string[] {
  if (freeSeats <= 0) return [];
  return entries
    .filter((e) => e.status === ApplicationStatus.SHORTLISTED)
    .slice()
    .sort(
      (a, b) =>
        (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
        a.submittedAt.getTime() - b.submittedAt.getTime() ||
        (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0),
    )
    .slice(0, freeSeats)
    .map((e) => e.applicationId);
}

/** An opportunity as passing on its seats sees it. */
export interface SeatsOfOpportunity {
  readonly status: OpportunityStatus;
  readonly capacity: number;
  readonly seatsTaken: number;
  /** OFFERED applications: each holds a seat until it is answered or expires. */
  readonly openOffers: number;
  /** YYYY-MM-DD */
  readonly startsOn: string;
  /** The opportunity is in an allocation round: its seats go to the round's follow-up instead. */
  readonly inRound: boolean;
}

/**
 * How many seats to offer to the waiting list now: none for an opportunity in a round (HR's follow-up
 * run places them), one that is over (COMPLETED, CANCELLED) or not yet approved, or one whose
 * placement has begun; otherwise the seats neither taken nor held by an open offer.
 */
export function seatsToPassOn(opportunity: SeatsOfOpportunity, now: Date): number {
  const passing: readonly OpportunityStatus[] = [
    OpportunityStatus.OPEN,
    OpportunityStatus.CLOSED,
    OpportunityStatus.ALLOCATED,
  ];
  if (opportunity.inRound || !passing.includes(opportunity.status)) return 0;
  if (placementHasStarted(opportunity.startsOn, now)) return 0;
  return Math.max(0, opportunity.capacity - opportunity.seatsTaken - opportunity.openOffers);
}

/** How long the candidate offered a passed-on seat has to answer. */
export const WAITING_LIST_OFFER_HOURS = 7 * 24;
