import { ApplicationStatus } from '../domain/enums';
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
 * - An ACCEPTED application cannot be withdrawn: PRODUCT.md only lets it complete. So no step
 *   releases a taken seat; a declined or expired offer returns its seat (REALLOCATE_SEAT) to the
 *   follow-up round or the waiting list.
 */

export const APPLICATION_EVENTS = [
  'WITHDRAW',
  'SHORTLIST',
  'REJECT',
  'OFFER',
  'ACCEPT',
  'DECLINE',
  'EXPIRE',
  'COMPLETE',
] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

/** CANDIDATE: the applicant. HOST: a host supervisor or HR of the host organisation. SYSTEM: the scheduler or an allocation round. */
export const APPLICATION_ACTOR_KINDS = ['CANDIDATE', 'HOST', 'SYSTEM'] as const;
export type ApplicationActorKind = (typeof APPLICATION_ACTOR_KINDS)[number];

export interface ApplicationTransitionContext {
  readonly actor: ApplicationActorKind;
  readonly now: Date;
  /** The offer's response deadline: required for OFFER (the new deadline) and for ACCEPT, DECLINE, EXPIRE (the stored one). */
  readonly responseDeadline?: Date | null;
  readonly reason?: string | null;
}

export type ApplicationEffect =
  | { readonly type: 'NOTIFY'; readonly to: 'CANDIDATE' | 'HOST'; readonly template: string }
  /** Take one seat of the opportunity, atomically with the status change. */
  | { readonly type: 'TAKE_SEAT' }
  /** An offered seat is free again: pass it to the follow-up round or the waiting list. */
  | { readonly type: 'REALLOCATE_SEAT' }
  /** Ask the host supervisor to assess the competences the placement developed. */
  | { readonly type: 'REQUEST_ASSESSMENT' };

export type ApplicationErrorCode =
  | 'ILLEGAL_TRANSITION'
  | 'NOT_ALLOWED_FOR_ACTOR'
  | 'OFFER_EXPIRED'
  | 'OFFER_NOT_YET_EXPIRED'
  | 'INVALID_RESPONSE_DEADLINE'
  | 'REASON_REQUIRED';

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
  WITHDRAW: { to: S.WITHDRAWN, from: { SUBMITTED: ['CANDIDATE'], SHORTLISTED: ['CANDIDATE'] } },
  SHORTLIST: { to: S.SHORTLISTED, from: { SUBMITTED: ['HOST'] } },
  REJECT: {
    to: S.REJECTED,
    from: { SUBMITTED: ['HOST', 'SYSTEM'], SHORTLISTED: ['HOST', 'SYSTEM'] },
  },
  OFFER: { to: S.OFFERED, from: { SUBMITTED: ['SYSTEM'], SHORTLISTED: ['HOST', 'SYSTEM'] } },
  ACCEPT: { to: S.ACCEPTED, from: { OFFERED: ['CANDIDATE'] } },
  DECLINE: { to: S.DECLINED, from: { OFFERED: ['CANDIDATE'] } },
  EXPIRE: { to: S.EXPIRED, from: { OFFERED: ['SYSTEM'] } },
  COMPLETE: { to: S.COMPLETED, from: { ACCEPTED: ['HOST'] } },
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
  COMPLETE: [
    { type: 'REQUEST_ASSESSMENT' },
    { type: 'NOTIFY', to: 'CANDIDATE', template: 'application.completed' },
  ],
};

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

  const deadline = ctx.responseDeadline ?? null;
  switch (event) {
    case 'REJECT':
      if (!hasText(ctx.reason)) {
        return transitionRefused(
          'REASON_REQUIRED',
          `cannot REJECT an application in state ${state} without a reason`,
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
    default:
      break;
  }

  return transitionOk(rule.to, [...EFFECTS[event]]);
}
