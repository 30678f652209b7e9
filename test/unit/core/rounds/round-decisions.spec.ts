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
