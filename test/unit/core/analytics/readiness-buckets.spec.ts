import fc from 'fast-check';
import {
  bucketCounts,
  READINESS_BUCKETS,
  ReadinessBucket,
  readinessBucketIndex,
} from '../../../../src/core/analytics/readiness-buckets';

const bucketOf = (score: number) => READINESS_BUCKETS[readinessBucketIndex(score)].bucket;

describe('readiness buckets', () => {
  it.each([
    [0, ReadinessBucket.FROM_0_TO_25],
    [0.2499, ReadinessBucket.FROM_0_TO_25],
    [0.25, ReadinessBucket.FROM_25_TO_50],
    [0.5, ReadinessBucket.FROM_50_TO_75],
    [0.74, ReadinessBucket.FROM_50_TO_75],
    [0.75, ReadinessBucket.FROM_75_TO_100],
    [0.99, ReadinessBucket.FROM_75_TO_100],
    [1, ReadinessBucket.READY],
  ])('score %p is in %s', (score, bucket) => {
    expect(bucketOf(score)).toBe(bucket);
  });

  it('treats floating-point noise at a boundary as the boundary', () => {
    // Weighted sums can land a hair below a boundary: that is still the boundary.
    expect(bucketOf(0.7499999999999999)).toBe(ReadinessBucket.FROM_75_TO_100);
    expect(bucketOf(0.9999999999999999)).toBe(ReadinessBucket.READY);
  });

  it.each([-0.1, 1.1, Number.NaN])('refuses score %p', (score) => {
    expect(() => readinessBucketIndex(score)).toThrow(RangeError);
  });

  it('counts every score in exactly one bucket, in order of the bounds', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true })), (scores) => {
        const counts = bucketCounts(scores);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(scores.length);
        for (const score of scores) {
          const range = READINESS_BUCKETS[readinessBucketIndex(score)];
          const percent = score * 100;
          if (range.bucket === ReadinessBucket.READY) expect(percent).toBeGreaterThan(99.999);
          else {
            expect(percent).toBeGreaterThanOrEqual(range.fromPercent - 1e-6);
            expect(percent).toBeLessThan(range.toPercent);
          }
        }
      }),
    );
  });
});
