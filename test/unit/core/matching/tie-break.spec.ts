import fc from 'fast-check';

import { InstanceError, breakTies, createSeededRandom } from '../../../../src/core/matching';

/** Rankings with ties over distinct members: group sizes, then members numbered in order. */
const rankings = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 8 }).map((sizes) => {
  let next = 0;
  return sizes.map((size) => Array.from({ length: size }, () => `c${next++}`));
});

describe('breakTies', () => {
  it('returns a permutation of the ranking that keeps every group in its place', () => {
    fc.assert(
      fc.property(rankings, fc.integer(), (ranking, seed) => {
        const order = breakTies(ranking, seed);
        expect([...order].sort()).toEqual(ranking.flat().sort());
        let offset = 0;
        for (const group of ranking) {
          expect(new Set(order.slice(offset, offset + group.length))).toEqual(new Set(group));
          offset += group.length;
        }
      }),
    );
  });

  it('gives the same order for the same seed', () => {
    fc.assert(
      fc.property(rankings, fc.integer(), (ranking, seed) => {
        expect(breakTies(ranking, seed)).toEqual(breakTies(ranking, seed));
      }),
    );
  });

  it('leaves a ranking without ties as it is', () => {
    expect(breakTies([['a'], ['b'], ['c']], 42)).toEqual(['a', 'b', 'c']);
  });

  it('shuffles a tie group uniformly over seeds', () => {
    const counts = new Map<string, number>();
    const runs = 6000;
    for (let seed = 0; seed < runs; seed++) {
      const key = breakTies([['a', 'b', 'c']], seed).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) {
      // Expected 1000 each; a fair shuffle stays well within +-15 %.
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });

  it('rejects a member named twice in the ranking', () => {
    expect(() => breakTies([['a', 'b'], ['a']], 1)).toThrow(InstanceError);
    expect(() => breakTies([['a', 'b'], ['a']], 1)).toThrow('the ranking lists "a" twice');
  });
});

describe('createSeededRandom', () => {
  it('yields the same stream for the same seed and floats in [0, 1)', () => {
    const a = createSeededRandom(2024);
    const b = createSeededRandom(2024);
    const drawn = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(drawn);
    expect(drawn.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(drawn).size).toBe(1000);
  });

  it('yields different streams for different seeds', () => {
    const first = createSeededRandom(1);
    const second = createSeededRandom(2);
    expect(Array.from({ length: 8 }, () => first())).not.toEqual(Array.from({ length: 8 }, () => second()));
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => createSeededRandom(1.5)).toThrow(RangeError);
    expect(() => createSeededRandom(Number.NaN)).toThrow(RangeError);
  });
});
