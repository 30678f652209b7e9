import { describe, expect, it } from 'vitest';
import { visitDays, withDerivedDays, type OpportunityDraft } from './opportunity-form';

describe('a workplace visit’s days', () => {
  it('counts both dates, as the server does', () => {
    expect(visitDays('2027-03-01', '2027-03-01')).toBe(1);
    expect(visitDays('2027-03-01', '2027-03-05')).toBe(5);
    // Across the change to summer time: still whole days.
    expect(visitDays('2027-03-27', '2027-03-29')).toBe(3);
  });

  it('has no days without two dates in order', () => {
    expect(visitDays('', '2027-03-05')).toBeNull();
    expect(visitDays('2027-03-05', '2027-03-01')).toBeNull();
  });

  it('sends the days derived from the dates, whatever the draft held; other kinds unchanged', () => {
    const draft = {
      kind: 'WORKPLACE_VISIT',
      startsOn: '2027-03-01',
      endsOn: '2027-03-02',
      details: { days: 9, groupSize: 4 },
    } as unknown as OpportunityDraft;
    expect(withDerivedDays(draft).details).toEqual({ days: 2, groupSize: 4 });
    const internship = { ...draft, kind: 'INTERNSHIP' } as OpportunityDraft;
    expect(withDerivedDays(internship)).toBe(internship);
  });
});
