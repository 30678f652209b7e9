import { OpportunityKind, OpportunityStatus } from '../domain/enums';
import { hasText, TransitionResult, transitionOk, transitionRefused } from '../result';

/**
 * Opportunity lifecycle as a transition table: `transitionOpportunity(state, event, ctx)` decides,
 * the service persists the status, records the transition and runs the effects after commit.
 *
 * Decisions (PRODUCT.md leaves them open):
 * - ADMIN may do everything HR may do. Whether the HR user belongs to the host organisation is an
 *   access check of the service, not of this table.
 * - MARK_ALLOCATED leaves CLOSED (a round was published) and also OPEN (continuous mode: workplace
 *   visits and ad-hoc slots fill up without a round, so the service marks them when the last seat is
 *   taken). HR, ADMIN and SYSTEM may fire it.
 * - CANCEL leaves any state before COMPLETED and needs a reason. RETURN needs a comment; both travel
 *   in `ctx.reason`.
 * - SUBSTANTIVE_EDIT exists only for CO_SUPERVISED_PROJECT (other kinds are edited in place). It is
 *   allowed in DRAFT (stays DRAFT), PENDING_APPROVAL and OPEN (back to DRAFT: HR approves again), by
 *   the host supervisor, HR or ADMIN, and always asks the co-supervisor to confirm again. Once CLOSED
 *   the applicants have been ranked on the content, so substantive edits are refused. Applications
 *   to an OPEN project stay as they are (the candidate is told and may withdraw); the project takes
 *   no new ones until HR approves it again.
 * - COMPLETE ends the placements with the opportunity (END_PLACEMENTS): none stays ACCEPTED, no
 *   offer stays open.
 * - CLOSE is HR's (the call closes); a scheduler closing at the application deadline would be a
 *   separate event with its own deadline check.
 */

export const OPPORTUNITY_EVENTS = [
  'SUBMIT_FOR_APPROVAL',
  'APPROVE',
  'RETURN',
  'CLOSE',
  'MARK_ALLOCATED',
  'COMPLETE',
  'CANCEL',
  'SUBSTANTIVE_EDIT',
] as const;
export type OpportunityEvent = (typeof OPPORTUNITY_EVENTS)[number];

export const OPPORTUNITY_ACTOR_KINDS = ['HOST_SUPERVISOR', 'HR', 'ADMIN', 'SYSTEM'] as const;
export type OpportunityActorKind = (typeof OPPORTUNITY_ACTOR_KINDS)[number];

export interface OpportunityTransitionContext {
  readonly actor: OpportunityActorKind;
  readonly kind: OpportunityKind;
  /** CO_SUPERVISED_PROJECT: whether the invited co-supervisor has accepted (the current version). */
  readonly coSupervisorAccepted?: boolean;
  /** The comment on RETURN, the reason on CANCEL. */
  readonly reason?: string | null;
}

export type OpportunityRecipient = 'HOST_SUPERVISOR' | 'CO_SUPERVISOR' | 'HR' | 'APPLICANTS';

export type OpportunityEffect =
  | { readonly type: 'NOTIFY'; readonly to: OpportunityRecipient; readonly template: string }
  /** Put the co-supervision invitation back to INVITED: the co-supervisor confirms the new content. */
  | { readonly type: 'REQUEST_CO_SUPERVISOR_RECONFIRMATION' }
  /**
   * The opportunity was cancelled: the service ends its live applications (SUBMITTED and SHORTLISTED
   * through a SYSTEM REJECT carrying the cancellation reason).
   */
  | { readonly type: 'END_LIVE_APPLICATIONS' }
  /**
   * The opportunity was completed: the service completes its ACCEPTED placements (each through the
   * application workflow), closes its open offers and rejects the applications still waiting.
   */
  | { readonly type: 'END_PLACEMENTS' };

export type OpportunityErrorCode =
  | 'ILLEGAL_TRANSITION'
  | 'NOT_ALLOWED_FOR_ACTOR'
  | 'REASON_REQUIRED'
  | 'CO_SUPERVISOR_NOT_CONFIRMED'
  | 'NOT_CO_SUPERVISED';

export type OpportunityTransitionResult = TransitionResult<
  OpportunityStatus,
  OpportunityEffect,
  OpportunityErrorCode
>;

const TERMINAL_STATUSES: ReadonlySet<OpportunityStatus> = new Set([
  OpportunityStatus.COMPLETED,
  OpportunityStatus.CANCELLED,
]);

/** COMPLETED and CANCELLED: no event leaves them. */
export function isTerminalOpportunityStatus(status: OpportunityStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Only an OPEN opportunity takes new applications. */
export function acceptsApplications(status: OpportunityStatus): boolean {
  return status === OpportunityStatus.OPEN;
}

type Actors = readonly OpportunityActorKind[];

const HR_LIKE: Actors = ['HR', 'ADMIN'];
const HR_LIKE_OR_SYSTEM: Actors = ['HR', 'ADMIN', 'SYSTEM'];
const EDITORS: Actors = ['HOST_SUPERVISOR', 'HR', 'ADMIN'];

interface Edge {
  readonly to: OpportunityStatus;
  readonly actors: Actors;
}

const O = OpportunityStatus;

const RULES: Record<OpportunityEvent, Partial<Record<OpportunityStatus, Edge>>> = {
  SUBMIT_FOR_APPROVAL: { DRAFT: { to: O.PENDING_APPROVAL, actors: ['HOST_SUPERVISOR'] } },
  APPROVE: { PENDING_APPROVAL: { to: O.OPEN, actors: HR_LIKE } },
  RETURN: { PENDING_APPROVAL: { to: O.DRAFT, actors: HR_LIKE } },
  CLOSE: { OPEN: { to: O.CLOSED, actors: HR_LIKE } },
  MARK_ALLOCATED: {
    OPEN: { to: O.ALLOCATED, actors: HR_LIKE_OR_SYSTEM },
    CLOSED: { to: O.ALLOCATED, actors: HR_LIKE_OR_SYSTEM },
  },
  COMPLETE: { ALLOCATED: { to: O.COMPLETED, actors: HR_LIKE } },
  CANCEL: {
    DRAFT: { to: O.CANCELLED, actors: HR_LIKE },
    PENDING_APPROVAL: { to: O.CANCELLED, actors: HR_LIKE },
    OPEN: { to: O.CANCELLED, actors: HR_LIKE },
    CLOSED: { to: O.CANCELLED, actors: HR_LIKE },
    ALLOCATED: { to: O.CANCELLED, actors: HR_LIKE },
  },
  SUBSTANTIVE_EDIT: {
    DRAFT: { to: O.DRAFT, actors: EDITORS },
    PENDING_APPROVAL: { to: O.DRAFT, actors: EDITORS },
    OPEN: { to: O.DRAFT, actors: EDITORS },
  },
};

/** The events `actor` may fire from `state` (ignoring kind, co-supervisor and reason checks). */
export function allowedOpportunityEvents(
  state: OpportunityStatus,
  actor: OpportunityActorKind,
): OpportunityEvent[] {
  return OPPORTUNITY_EVENTS.filter((event) => RULES[event][state]?.actors.includes(actor) ?? false);
}

function effectsOf(
  event: OpportunityEvent,
  state: OpportunityStatus,
  kind: OpportunityKind,
): OpportunityEffect[] {
  const coSupervised = kind === OpportunityKind.CO_SUPERVISED_PROJECT;
  const notify = (to: OpportunityRecipient, template: string): OpportunityEffect => ({
    type: 'NOTIFY',
    to,
    template,
  });
  const hadApplicants = state === O.OPEN || state === O.CLOSED || state === O.ALLOCATED;
  switch (event) {
    case 'SUBMIT_FOR_APPROVAL':
      return [notify('HR', 'opportunity.submitted-for-approval')];
    case 'APPROVE':
      return coSupervised
        ? [notify('HOST_SUPERVISOR', 'opportunity.approved'), notify('CO_SUPERVISOR', 'opportunity.approved')]
        : [notify('HOST_SUPERVISOR', 'opportunity.approved')];
    case 'RETURN':
      return [notify('HOST_SUPERVISOR', 'opportunity.returned')];
    case 'CLOSE':
      return [notify('HOST_SUPERVISOR', 'opportunity.closed')];
    case 'MARK_ALLOCATED':
      return [notify('HOST_SUPERVISOR', 'opportunity.allocated')];
    case 'COMPLETE':
      return [notify('HOST_SUPERVISOR', 'opportunity.completed'), { type: 'END_PLACEMENTS' }];
    case 'CANCEL': {
      const effects: OpportunityEffect[] = [notify('HOST_SUPERVISOR', 'opportunity.cancelled')];
      if (coSupervised && state !== O.DRAFT) {
        effects.push(notify('CO_SUPERVISOR', 'opportunity.cancelled'));
      }
      if (hadApplicants) {
        effects.push({ type: 'END_LIVE_APPLICATIONS' });
        effects.push(notify('APPLICANTS', 'opportunity.cancelled'));
      }
      return effects;
    }
    case 'SUBSTANTIVE_EDIT': {
      const effects: OpportunityEffect[] = [
        { type: 'REQUEST_CO_SUPERVISOR_RECONFIRMATION' },
        notify('CO_SUPERVISOR', 'opportunity.reconfirmation-requested'),
      ];
      if (state === O.OPEN) {
        effects.push(notify('APPLICANTS', 'opportunity.changed'));
      }
      return effects;
    }
  }
}

export function transitionOpportunity(
  state: OpportunityStatus,
  event: OpportunityEvent,
  ctx: OpportunityTransitionContext,
): OpportunityTransitionResult {
  const edge = RULES[event][state];
  if (edge === undefined) {
    return transitionRefused('ILLEGAL_TRANSITION', `cannot ${event} an opportunity in state ${state}`);
  }
  if (!edge.actors.includes(ctx.actor)) {
    return transitionRefused(
      'NOT_ALLOWED_FOR_ACTOR',
      `${ctx.actor} cannot ${event} an opportunity in state ${state}`,
    );
  }

  const coSupervised = ctx.kind === OpportunityKind.CO_SUPERVISED_PROJECT;
  switch (event) {
    case 'SUBMIT_FOR_APPROVAL':
      if (coSupervised && ctx.coSupervisorAccepted !== true) {
        return transitionRefused(
          'CO_SUPERVISOR_NOT_CONFIRMED',
          `cannot SUBMIT_FOR_APPROVAL a co-supervised project in state ${state} before the co-supervisor has accepted`,
        );
      }
      break;
    case 'RETURN':
      if (!hasText(ctx.reason)) {
        return transitionRefused(
          'REASON_REQUIRED',
          `cannot RETURN an opportunity in state ${state} without a comment`,
        );
      }
      break;
    case 'CANCEL':
      if (!hasText(ctx.reason)) {
        return transitionRefused(
          'REASON_REQUIRED',
          `cannot CANCEL an opportunity in state ${state} without a reason`,
        );
      }
      break;
    case 'SUBSTANTIVE_EDIT':
      if (!coSupervised) {
        return transitionRefused(
          'NOT_CO_SUPERVISED',
          `cannot SUBSTANTIVE_EDIT a ${ctx.kind} in state ${state}: only co-supervised projects need reconfirmation`,
        );
      }
      break;
    default:
      break;
  }

  return transitionOk(edge.to, effectsOf(event, state, ctx.kind));
}
