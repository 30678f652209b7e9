/**
 * Small-count suppression of the HR analytics (statistical disclosure control).
 *
 * Primary rule: a count of 1 to 4 people is never shown; 0 and counts of 5 or more are.
 *
 * Secondary rule: reports show groups of cells that PARTITION a shown total (the readiness buckets of
 * one role, the levels of one competence in one department plus the not-assessed, seats filled and
 * unfilled of a round...). If exactly one cell of such a group were suppressed, it could be recovered
 * as total minus the shown cells; so the smallest other non-zero cell is suppressed too (the first
 * such cell on equal counts, so the result never depends on anything but the counts). A total of 1 to
 * 4 is itself suppressed, and then every non-zero cell is (each is at most the total).
 *
 * Derived figures (rates, means) computed over a suppressed count are withheld: a mean rank over
 * the rank cells of a group would let anyone solve for the suppressed cells.
 */

/** The smallest count shown (counts 1 .. MIN_SHOWN_COUNT - 1 are suppressed). */
export const MIN_SHOWN_COUNT = 5;

/** A count as reports show it: `count` null exactly when `suppressed`. */
export interface CountCell {
  readonly count: number | null;
  readonly suppressed: boolean;
}

export interface SuppressedGroup {
  readonly total: CountCell;
  /** In the order of the counts given. */
  readonly cells: CountCell[];
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what}: ${value} is not a count (an integer >= 0)`);
  }
}

/** True for 1..4: a count that must not be shown. */
export function isSmallCount(count: number): boolean {
  return count >= 1 && count < MIN_SHOWN_COUNT;
}

export function shown(count: number): CountCell {
  return { count, suppressed: false };
}

export const SUPPRESSED: CountCell = Object.freeze({ count: null, suppressed: true });

/** The primary rule alone, for a count that belongs to no group. */
export function suppressCount(count: number): CountCell {
  assertCount(count, 'count');
  return isSmallCount(count) ? SUPPRESSED : shown(count);
}

/**
 * Suppresses a group of cells that partition their total (the counts must add up to it): the
 * primary rule on every cell and the total, then the secondary rule.
 */
export function suppressGroup(counts: readonly number[]): SuppressedGroup {
  counts.forEach((c, i) => assertCount(c, `cell ${i}`));
  const total = counts.reduce((a, b) => a + b, 0);
  const hidden = counts.map(isSmallCount);
  if (!isSmallCount(total) && hidden.filter(Boolean).length === 1) {
    let smallest = -1;
    counts.forEach((c, i) => {
      if (!hidden[i] && c > 0 && (smallest < 0 || c < counts[smallest])) smallest = i;
    });
    // A shown total that is not the hidden cell alone has another non-zero cell: smallest >= 0.
    if (smallest >= 0) hidden[smallest] = true;
  }
  return {
    total: suppressCount(total),
    cells: counts.map((c, i) => (hidden[i] ? SUPPRESSED : shown(c))),
  };
}

/** `value` unless one of the counts it was computed from is suppressed. */
export function withheldUnless<T>(value: T, over: readonly CountCell[]): T | null {
  return over.some((c) => c.suppressed) ? null : value;
}

/** numerator / denominator; null when either is suppressed or the denominator is 0. */
export function suppressedRate(numerator: CountCell, denominator: CountCell): number | null {
  if (numerator.count === null || denominator.count === null || denominator.count === 0) return null;
  return numerator.count / denominator.count;
}
