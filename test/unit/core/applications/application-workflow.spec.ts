import {
  APPLICATION_ACTOR_KINDS,
  APPLICATION_EVENTS,
  ApplicationActorKind,
  ApplicationEvent,
  ApplicationTransitionContext,
  LIVE_APPLICATION_STATUSES,
  allowedApplicationEvents,
  isLive,
  isTerminal,
  placementHasStarted,
  SeatsOfOpportunity,
  seatsToPassOn,
  transitionApplication,
  waitingListOffers,
  WaitingListEntry,
} from '../../../../src/core/applications/application-workflow';
import { ApplicationStatus, OpportunityStatus } from '../../../../src/core/domain/enums';

const NOW = new Date('2027-03-10T12:00:00Z');
const FUTURE = new Date('2027-03-17T12:00:00Z');
const PAST = new Date('2027-03-03T12:00:00Z');

const ALL_STATES = Object.values(ApplicationStatus);

/** Every allowed (state, event, actor) and where it leads. Anything not listed is refused. */
const ALLOWED: Record<string, ApplicationStatus> = {
  'SUBMITTED WITHDRAW CANDIDATE': ApplicationStatus.WITHDRAWN,
  'SHORTLISTED WITHDRAW CANDIDATE': ApplicationStatus.WITHDRAWN,
  'SUBMITTED SHORTLIST HOST': ApplicationStatus.SHORTLISTED,
  'SUBMITTED REJECT HOST': ApplicationStatus.REJECTED,
  'SUBMITTED REJECT SYSTEM': ApplicationStatus.REJECTED,
  'SHORTLISTED REJECT HOST': ApplicationStatus.REJECTED,
  'SHORTLISTED REJECT SYSTEM': ApplicationStatus.REJECTED,
  'SUBMITTED OFFER SYSTEM': ApplicationStatus.OFFERED,
  'SUBMITTED OFFER HR': ApplicationStatus.OFFERED,
  'SHORTLISTED OFFER HOST': ApplicationStatus.OFFERED,
  'SHORTLISTED OFFER SYSTEM': ApplicationStatus.OFFERED,
  'SHORTLISTED OFFER HR': ApplicationStatus.OFFERED,
  'OFFERED REVOKE_OFFER HR': ApplicationStatus.REJECTED,
  'OFFERED ACCEPT CANDIDATE': ApplicationStatus.ACCEPTED,
  'OFFERED DECLINE CANDIDATE': ApplicationStatus.DECLINED,
  'OFFERED EXPIRE SYSTEM': ApplicationStatus.EXPIRED,
  'OFFERED WITHDRAW_OFFER SYSTEM': ApplicationStatus.WITHDRAWN,
  'ACCEPTED COMPLETE HOST': ApplicationStatus.COMPLETED,
  'ACCEPTED WITHDRAW CANDIDATE': ApplicationStatus.WITHDRAWN,
  'ACCEPTED RECORD_NO_SHOW HOST': ApplicationStatus.NO_SHOW,
  'SUBMITTED PLACE HR': ApplicationStatus.ACCEPTED,
  'SHORTLISTED PLACE HR': ApplicationStatus.ACCEPTED,
  'OFFERED PLACE HR': ApplicationStatus.ACCEPTED,
};

/** A context that satisfies every non-table check of the event, so only the table decides. */
function validContext(event: ApplicationEvent, actor: ApplicationActorKind): ApplicationTransitionContext {
  return {
    actor,
    now: NOW,
    responseDeadline: event === 'EXPIRE' ? PAST : FUTURE,
    reason: 'not a fit for this project',
    startsOn: '2027-03-01',
  };
}

const combos = ALL_STATES.flatMap((state) =>
  APPLICATION_EVENTS.flatMap((event) => APPLICATION_ACTOR_KINDS.map((actor) => ({ state, event, actor }))),
);

describe('transitionApplication: the full (state, event, actor) table', () => {
  it('covers all 10 x 12 x 4 combinations', () => {
    expect(combos).toHaveLength(480);
  });

  it.each(combos)('$state + $event by $actor', ({ state, event, actor }) => {
    const result = transitionApplication(state, event, validContext(event, actor));
    const expectedNext = ALLOWED[`${state} ${event} ${actor}`];
    if (expectedNext !== undefined) {
      expect(result).toMatchObject({ ok: true, next: expectedNext });
      return;
    }
    const someActorMay = APPLICATION_ACTOR_KINDS.some(
      (other) => ALLOWED[`${state} ${event} ${other}`] !== undefined,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(someActorMay ? 'NOT_ALLOWED_FOR_ACTOR' : 'ILLEGAL_TRANSITION');
    expect(result.error.message).toContain(`in state ${state}`);
    expect(result.error.message).toContain(event);
  });

  it('names the current state in the message of an illegal transition', () => {
    const result = transitionApplication(ApplicationStatus.SUBMITTED, 'ACCEPT', {
      actor: 'CANDIDATE',
      now: NOW,
      responseDeadline: FUTURE,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'ILLEGAL_TRANSITION',
        message: 'cannot ACCEPT an application in state SUBMITTED',
      },
    });
  });

  it('lists exactly the allowed events per state and actor', () => {
    for (const state of ALL_STATES) {
      for (const actor of APPLICATION_ACTOR_KINDS) {
        const expected = APPLICATION_EVENTS.filter(
          (event) => ALLOWED[`${state} ${event} ${actor}`] !== undefined,
        );
        expect(allowedApplicationEvents(state, actor)).toEqual(expected);
      }
    }
  });
});

describe('transitionApplication: response deadline', () => {
  const offered = ApplicationStatus.OFFERED;

  it('accepts an offer before the deadline and takes a seat', () => {
    const result = transitionApplication(offered, 'ACCEPT', {
      actor: 'CANDIDATE',
      now: NOW,
      responseDeadline: FUTURE,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.next).toBe(ApplicationStatus.ACCEPTED);
    expect(result.effects).toContainEqual({ type: 'TAKE_SEAT' });
    expect(result.effects).toContainEqual({
      type: 'NOTIFY',
      to: 'HOST',
      template: 'application.accepted',
    });
  });

  it('accepts an offer at exactly the deadline', () => {
    const result = transitionApplication(offered, 'ACCEPT', {
      actor: 'CANDIDATE',
      now: NOW,
      responseDeadline: new Date(NOW.getTime()),
    });
    expect(result).toMatchObject({ ok: true, next: ApplicationStatus.ACCEPTED });
  });

  it('refuses to accept an offer one millisecond after the deadline', () => {
    const result = transitionApplication(offered, 'ACCEPT', {
      actor: 'CANDIDATE',
      now: new Date(NOW.getTime() + 1),
      responseDeadline: NOW,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('OFFER_EXPIRED');
    expect(result.error.message).toContain('in state OFFERED');
  });

  it('refuses to decline an offer after the deadline, leaving it for EXPIRE', () => {
    const result = transitionApplication(offered, 'DECLINE', {
      actor: 'CANDIDATE',
      now: NOW,
      responseDeadline: PAST,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'OFFER_EXPIRED' } });
  });

  it('refuses to accept an offer that carries no deadline', () => {
    for (const responseDeadline of [null, undefined]) {
      const result = transitionApplication(offered, 'ACCEPT', {
        actor: 'CANDIDATE',
        now: NOW,
        responseDeadline,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_RESPONSE_DEADLINE' } });
    }
  });

  it('expires an offer after the deadline and returns the seat', () => {
    const result = transitionApplication(offered, 'EXPIRE', {
      actor: 'SYSTEM',
      now: NOW,
      responseDeadline: PAST,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.next).toBe(ApplicationStatus.EXPIRED);
    expect(result.effects).toContainEqual({ type: 'REALLOCATE_SEAT' });
    expect(result.effects).not.toContainEqual({ type: 'TAKE_SEAT' });
  });

  it('refuses to expire an offer before or at the deadline', () => {
    for (const responseDeadline of [FUTURE, NOW]) {
      const result = transitionApplication(offered, 'EXPIRE', {
        actor: 'SYSTEM',
        now: NOW,
        responseDeadline,
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('OFFER_NOT_YET_EXPIRED');
      expect(result.error.message).toContain('in state OFFERED');
    }
  });

  it('refuses an offer without a response deadline or with one that has passed', () => {
    for (const responseDeadline of [null, undefined, PAST, NOW]) {
      const result = transitionApplication(ApplicationStatus.SHORTLISTED, 'OFFER', {
        actor: 'HOST',
        now: NOW,
        responseDeadline,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_RESPONSE_DEADLINE' } });
    }
  });
});

describe('transitionApplication: reasons and effects', () => {
  it.each([null, '  '])('refuses HR taking back an offer with reason %p', (reason) => {
    const result = transitionApplication(ApplicationStatus.OFFERED, 'REVOKE_OFFER', {
      actor: 'HR',
      now: NOW,
      reason,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
  });

  it('tells the candidate when HR takes back their offer, and frees no seat (it is given on at once)', () => {
    const result = transitionApplication(ApplicationStatus.OFFERED, 'REVOKE_OFFER', {
      actor: 'HR',
      now: NOW,
      reason: 'reassigned after the appeal',
    });
    expect(result).toEqual({
      ok: true,
      next: ApplicationStatus.REJECTED,
      effects: [{ type: 'NOTIFY', to: 'CANDIDATE', template: 'application.offer-revoked' }],
    });
  });

  it.each([null, undefined, '', '   '])('refuses to reject with reason %p', (reason) => {
    const result = transitionApplication(ApplicationStatus.SUBMITTED, 'REJECT', {
      actor: 'HOST',
      now: NOW,
      reason,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('REASON_REQUIRED');
    expect(result.error.message).toContain('in state SUBMITTED');
  });

  it('withdraws without a reason and tells the host', () => {
    const result = transitionApplication(ApplicationStatus.SHORTLISTED, 'WITHDRAW', {
      actor: 'CANDIDATE',
      now: NOW,
    });
    expect(result).toEqual({
      ok: true,
      next: ApplicationStatus.WITHDRAWN,
      effects: [{ type: 'NOTIFY', to: 'HOST', template: 'application.withdrawn' }],
    });
  });

  it('withdraws after accepting only with a reason: the seat is released, passed on, and the host told', () => {
    for (const reason of [null, '', '  ']) {
      expect(
        transitionApplication(ApplicationStatus.ACCEPTED, 'WITHDRAW', {
          actor: 'CANDIDATE',
          now: NOW,
          reason,
        }),
      ).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
    }
    expect(
      transitionApplication(ApplicationStatus.ACCEPTED, 'WITHDRAW', {
        actor: 'CANDIDATE',
        now: NOW,
        reason: 'I got a PhD position',
      }),
    ).toEqual({
      ok: true,
      next: ApplicationStatus.WITHDRAWN,
      effects: [
        { type: 'RELEASE_SEAT' },
        { type: 'REALLOCATE_SEAT' },
        { type: 'NOTIFY', to: 'HOST', template: 'application.withdrawn-after-acceptance' },
      ],
    });
  });

  it('passes the seat of a declined or expired offer on', () => {
    const declined = transitionApplication(ApplicationStatus.OFFERED, 'DECLINE', {
      actor: 'CANDIDATE',
      now: NOW,
      responseDeadline: FUTURE,
    });
    expect(declined.ok && declined.effects).toContainEqual({ type: 'REALLOCATE_SEAT' });
    const expired = transitionApplication(ApplicationStatus.OFFERED, 'EXPIRE', {
      actor: 'SYSTEM',
      now: NOW,
      responseDeadline: PAST,
    });
    expect(expired.ok && expired.effects).toContainEqual({ type: 'REALLOCATE_SEAT' });
  });

  it('records a no-show from the first day of the placement on, releasing the seat without passing it on', () => {
    const on = (startsOn: string | null) =>
      transitionApplication(ApplicationStatus.ACCEPTED, 'RECORD_NO_SHOW', {
        actor: 'HOST',
        now: NOW,
        startsOn,
      });
    expect(on('2027-03-11')).toMatchObject({ ok: false, error: { code: 'PLACEMENT_NOT_STARTED' } });
    expect(on(null)).toMatchObject({ ok: false, error: { code: 'PLACEMENT_NOT_STARTED' } });
    expect(on('2027-03-10')).toEqual({
      ok: true,
      next: ApplicationStatus.NO_SHOW,
      effects: [
        { type: 'RELEASE_SEAT' },
        { type: 'NOTIFY', to: 'CANDIDATE', template: 'application.no-show' },
      ],
    });
  });

  it('lets HR place a candidate with a reason only, taking a seat and telling candidate and host', () => {
    expect(
      transitionApplication(ApplicationStatus.SUBMITTED, 'PLACE', { actor: 'HR', now: NOW, reason: ' ' }),
    ).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
    expect(
      transitionApplication(ApplicationStatus.SUBMITTED, 'PLACE', {
        actor: 'HOST',
        now: NOW,
        reason: 'agreed',
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_FOR_ACTOR' } });
    expect(
      transitionApplication(ApplicationStatus.SHORTLISTED, 'PLACE', {
        actor: 'HR',
        now: NOW,
        reason: 'agreed',
      }),
    ).toEqual({
      ok: true,
      next: ApplicationStatus.ACCEPTED,
      effects: [
        { type: 'TAKE_SEAT' },
        { type: 'NOTIFY', to: 'CANDIDATE', template: 'application.placed' },
        { type: 'NOTIFY', to: 'HOST', template: 'application.placed-by-hr' },
      ],
    });
  });

  it('checks the actor before the reason', () => {
    const result = transitionApplication(ApplicationStatus.SUBMITTED, 'REJECT', {
      actor: 'CANDIDATE',
      now: NOW,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_FOR_ACTOR' } });
  });

  it('asks for an assessment when a placement completes', () => {
    const result = transitionApplication(ApplicationStatus.ACCEPTED, 'COMPLETE', {
      actor: 'HOST',
      now: NOW,
    });
    expect(result.ok && result.effects).toContainEqual({ type: 'REQUEST_ASSESSMENT' });
  });

  it('returns effects that callers can change without changing the next call', () => {
    const first = transitionApplication(ApplicationStatus.SUBMITTED, 'SHORTLIST', {
      actor: 'HOST',
      now: NOW,
    });
    if (first.ok) first.effects.length = 0;
    const second = transitionApplication(ApplicationStatus.SUBMITTED, 'SHORTLIST', {
      actor: 'HOST',
      now: NOW,
    });
    expect(second.ok && second.effects).toHaveLength(1);
  });
});

describe('live and terminal statuses', () => {
  it('counts submitted, shortlisted, offered and accepted applications as live', () => {
    expect([...LIVE_APPLICATION_STATUSES].sort()).toEqual(
      ['ACCEPTED', 'OFFERED', 'SHORTLISTED', 'SUBMITTED'].sort(),
    );
    expect(ALL_STATES.filter(isLive).sort()).toEqual([...LIVE_APPLICATION_STATUSES].sort());
  });

  it('treats withdrawn, rejected, declined, expired, completed and no-show as terminal', () => {
    expect(ALL_STATES.filter(isTerminal).sort()).toEqual(
      ['COMPLETED', 'DECLINED', 'EXPIRED', 'NO_SHOW', 'REJECTED', 'WITHDRAWN'].sort(),
    );
  });

  it('lets no event leave a terminal status, and some event leave every other status', () => {
    for (const state of ALL_STATES) {
      const anyAllowed = APPLICATION_ACTOR_KINDS.some(
        (actor) => allowedApplicationEvents(state, actor).length > 0,
      );
      expect(anyAllowed).toBe(!isTerminal(state));
    }
  });
});

describe('waitingListOffers: who is offered a passed-on seat', () => {
  const at = (day: number) => new Date(Date.UTC(2027, 2, day));
  const entry = (
    applicationId: string,
    status: ApplicationStatus,
    rank: number | null,
    day: number,
  ): WaitingListEntry => ({ applicationId, status, rank, submittedAt: at(day) });

  it('offers the shortlisted in the host ranking, then the unranked in the order they applied', () => {
    const entries = [
      entry('late-unranked', ApplicationStatus.SHORTLISTED, null, 5),
      entry('early-unranked', ApplicationStatus.SHORTLISTED, null, 1),
      entry('second', ApplicationStatus.SHORTLISTED, 2, 9),
      entry('first', ApplicationStatus.SHORTLISTED, 1, 8),
      entry('submitted-only', ApplicationStatus.SUBMITTED, null, 0),
      entry('offered', ApplicationStatus.OFFERED, null, 0),
    ];
    expect(waitingListOffers(1, entries)).toEqual(['first']);
    expect(waitingListOffers(10, entries)).toEqual(['first', 'second', 'early-unranked', 'late-unranked']);
  });

  it('offers nothing when no seat is free', () => {
    expect(waitingListOffers(0, [entry('a', ApplicationStatus.SHORTLISTED, 1, 1)])).toEqual([]);
    expect(waitingListOffers(-1, [entry('a', ApplicationStatus.SHORTLISTED, 1, 1)])).toEqual([]);
  });
});

describe('seatsToPassOn', () => {
  const base: SeatsOfOpportunity = {
    status: OpportunityStatus.ALLOCATED,
    capacity: 3,
    seatsTaken: 1,
    openOffers: 1,
    startsOn: '2027-04-01',
    inRound: false,
  };

  it('passes on the seats neither taken nor held by an open offer', () => {
    expect(seatsToPassOn(base, NOW)).toBe(1);
    expect(seatsToPassOn({ ...base, openOffers: 2 }, NOW)).toBe(0);
    expect(
      seatsToPassOn({ ...base, status: OpportunityStatus.OPEN, seatsTaken: 0, openOffers: 0 }, NOW),
    ).toBe(3);
  });

  it('passes nothing on in a round, once the placement began, or when the opportunity is over', () => {
    expect(seatsToPassOn({ ...base, inRound: true }, NOW)).toBe(0);
    expect(seatsToPassOn({ ...base, startsOn: '2027-03-10' }, NOW)).toBe(0);
    for (const status of [
      OpportunityStatus.CANCELLED,
      OpportunityStatus.COMPLETED,
      OpportunityStatus.DRAFT,
    ]) {
      expect(seatsToPassOn({ ...base, status }, NOW)).toBe(0);
    }
  });
});

describe('placementHasStarted', () => {
  it('counts the first day as started, in UTC days', () => {
    expect(placementHasStarted('2027-03-10', new Date('2027-03-10T00:00:00Z'))).toBe(true);
    expect(placementHasStarted('2027-03-10', new Date('2027-03-09T23:59:59Z'))).toBe(false);
    expect(placementHasStarted('2027-03-01', NOW)).toBe(true);
  });
});

describe('transitionApplication: what the opportunity allows', () => {
  const offered = ApplicationStatus.OFFERED;
  const ctx = { actor: 'CANDIDATE' as const, now: NOW, responseDeadline: FUTURE };

  it.each([OpportunityStatus.COMPLETED, OpportunityStatus.CANCELLED])(
    'refuses to ACCEPT an offer of a %s opportunity (OPPORTUNITY_ENDED)',
    (status) => {
      const result = transitionApplication(offered, 'ACCEPT', {
        ...ctx,
        opportunityStatus: status,
        startsOn: '2027-01-01',
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'OPPORTUNITY_ENDED' } });
    },
  );

  it.each([OpportunityStatus.OPEN, OpportunityStatus.CLOSED, OpportunityStatus.ALLOCATED])(
    'accepts an offer of a %s opportunity',
    (status) => {
      const result = transitionApplication(offered, 'ACCEPT', {
        ...ctx,
        opportunityStatus: status,
        startsOn: '2027-01-01',
      });
      expect(result).toMatchObject({ ok: true, next: ApplicationStatus.ACCEPTED });
    },
  );

  it('refuses to COMPLETE a placement before its first day, and completes it on that day', () => {
    const host = { actor: 'HOST' as const, now: NOW };
    const early = transitionApplication(ApplicationStatus.ACCEPTED, 'COMPLETE', {
      ...host,
      opportunityStatus: OpportunityStatus.ALLOCATED,
      startsOn: '2027-03-11',
    });
    expect(early).toMatchObject({ ok: false, error: { code: 'PLACEMENT_NOT_STARTED' } });
    const onTheDay = transitionApplication(ApplicationStatus.ACCEPTED, 'COMPLETE', {
      ...host,
      opportunityStatus: OpportunityStatus.ALLOCATED,
      startsOn: '2027-03-10',
    });
    expect(onTheDay).toMatchObject({ ok: true, next: ApplicationStatus.COMPLETED });
  });

  it('withdraws an offer only with a reason, and tells the candidate', () => {
    const system = { actor: 'SYSTEM' as const, now: NOW };
    expect(transitionApplication(offered, 'WITHDRAW_OFFER', system)).toMatchObject({
      ok: false,
      error: { code: 'REASON_REQUIRED' },
    });
    expect(
      transitionApplication(offered, 'WITHDRAW_OFFER', { ...system, reason: 'All seats are taken' }),
    ).toEqual({
      ok: true,
      next: ApplicationStatus.WITHDRAWN,
      effects: [{ type: 'NOTIFY', to: 'CANDIDATE', template: 'application.offer-withdrawn' }],
    });
  });
});
