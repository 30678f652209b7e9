import { hasText, TransitionResult, transitionOk, transitionRefused } from '../result';

/**
 * The co-supervisor's invitation to a CO_SUPERVISED_PROJECT.
 *
 * INVITED -> ACCEPTED (the co-supervisor), INVITED -> DECLINED (the co-supervisor, reason required),
 * ACCEPTED -> INVITED on a substantive edit of the project (the editor: host supervisor, HR or ADMIN).
 *
 * Decisions:
 * - A substantive edit while the invitation is still INVITED keeps it INVITED and tells the
 *   co-supervisor the proposal changed, so the service can fire the event whatever the status.
 * - DECLINED is final: the lead supervisor invites someone else (a new invitation).
 */

export enum CoSupervisionStatus {
  INVITED = 'INVITED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

export const CO_SUPERVISION_EVENTS = ['ACCEPT', 'DECLINE', 'SUBSTANTIVE_EDIT'] as const;
export type CoSupervisionEvent = (typeof CO_SUPERVISION_EVENTS)[number];

export const CO_SUPERVISION_ACTOR_KINDS = ['CO_SUPERVISOR', 'HOST_SUPERVISOR', 'HR', 'ADMIN'] as const;
export type CoSupervisionActorKind = (typeof CO_SUPERVISION_ACTOR_KINDS)[number];

export interface CoSupervisionContext {
  readonly actor: CoSupervisionActorKind;
  /** Required on DECLINE. */
  readonly reason?: string | null;
}

export type CoSupervisionEffect = {
  readonly type: 'NOTIFY';
  readonly to: 'HOST_SUPERVISOR' | 'CO_SUPERVISOR';
  readonly template: string;
};

export type CoSupervisionErrorCode = 'ILLEGAL_TRANSITION' | 'NOT_ALLOWED_FOR_ACTOR' | 'REASON_REQUIRED';

export type CoSupervisionTransitionResult = TransitionResult<
  CoSupervisionStatus,
  CoSupervisionEffect,
  CoSupervisionErrorCode
>;

interface Edge {
  readonly to: CoSupervisionStatus;
  readonly actors: readonly CoSupervisionActorKind[];
  readonly effects: readonly CoSupervisionEffect[];
}

const C = CoSupervisionStatus;
const EDITORS: readonly CoSupervisionActorKind[] = ['HOST_SUPERVISOR', 'HR', 'ADMIN'];

const RULES: Record<CoSupervisionEvent, Partial<Record<CoSupervisionStatus, Edge>>> = {
  ACCEPT: {
    INVITED: {
      to: C.ACCEPTED,
      actors: ['CO_SUPERVISOR'],
      effects: [{ type: 'NOTIFY', to: 'HOST_SUPERVISOR', template: 'co-supervision.accepted' }],
    },
  },
  DECLINE: {
    INVITED: {
      to: C.DECLINED,
      actors: ['CO_SUPERVISOR'],
      effects: [{ type: 'NOTIFY', to: 'HOST_SUPERVISOR', template: 'co-supervision.declined' }],
    },
  },
  SUBSTANTIVE_EDIT: {
    INVITED: {
      to: C.INVITED,
      actors: EDITORS,
      effects: [{ type: 'NOTIFY', to: 'CO_SUPERVISOR', template: 'co-supervision.proposal-changed' }],
    },
    ACCEPTED: {
      to: C.INVITED,
      actors: EDITORS,
      effects: [
        {
          type: 'NOTIFY',
          to: 'CO_SUPERVISOR',
          template: 'co-supervision.reconfirmation-requested',
        },
      ],
    },
  },
};

export function transitionCoSupervision(
  state: CoSupervisionStatus,
  event: CoSupervisionEvent,
  ctx: CoSupervisionContext,
): CoSupervisionTransitionResult {
  const edge = RULES[event][state];
  if (edge === undefined) {
    return transitionRefused(
      'ILLEGAL_TRANSITION',
      `cannot ${event} a co-supervision invitation in state ${state}`,
    );
  }
  if (!edge.actors.includes(ctx.actor)) {
    return transitionRefused(
      'NOT_ALLOWED_FOR_ACTOR',
      `${ctx.actor} cannot ${event} a co-supervision invitation in state ${state}`,
    );
  }
  if (event === 'DECLINE' && !hasText(ctx.reason)) {
    return transitionRefused(
      'REASON_REQUIRED',
      `cannot DECLINE a co-supervision invitation in state ${state} without a reason`,
    );
  }
  return transitionOk(edge.to, [...edge.effects]);
}
