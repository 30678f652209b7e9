/**
 * Small pure helpers of the HR analytics reports: the order of the most-ready list, the mean choice
 * rank of a round, and the CSV cell guard against formula injection.
 */

export interface ReadinessRanked {
  readonly userId: string;
  readonly displayName: string;
  readonly readinessScore: number;
  readonly readinessShare: number;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Most ready first: readiness score desc, then share desc, then display name, then user id (code
 * point order, so the order is the same on every machine and never depends on the input order).
 */
export function compareReadiness(a: ReadinessRanked, b: ReadinessRanked): number {
  return (
    b.readinessScore - a.readinessScore ||
    b.readinessShare - a.readinessShare ||
    compareText(a.displayName, b.displayName) ||
    compareText(a.userId, b.userId)
  );
}

/**
 * Mean rank (1 = first choice) of `counts[i]` people placed on their (i+1)-th choice; null when
 * nobody was placed on a choice.
 */
export function meanChoiceRank(counts: readonly number[]): number | null {
  let people = 0;
  let rankSum = 0;
  counts.forEach((count, i) => {
    people += count;
    rankSum += count * (i + 1);
  });
  return people === 0 ? null : rankSum / people;
}

/**
 * Adds per-rank count lists element-wise (runs of one round may reach different ranks).
 */
export function addRankCounts(lists: Iterable<readonly number[]>): number[] {
  const sum: number[] = [];
  for (const list of lists) {
    list.forEach((count, i) => {
      sum[i] = (sum[i] ?? 0) + count;
    });
  }
  return Array.from(sum, (c) => c ?? 0);
}

/**
 * A text cell as it goes into a CSV opened in a spreadsheet: a value starting with = + - @ (or a tab
 * or carriage return, which some spreadsheets skip before evaluating) gets a leading apostrophe, so
 * it is shown as text and never evaluated as a formula (OWASP "CSV injection"). Numbers are written
 * as numbers and need no guard.
 */
export function spreadsheetSafeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
