import fc from 'fast-check';
import {
  isSmallCount,
  MIN_SHOWN_COUNT,
  suppressCount,
  suppressedRate,
  suppressGroup,
  withheldUnless,
} from '../../../../src/core/analytics/suppression';

const counts = (g: ReturnType<typeof suppressGroup>) => g.cells.map((c) => c.count);

describe('suppressCount: the primary rule', () => {
  it.each([
    [0, 0],
    [1, null],
    [4, null],
    [5, 5],
    [123, 123],
  ])('%i people shows %p', (n, shownAs) => {
    const cell = suppressCount(n);
    expect(cell.count).toBe(shownAs);
    expect(cell.suppressed).toBe(shownAs === null);
  });

  it.each([-1, 1.5, Number.NaN, Infinity])('refuses %p as a count', (n) => {
    expect(() => suppressCount(n)).toThrow(RangeError);
  });
});

describe('suppressGroup: secondary suppression', () => {
  it('shows a group without small cells untouched', () => {
    const g = suppressGroup([0, 5, 12, 0, 7]);
    expect(counts(g)).toEqual([0, 5, 12, 0, 7]);
    expect(g.total).toEqual({ count: 24, suppressed: false });
  });

  it('also hides the smallest other non-zero cell when one cell alone is small', () => {
    const g = suppressGroup([0, 9, 3, 6, 20]);
    expect(counts(g)).toEqual([0, 9, null, null, 20]);
    expect(g.total.count).toBe(38);
  });

  it('hides nothing more when two cells are already small', () => {
    const g = suppressGroup([2, 9, 3, 6]);
    expect(counts(g)).toEqual([null, 9, null, 6]);
  });

  it('keeps zeros shown: a zero is not a person to protect and not a hiding place', () => {
    const g = suppressGroup([0, 4, 0, 5]);
    expect(counts(g)).toEqual([0, null, 0, null]);
  });

  it('picks the first of equally small candidates', () => {
    expect(counts(suppressGroup([1, 7, 7, 9]))).toEqual([null, null, 7, 9]);
  });

  it('suppresses a total of 1..4 (and so every non-zero cell)', () => {
    const g = suppressGroup([0, 3, 0, 0]);
    expect(g.total).toEqual({ count: null, suppressed: true });
    expect(counts(g)).toEqual([0, null, 0, 0]);
  });

  it('shows an empty group as 0', () => {
    expect(suppressGroup([0, 0]).total).toEqual({ count: 0, suppressed: false });
    expect(suppressGroup([]).cells).toEqual([]);
  });
});

describe('suppressGroup: properties', () => {
  const group = fc.array(
    fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 60 })),
    { maxLength: 8 },
  );

  it('never shows a count of 1..4, and a shown total never leaves exactly one cell hidden', () => {
    fc.assert(
      fc.property(group, (cells) => {
        const g = suppressGroup(cells);
        for (const cell of [...g.cells, g.total]) {
          expect(cell.suppressed).toBe(cell.count === null);
          if (cell.count !== null) expect(isSmallCount(cell.count)).toBe(false);
        }
        const hidden = g.cells.filter((c) => c.suppressed).length;
        if (!g.total.suppressed) expect(hidden === 0 || hidden >= 2).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('shows every count it can: only small cells and at most one more are hidden, each as the original', () => {
    fc.assert(
      fc.property(group, (cells) => {
        const g = suppressGroup(cells);
        const small = cells.filter(isSmallCount).length;
        const hidden = g.cells.filter((c) => c.suppressed).length;
        expect(hidden - small).toBeLessThanOrEqual(1);
        g.cells.forEach((cell, i) => {
          if (!cell.suppressed) expect(cell.count).toBe(cells[i]);
        });
        expect(g.total.count ?? 'hidden').toBe(
          isSmallCount(cells.reduce((a, b) => a + b, 0)) ? 'hidden' : cells.reduce((a, b) => a + b, 0),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a hidden cell be recovered from the total and the shown cells', () => {
    fc.assert(
      fc.property(group, (cells) => {
        const g = suppressGroup(cells);
        if (g.total.suppressed) return;
        const hidden = cells.filter((_, i) => g.cells[i].suppressed);
        // What the shown total minus the shown cells reveals is the SUM of the hidden cells; with
        // two or more of them each stays ambiguous (every hidden cell is at least 1).
        if (hidden.length > 0) expect(hidden.length).toBeGreaterThanOrEqual(2);
      }),
    );
  });
});

describe('derived figures', () => {
  it('withholds a figure computed over a suppressed count', () => {
    expect(withheldUnless(1.4, [suppressCount(9), suppressCount(3)])).toBeNull();
    expect(withheldUnless(1.4, [suppressCount(9), suppressCount(0)])).toBe(1.4);
  });

  it('gives a rate only over shown counts and a non-zero denominator', () => {
    expect(suppressedRate(suppressCount(6), suppressCount(8))).toBe(0.75);
    expect(suppressedRate(suppressCount(3), suppressCount(8))).toBeNull();
    expect(suppressedRate(suppressCount(0), suppressCount(0))).toBeNull();
    expect(MIN_SHOWN_COUNT).toBe(5);
  });
});
