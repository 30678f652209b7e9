import fc from 'fast-check';
import { ApplicationStatus } from '../../../../src/core/domain/enums';
import {
  decideClosing,
  decidePlacements,
  notMatchedReason,
  offersPerOpportunity,
  RoundApplication,
} from '../../../../src/core/rounds/round-decisions';

const now = new Date('2026-05-01T10:00:00Z');
const responseDeadline = new Date('2026-05-08T10:00:00Z');
const rejectReason = notMatchedReason({ name: 'Spring' });

const app = (id: string, candidateId: string, opportunityId: string, status = ApplicationStatus.SUBMITTED) =>
  ({ id, candidateId, opportunityId, status }) satisfies RoundApplication;

describe('a run’s decided changes', () => {
  const applications = [
    app('a1', 'ann', 'o1'),
    app('a2', 'ann', 'o2', ApplicationStatus.SHORTLISTED),
    app('a3', 'bob', 'o1'),
    app('a4', 'cas', 'o2'),
    app('a5', 'ann', 'o3', ApplicationStatus.OFFERED),
  ];

  it('offers each placement and rejects the placed candidates’ other waiting choices', () => {
    const decided = decidePlacements(
      new Map([
        ['ann', 'o1'],
        ['bob', 'o1'],
      ]),
      applications,
      { now, responseDeadline, rejectReason },
    );
    expect(decided.ok).toBe(true);
    if (!decided.ok) return;
    expect(decided.offers.map((c) => [c.applicationId, c.from, c.to, c.responseDeadline])).toEqual([
      ['a1', ApplicationStatus.SUBMITTED, ApplicationStatus.OFFERED, responseDeadline],
      ['a3', ApplicationStatus.SUBMITTED, ApplicationStatus.OFFERED, responseDeadline],
    ]);
    // cas was not placed: their application stays on the waiting list; ann's offer elsewhere is untouched.
    expect(decided.rejections.map((c) => [c.applicationId, c.to, c.reason])).toEqual([
      ['a2', ApplicationStatus.REJECTED, 'not matched in round Spring'],
    ]);
    expect(decided.offers[0].effects.some((e) => e.type === 'NOTIFY')).toBe(true);
  });

  it('refuses the run when a placement has no waiting application', () => {
    const decided = decidePlacements(new Map([['cas', 'o1']]), applications, {
      now,
      responseDeadline,
      rejectReason,
    });
    expect(decided).toEqual({ ok: false, error: expect.objectContaining({ code: 'NO_LIVE_APPLICATION' }) });
  });

  it('closing rejects every waiting application and leaves offers alone', () => {
    const changes = decideClosing(applications, { now, reason: rejectReason });
    expect(changes.map((c) => c.applicationId)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(changes.every((c) => c.to === ApplicationStatus.REJECTED && c.reason === rejectReason)).toBe(true);
  });

  it('counts the offers per opportunity', () => {
    expect(
      offersPerOpportunity(
        new Map([
          ['ann', 'o1'],
          ['bob', 'o1'],
          ['cas', 'o2'],
        ]),
      ),
    ).toEqual(
      new Map([
        ['o1', 2],
        ['o2', 1],
      ]),
    );
  });
});

/**
 * The decisions as the rule reads (the implementation before the lookups per run of a candidate's
 * applications and the offered application told apart by identity): every application looked up on
 * its own, the offered ones by a set of ids.
 */
function decidedAsTheRuleReads(
  placements: ReadonlyMap<string, string>,
  applications: readonly RoundApplication[],
): { offers: string[]; rejections: string[] } | string {
  const allocatable = (s: ApplicationStatus) =>
    s === ApplicationStatus.SUBMITTED || s === ApplicationStatus.SHORTLISTED;
  const placedOn = new Map<string, RoundApplication>();
  for (const a of applications) {
    if (allocatable(a.status) && placements.get(a.candidateId) === a.opportunityId)
      placedOn.set(a.candidateId, a);
  }
  const offers: string[] = [];
  for (const [candidateId] of placements) {
    const a = placedOn.get(candidateId);
    if (!a) return 'NO_LIVE_APPLICATION';
    offers.push(a.id);
  }
  const offered = new Set(offers);
  const rejections = applications
    .filter((a) => !offered.has(a.id) && placements.has(a.candidateId) && allocatable(a.status))
    .map((a) => a.id);
  return { offers, rejections };
}

describe('a run’s decided changes, any round', () => {
  const statuses = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.OFFERED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WITHDRAWN,
  ];
  /** Up to 40 applications of 6 candidates on 5 opportunities (unique ids; a pair may repeat), in any order. */
  const aRound = fc
    .array(
      fc.record({
        candidate: fc.integer({ min: 0, max: 5 }),
        opportunity: fc.integer({ min: 0, max: 4 }),
        status: fc.constantFrom(...statuses),
      }),
      { maxLength: 40 },
    )
    .chain((rows) =>
      fc.record({
        applications: fc.constant(
          rows.map((r, i) => app(`a${i}`, `c${r.candidate}`, `o${r.opportunity}`, r.status)),
        ),
        // Placements mostly on a candidate's own choices, sometimes elsewhere (the run refused).
        placements: fc.array(
          fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.boolean()),
          { maxLength: 6 },
        ),
      }),
    )
    .map(({ applications, placements }) => {
      const placed = new Map<string, string>();
      for (const [c, pick, own] of placements) {
        const choices = applications.filter((a) => a.candidateId === `c${c}`);
        placed.set(
          `c${c}`,
          own && choices.length > 0 ? choices[pick % choices.length].opportunityId : `o${pick}`,
        );
      }
      return { applications, placements: placed };
    });

  it('decides the same offers and rejections, in the same order, as the rule read application by application', () => {
    fc.assert(
      fc.property(aRound, ({ applications, placements }) => {
        const decided = decidePlacements(placements, applications, { now, responseDeadline, rejectReason });
        const expected = decidedAsTheRuleReads(placements, applications);
        if (typeof expected === 'string') {
          expect(decided).toEqual({ ok: false, error: expect.objectContaining({ code: expected }) });
          return;
        }
        expect(decided.ok).toBe(true);
        if (!decided.ok) return;
        expect({
          offers: decided.offers.map((c) => c.applicationId),
          rejections: decided.rejections.map((c) => c.applicationId),
        }).toEqual(expected);
        for (const c of decided.offers) {
          expect([c.to, c.responseDeadline, c.reason]).toEqual([
            ApplicationStatus.OFFERED,
            responseDeadline,
            null,
          ]);
        }
        for (const c of decided.rejections) {
          expect([c.to, c.responseDeadline, c.reason]).toEqual([
            ApplicationStatus.REJECTED,
            null,
            rejectReason,
          ]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
