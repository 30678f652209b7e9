import fc from 'fast-check';
import { ApplicationStatus } from '../../../../src/core/domain/enums';
import {
  DecidedKind,
  decideClosing,
  decidePlacements,
  notMatchedReason,
  offersPerOpportunity,
  packApplications,
  PackedDecisions,
  RoundApplication,
} from '../../../../src/core/rounds/round-decisions';

const now = new Date('2026-05-01T10:00:00Z');
const responseDeadline = new Date('2026-05-08T10:00:00Z');
const rejectReason = notMatchedReason({ name: 'Spring' });

const app = (id: string, candidateId: string, opportunityId: string, status = ApplicationStatus.SUBMITTED) =>
  ({ id, candidateId, opportunityId, status }) satisfies RoundApplication;

/** The decided changes as the rows' ids, offers and rejections apart, with each change's kind. */
function decidedIds(
  rows: readonly RoundApplication[],
  decided: PackedDecisions,
  order: Int32Array,
): { offers: string[]; rejections: string[]; kinds: DecidedKind[] } {
  const offers: string[] = [];
  const rejections: string[] = [];
  const kinds: DecidedKind[] = [];
  decided.position.forEach((p, i) => {
    const kind = decided.kinds[decided.kind[i]];
    (kind.event === 'OFFER' ? offers : rejections).push(rows[order[p]].id);
    kinds.push(kind);
  });
  return { offers, rejections, kinds };
}

describe('a run’s decided changes', () => {
  const applications = [
    app('a1', 'ann', 'o1'),
    app('a2', 'ann', 'o2', ApplicationStatus.SHORTLISTED),
    app('a3', 'bob', 'o1'),
    app('a4', 'cas', 'o2'),
    app('a5', 'ann', 'o3', ApplicationStatus.OFFERED),
  ];
  const { packed, order } = packApplications(applications);

  it('packs rows by candidate, in the order they first appear, each candidate’s rows in their order', () => {
    expect(packed.candidateIds).toEqual(['ann', 'bob', 'cas']);
    expect(Array.from(packed.start)).toEqual([0, 3, 4, 5]);
    expect(Array.from(order, (r) => applications[r].id)).toEqual(['a1', 'a2', 'a5', 'a3', 'a4']);
    expect(
      Array.from(packed.code, (code, p) => [packed.opportunityIds[code >> 2], packed.statuses[code & 3], p]),
    ).toEqual(Array.from(order, (r, p) => [applications[r].opportunityId, applications[r].status, p]));
  });

  it('offers each placement and rejects the placed candidates’ other waiting choices', () => {
    const decided = decidePlacements(
      new Map([
        ['bob', 'o1'],
        ['ann', 'o1'],
      ]),
      packed,
      { now, responseDeadline, rejectReason },
    );
    expect(decided.ok).toBe(true);
    if (!decided.ok) return;
    const { offers, rejections, kinds } = decidedIds(applications, decided.decided, order);
    // cas was not placed: their application stays on the waiting list; ann's offer elsewhere is untouched.
    expect({ offers, rejections }).toEqual({ offers: ['a1', 'a3'], rejections: ['a2'] });
    expect(decided.decided.offers).toBe(2);
    expect(kinds.map((k) => [k.event, k.from, k.to, k.responseDeadline, k.reason])).toEqual([
      ['OFFER', ApplicationStatus.SUBMITTED, ApplicationStatus.OFFERED, responseDeadline, null],
      ['REJECT', ApplicationStatus.SHORTLISTED, ApplicationStatus.REJECTED, null, rejectReason],
      ['OFFER', ApplicationStatus.SUBMITTED, ApplicationStatus.OFFERED, responseDeadline, null],
    ]);
    // Each kind is decided once and shared: the two offers from SUBMITTED are one kind.
    expect(decided.decided.kinds).toHaveLength(2);
    expect(kinds[0].effects.some((e) => e.type === 'NOTIFY')).toBe(true);
  });

  it('refuses the run when a placement has no waiting application', () => {
    for (const placement of [
      ['cas', 'o1'],
      ['dan', 'o1'],
    ] as const) {
      const decided = decidePlacements(new Map([placement]), packed, { now, responseDeadline, rejectReason });
      expect(decided).toEqual({
        ok: false,
        error: { code: 'NO_LIVE_APPLICATION', message: `no live application of ${placement[0]} for o1` },
      });
    }
  });

  it('closing rejects every waiting application and leaves offers alone', () => {
    const decided = decideClosing(packed, { now, reason: rejectReason });
    const { offers, rejections, kinds } = decidedIds(applications, decided, order);
    expect({ offers, rejections }).toEqual({ offers: [], rejections: ['a1', 'a2', 'a3', 'a4'] });
    expect(kinds.every((k) => k.to === ApplicationStatus.REJECTED && k.reason === rejectReason)).toBe(true);
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
  // A run reads live applications only (four statuses: a code holds a status in two bits).
  const statuses = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.OFFERED,
    ApplicationStatus.ACCEPTED,
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

  it('decides the same offers and rejections as the rule read application by application, candidate by candidate', () => {
    fc.assert(
      fc.property(aRound, ({ applications, placements }) => {
        const { packed, order } = packApplications(applications);
        const decided = decidePlacements(placements, packed, { now, responseDeadline, rejectReason });
        const expected = decidedAsTheRuleReads(placements, applications);
        if (typeof expected === 'string') {
          expect(decided).toEqual({ ok: false, error: expect.objectContaining({ code: expected }) });
          return;
        }
        expect(decided.ok).toBe(true);
        if (!decided.ok) return;
        const { offers, rejections, kinds } = decidedIds(applications, decided.decided, order);
        expect({ offers: [...offers].sort(), rejections: [...rejections].sort() }).toEqual({
          offers: [...expected.offers].sort(),
          rejections: [...expected.rejections].sort(),
        });
        expect(decided.decided.offers).toBe(offers.length);
        // Candidate by candidate: the positions ascend.
        expect(Array.from(decided.decided.position)).toEqual(
          Array.from(decided.decided.position).sort((x, y) => x - y),
        );
        decided.decided.position.forEach((p, i) => {
          const kind = kinds[i];
          expect(kind.from).toBe(applications[order[p]].status);
          expect([kind.to, kind.responseDeadline, kind.reason]).toEqual(
            kind.event === 'OFFER'
              ? [ApplicationStatus.OFFERED, responseDeadline, null]
              : [ApplicationStatus.REJECTED, null, rejectReason],
          );
        });
      }),
      { numRuns: 500 },
    );
  });
});
