import { MatchingInstance, Violation, parseInstance, verify } from '../../../../src/core/matching';

const hr: MatchingInstance = parseInstance({
  problem: 'HR',
  instance: {
    residents: { r0: ['h0', 'h1'], r1: ['h0'], r2: ['h1', 'h0'] },
    hospitals: { h0: ['r2', 'r0', 'r1'], h1: ['r0'] },
    capacities: { h0: 1, h1: 1 },
  },
});

const spa: MatchingInstance = parseInstance({
  problem: 'SPA-S',
  instance: {
    students: { s0: ['p0', 'p1'], s1: ['p0', 'p1'], s2: ['p1'] },
    supervisors: { l0: ['s1', 's0', 's2'] },
    project_supervisors: { p0: 'l0', p1: 'l0' },
    project_capacities: { p0: 2, p1: 1 },
    supervisor_capacities: { l0: 2 },
  },
});

const kinds = (violations: readonly Violation[]): string[] =>
  violations.map((v) => `${v.kind} ${v.ids.join(',')}`);

describe('verify (HR)', () => {
  it('accepts the stable matching', () => {
    expect(verify(hr, { r0: 'h1', r1: null, r2: 'h0' })).toEqual({
      valid: true,
      stable: true,
      violations: [],
      exempt: [],
    });
  });

  it('reports a hospital over capacity', () => {
    const result = verify(hr, { r0: 'h0', r1: 'h0', r2: null });
    expect(result.valid).toBe(false);
    expect(result.stable).toBe(false);
    expect(kinds(result.violations)).toContain('CAPACITY_EXCEEDED h0');
    expect(result.violations.find((v) => v.kind === 'CAPACITY_EXCEEDED')?.message).toBe(
      'hospital "h0" has 2 residents but capacity 1',
    );
  });

  it('reports a pair the hospital does not list as unacceptable', () => {
    const result = verify(hr, { r0: 'h1', r1: null, r2: 'h1' });
    expect(result.valid).toBe(false);
    expect(kinds(result.violations)).toContain('UNACCEPTABLE_PAIR r2,h1');
  });

  it('reports unknown ids and missing residents', () => {
    const result = verify(hr, { r0: 'h7', r2: 'h0', r9: null });
    expect(kinds(result.violations)).toEqual(
      expect.arrayContaining(['UNKNOWN_ID r9', 'UNKNOWN_ID r0,h7', 'MISSING_ASSIGNMENT r1']),
    );
    expect(result.valid).toBe(false);
  });

  it('reports a blocking pair with a readable reason', () => {
    const result = verify(hr, { r0: null, r1: 'h0', r2: null });
    expect(result.valid).toBe(true);
    expect(result.stable).toBe(false);
    expect(kinds(result.violations)).toEqual([
      'BLOCKING_PAIR r0,h0',
      'BLOCKING_PAIR r0,h1',
      'BLOCKING_PAIR r2,h0',
    ]);
    expect(result.violations[1].message).toBe(
      'resident "r0" and hospital "h1" block: the resident is unassigned and the hospital has a free seat',
    );
  });

  it('does not let a one-sided entry block', () => {
    // r2 lists h1 first, but h1 does not list r2.
    expect(verify(hr, { r0: 'h1', r1: null, r2: 'h0' }).violations).toEqual([]);
  });
});

describe('verify (SPA-S)', () => {
  it('accepts the stable matching', () => {
    expect(verify(spa, { s0: 'p0', s1: 'p0', s2: null }).stable).toBe(true);
  });

  it('reports a supervisor over its load cap', () => {
    const result = verify(spa, { s0: 'p0', s1: 'p0', s2: 'p1' });
    expect(result.valid).toBe(false);
    expect(kinds(result.violations)).toEqual(['SUPERVISOR_CAPACITY_EXCEEDED l0']);
  });

  it('reports case (a): project and supervisor both have room', () => {
    const result = verify(spa, { s0: 'p0', s1: null, s2: null });
    expect(kinds(result.violations)).toEqual([
      'BLOCKING_PAIR s1,p0',
      'BLOCKING_PAIR s1,p1',
      'BLOCKING_PAIR s2,p1',
    ]);
    expect(result.violations[0].message).toContain('(a)');
  });

  it('reports case (b): the student is already with the full supervisor', () => {
    const result = verify(spa, { s0: 'p0', s1: 'p1', s2: null });
    expect(kinds(result.violations)).toEqual(['BLOCKING_PAIR s1,p0']);
    expect(result.violations[0].message).toContain('already with its full supervisor');
  });

  it('reports case (b): the full supervisor prefers the student to its worst, and (c) for the full project', () => {
    const result = verify(spa, { s0: null, s1: 'p0', s2: 'p1' });
    expect(kinds(result.violations)).toEqual(['BLOCKING_PAIR s0,p0', 'BLOCKING_PAIR s0,p1']);
    expect(result.violations[0].message).toContain(
      '(b) the project has room and its full supervisor prefers',
    );
    expect(result.violations[1].message).toContain('(c) the project is full');
  });

  it("reports case (c): the project is full and its supervisor prefers the student to the project's worst", () => {
    const full = parseInstance({
      problem: 'SPA-S',
      instance: {
        students: { a: ['p'], b: ['p'] },
        supervisors: { l: ['a', 'b'] },
        project_supervisors: { p: 'l' },
        project_capacities: { p: 1 },
        supervisor_capacities: { l: 5 },
      },
    });
    const blocked = verify(full, { a: null, b: 'p' });
    expect(kinds(blocked.violations)).toEqual(['BLOCKING_PAIR a,p']);
    expect(blocked.violations[0].message).toContain('(c)');
  });
});
