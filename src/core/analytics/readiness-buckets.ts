/**
 * Readiness buckets of the role readiness distribution, over the readiness score of the gap analysis
 * (0..1, core/gaps/gap-analysis.ts), shown as percentages:
 *
 *   [0, 25)  [25, 50)  [50, 75)  [75, 100)  100 (READY: every counted requirement fully met)
 *
 * The score is a quotient of floating-point sums, so a score within 1e-9 of a boundary counts as on
 * it (0.7499999999 is 75%, 0.9999999999 is ready).
 */

export enum ReadinessBucket {
  FROM_0_TO_25 = 'FROM_0_TO_25',
  FROM_25_TO_50 = 'FROM_25_TO_50',
  FROM_50_TO_75 = 'FROM_50_TO_75',
  FROM_75_TO_100 = 'FROM_75_TO_100',
  READY = 'READY',
}

export interface BucketRange {
  readonly bucket: ReadinessBucket;
  /** Inclusive lower bound, percent. */
  readonly fromPercent: number;
  /** Exclusive upper bound, percent; READY is exactly 100 (from 100 to 100). */
  readonly toPercent: number;
}

/** Lowest first. */
export const READINESS_BUCKETS: readonly BucketRange[] = [
  { bucket: ReadinessBucket.FROM_0_TO_25, fromPercent: 0, toPercent: 25 },
  { bucket: ReadinessBucket.FROM_25_TO_50, fromPercent: 25, toPercent: 50 },
  { bucket: ReadinessBucket.FROM_50_TO_75, fromPercent: 50, toPercent: 75 },
  { bucket: ReadinessBucket.FROM_75_TO_100, fromPercent: 75, toPercent: 100 },
  { bucket: ReadinessBucket.READY, fromPercent: 100, toPercent: 100 },
];

const EPSILON = 1e-9;

/** The index in READINESS_BUCKETS of a readiness score 0..1; throws on anything else. */
export function readinessBucketIndex(score: number): number {
  if (!Number.isFinite(score) || score < -EPSILON || score > 1 + EPSILON) {
    throw new RangeError(`readiness score ${score} is not within 0..1`);
  }
  if (score >= 1 - EPSILON) return READINESS_BUCKETS.length - 1;
  return Math.min(Math.max(Math.floor(score * 4 + EPSILON), 0), READINESS_BUCKETS.length - 2);
}

/** Counts per bucket (in READINESS_BUCKETS order) of the given scores. */
export function bucketCounts(scores: Iterable<number>): number[] {
  const counts = READINESS_BUCKETS.map(() => 0);
  for (const score of scores) counts[readinessBucketIndex(score)] += 1;
  return counts;
}
