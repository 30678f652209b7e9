import {
  CO_SUPERVISION_ACTOR_KINDS,
  CO_SUPERVISION_EVENTS,
  CoSupervisionStatus,
  transitionCoSupervision,
} from '../../../../src/core/opportunities/co-supervision';

const ALL_STATES = Object.values(CoSupervisionStatus);
const EDITORS = ['HOST_SUPERVISOR', 'HR', 'ADMIN'];

const ALLOWED: Record<string, { next: CoSupervisionStatus; actors: string[] }> = {
  'INVITED ACCEPT': { next: CoSupervisionStatus.ACCEPTED, actors: ['CO_SUPERVISOR'] },
  'INVITED DECLINE': { next: CoSupervisionStatus.DECLINED, actors: ['CO_SUPERVISOR'] },
  'INVITED SUBSTANTIVE_EDIT': { next: CoSupervisionStatus.INVITED, actors: EDITORS },
  'ACCEPTED SUBSTANTIVE_EDIT': { next: CoSupervisionStatus.INVITED, actors: EDITORS },
};

const combos = ALL_STATES.flatMap((state) =>
  CO_SUPERVISION_EVENTS.flatMap((event) =>
    CO_SUPERVISION_ACTOR_KINDS.map((actor) => ({ state, event, actor })),
  ),
);

describe('transitionCoSupervision: the full (state, event, actor) table', () => {
  it('covers all 3 x 3 x 4 combinations', () => {
    expect(combos).toHaveLength(36);
  });

  it.each(combos)('$state + $event by $actor', ({ state, event, actor }) => {
    const result = transitionCoSupervision(state, event, {
      actor,
      reason: 'no capacity this term',
    });
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
});

describe('transitionCoSupervision: decisions', () => {
  it.each([null, undefined, '', ' '])('refuses to decline with reason %p', (reason) => {
    const result = transitionCoSupervision(CoSupervisionStatus.INVITED, 'DECLINE', {
      actor: 'CO_SUPERVISOR',
      reason,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('REASON_REQUIRED');
    expect(result.error.message).toContain('in state INVITED');
  });

  it('accepts without a reason and tells the lead supervisor', () => {
    expect(
      transitionCoSupervision(CoSupervisionStatus.INVITED, 'ACCEPT', { actor: 'CO_SUPERVISOR' }),
    ).toEqual({
      ok: true,
      next: CoSupervisionStatus.ACCEPTED,
      effects: [{ type: 'NOTIFY', to: 'HOST_SUPERVISOR', template: 'co-supervision.accepted' }],
    });
  });

  it('asks an accepted co-supervisor to confirm again after a substantive edit', () => {
    const result = transitionCoSupervision(CoSupervisionStatus.ACCEPTED, 'SUBSTANTIVE_EDIT', {
      actor: 'HOST_SUPERVISOR',
    });
    expect(result).toEqual({
      ok: true,
      next: CoSupervisionStatus.INVITED,
      effects: [
        {
          type: 'NOTIFY',
          to: 'CO_SUPERVISOR',
          template: 'co-supervision.reconfirmation-requested',
        },
      ],
    });
  });

  it('keeps a declined invitation declined whatever happens to the project', () => {
    for (const event of CO_SUPERVISION_EVENTS) {
      for (const actor of CO_SUPERVISION_ACTOR_KINDS) {
        const result = transitionCoSupervision(CoSupervisionStatus.DECLINED, event, {
          actor,
          reason: 'x',
        });
        expect(result).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
      }
    }
  });
});
