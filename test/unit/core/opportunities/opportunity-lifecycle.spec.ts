import { OpportunityKind, OpportunityStatus } from '../../../../src/core/domain/enums';
import {
  OPPORTUNITY_ACTOR_KINDS,
  OPPORTUNITY_EVENTS,
  OpportunityTransitionContext,
  acceptsApplications,
  allowedOpportunityEvents,
  isTerminalOpportunityStatus,
  transitionOpportunity,
} from '../../../../src/core/opportunities/opportunity-lifecycle';

const ALL_STATES = Object.values(OpportunityStatus);
const HR_LIKE = ['HR', 'ADMIN'];

/** Allowed (state event) pairs: target state and the actors that may fire them. Anything else is refused. */
const ALLOWED: Record<string, { next: OpportunityStatus; actors: string[] }> = {
  'DRAFT SUBMIT_FOR_APPROVAL': {
    next: OpportunityStatus.PENDING_APPROVAL,
    actors: ['HOST_SUPERVISOR'],
  },
  'PENDING_APPROVAL APPROVE': { next: OpportunityStatus.OPEN, actors: HR_LIKE },
  'PENDING_APPROVAL RETURN': { next: OpportunityStatus.DRAFT, actors: HR_LIKE },
  'OPEN CLOSE': { next: OpportunityStatus.CLOSED, actors: HR_LIKE },
  'OPEN MARK_ALLOCATED': { next: OpportunityStatus.ALLOCATED, actors: [...HR_LIKE, 'SYSTEM'] },
  'CLOSED MARK_ALLOCATED': { next: OpportunityStatus.ALLOCATED, actors: [...HR_LIKE, 'SYSTEM'] },
  'ALLOCATED COMPLETE': { next: OpportunityStatus.COMPLETED, actors: HR_LIKE },
  'DRAFT CANCEL': { next: OpportunityStatus.CANCELLED, actors: HR_LIKE },
  'PENDING_APPROVAL CANCEL': { next: OpportunityStatus.CANCELLED, actors: HR_LIKE },
  'OPEN CANCEL': { next: OpportunityStatus.CANCELLED, actors: HR_LIKE },
  'CLOSED CANCEL': { next: OpportunityStatus.CANCELLED, actors: HR_LIKE },
  'ALLOCATED CANCEL': { next: OpportunityStatus.CANCELLED, actors: HR_LIKE },
  'DRAFT SUBSTANTIVE_EDIT': {
    next: OpportunityStatus.DRAFT,
    actors: ['HOST_SUPERVISOR', ...HR_LIKE],
  },
  'PENDING_APPROVAL SUBSTANTIVE_EDIT': {
    next: OpportunityStatus.DRAFT,
    actors: ['HOST_SUPERVISOR', ...HR_LIKE],
  },
  'OPEN SUBSTANTIVE_EDIT': {
    next: OpportunityStatus.DRAFT,
    actors: ['HOST_SUPERVISOR', ...HR_LIKE],
  },
};

const combos = ALL_STATES.flatMap((state) =>
  OPPORTUNITY_EVENTS.flatMap((event) => OPPORTUNITY_ACTOR_KINDS.map((actor) => ({ state, event, actor }))),
);

describe('transitionOpportunity: the full (state, event, actor) table', () => {
  it('covers all 7 x 8 x 4 combinations', () => {
    expect(combos).toHaveLength(224);
  });

  it.each(combos)('$state + $event by $actor', ({ state, event, actor }) => {
    const ctx: OpportunityTransitionContext = {
      actor,
      kind: OpportunityKind.CO_SUPERVISED_PROJECT,
      coSupervisorAccepted: true,
      reason: 'budget withdrawn',
    };
    const result = transitionOpportunity(state, event, ctx);
    const rule = ALLOWED[`${state} ${event}`];
    if (rule?.actors.includes(actor)) {
      expect(result).toMatchObject({ ok: true, next: rule.next });
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(rule ? 'NOT_ALLOWED_FOR_ACTOR' : 'ILLEGAL_TRANSITION');
    expect(result.error.message).toContain(`in state ${state}`);
  });

  it('lists exactly the allowed events per state and actor', () => {
    for (const state of ALL_STATES) {
      for (const actor of OPPORTUNITY_ACTOR_KINDS) {
        const expected = OPPORTUNITY_EVENTS.filter((event) =>
          ALLOWED[`${state} ${event}`]?.actors.includes(actor),
        );
        expect(allowedOpportunityEvents(state, actor)).toEqual(expected);
      }
    }
  });

  it('names the current state in the message', () => {
    const result = transitionOpportunity(OpportunityStatus.COMPLETED, 'CLOSE', {
      actor: 'HR',
      kind: OpportunityKind.INTERNSHIP,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'ILLEGAL_TRANSITION',
        message: 'cannot CLOSE an opportunity in state COMPLETED',
      },
    });
  });
});

describe('transitionOpportunity: co-supervised projects', () => {
  it('refuses to submit a co-supervised project before the co-supervisor accepted', () => {
    for (const coSupervisorAccepted of [false, undefined]) {
      const result = transitionOpportunity(OpportunityStatus.DRAFT, 'SUBMIT_FOR_APPROVAL', {
        actor: 'HOST_SUPERVISOR',
        kind: OpportunityKind.CO_SUPERVISED_PROJECT,
        coSupervisorAccepted,
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('CO_SUPERVISOR_NOT_CONFIRMED');
      expect(result.error.message).toContain('in state DRAFT');
    }
  });

  it.each([OpportunityKind.EXCHANGE_SLOT, OpportunityKind.INTERNSHIP, OpportunityKind.WORKPLACE_VISIT])(
    'submits a %s without any co-supervisor',
    (kind) => {
      const result = transitionOpportunity(OpportunityStatus.DRAFT, 'SUBMIT_FOR_APPROVAL', {
        actor: 'HOST_SUPERVISOR',
        kind,
      });
      expect(result).toEqual({
        ok: true,
        next: OpportunityStatus.PENDING_APPROVAL,
        effects: [{ type: 'NOTIFY', to: 'HR', template: 'opportunity.submitted-for-approval' }],
      });
    },
  );

  it('sends an approved co-supervised project back to draft on a substantive edit and asks the co-supervisor again', () => {
    const result = transitionOpportunity(OpportunityStatus.OPEN, 'SUBSTANTIVE_EDIT', {
      actor: 'HOST_SUPERVISOR',
      kind: OpportunityKind.CO_SUPERVISED_PROJECT,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.next).toBe(OpportunityStatus.DRAFT);
    expect(result.effects).toContainEqual({ type: 'REQUEST_CO_SUPERVISOR_RECONFIRMATION' });
    expect(result.effects).toContainEqual({
      type: 'NOTIFY',
      to: 'APPLICANTS',
      template: 'opportunity.changed',
    });
  });

  it('tells no applicants about an edit while the project is pending approval', () => {
    const result = transitionOpportunity(OpportunityStatus.PENDING_APPROVAL, 'SUBSTANTIVE_EDIT', {
      actor: 'HR',
      kind: OpportunityKind.CO_SUPERVISED_PROJECT,
    });
    expect(result.ok && result.effects.some((e) => e.type === 'NOTIFY' && e.to === 'APPLICANTS')).toBe(false);
    expect(result.ok && result.effects).toContainEqual({
      type: 'REQUEST_CO_SUPERVISOR_RECONFIRMATION',
    });
  });

  it('refuses a substantive edit of an opportunity that is not co-supervised', () => {
    const result = transitionOpportunity(OpportunityStatus.OPEN, 'SUBSTANTIVE_EDIT', {
      actor: 'HOST_SUPERVISOR',
      kind: OpportunityKind.INTERNSHIP,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('NOT_CO_SUPERVISED');
    expect(result.error.message).toContain('in state OPEN');
  });
});

describe('transitionOpportunity: reasons and comments', () => {
  it.each([null, undefined, '', '  '])('refuses to return a proposal with comment %p', (reason) => {
    const result = transitionOpportunity(OpportunityStatus.PENDING_APPROVAL, 'RETURN', {
      actor: 'HR',
      kind: OpportunityKind.INTERNSHIP,
      reason,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
  });

  it.each([null, undefined, '', '  '])('refuses to cancel with reason %p', (reason) => {
    const result = transitionOpportunity(OpportunityStatus.OPEN, 'CANCEL', {
      actor: 'ADMIN',
      kind: OpportunityKind.INTERNSHIP,
      reason,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
  });

  it('ends the live applications when an open opportunity is cancelled', () => {
    const result = transitionOpportunity(OpportunityStatus.OPEN, 'CANCEL', {
      actor: 'HR',
      kind: OpportunityKind.WORKPLACE_VISIT,
      reason: 'host lab closed for renovation',
    });
    expect(result.ok && result.effects).toContainEqual({ type: 'END_LIVE_APPLICATIONS' });
  });

  it('has no applications to end when a draft is cancelled', () => {
    const result = transitionOpportunity(OpportunityStatus.DRAFT, 'CANCEL', {
      actor: 'HR',
      kind: OpportunityKind.WORKPLACE_VISIT,
      reason: 'duplicate',
    });
    expect(result).toEqual({
      ok: true,
      next: OpportunityStatus.CANCELLED,
      effects: [{ type: 'NOTIFY', to: 'HOST_SUPERVISOR', template: 'opportunity.cancelled' }],
    });
  });

  it('tells the co-supervisor when a co-supervised project is approved', () => {
    const result = transitionOpportunity(OpportunityStatus.PENDING_APPROVAL, 'APPROVE', {
      actor: 'HR',
      kind: OpportunityKind.CO_SUPERVISED_PROJECT,
    });
    expect(result.ok && result.effects).toContainEqual({
      type: 'NOTIFY',
      to: 'CO_SUPERVISOR',
      template: 'opportunity.approved',
    });
  });
});

describe('opportunity status helpers', () => {
  it('treats completed and cancelled as terminal, and nothing leaves them', () => {
    expect(ALL_STATES.filter(isTerminalOpportunityStatus).sort()).toEqual(['CANCELLED', 'COMPLETED']);
    for (const state of ALL_STATES) {
      const anyAllowed = OPPORTUNITY_ACTOR_KINDS.some(
        (actor) => allowedOpportunityEvents(state, actor).length > 0,
      );
      expect(anyAllowed).toBe(!isTerminalOpportunityStatus(state));
    }
  });

  it('takes applications only while open', () => {
    expect(ALL_STATES.filter(acceptsApplications)).toEqual([OpportunityStatus.OPEN]);
  });
});
