/**
 * Seeded tie-breaking. A host may rank some candidates equally; the solvers need strict orders, so the
 * application breaks each tie with a recorded seed: the same seed always gives the same order.
 */
import { InstanceError } from './instance';

/** A ranking with ties: groups of equally ranked members, best group first. */
export type RankingWithTies<T> = readonly (readonly T[])[];

/**
 * mulberry32: a small 32-bit PRNG (Tommy Ettinger). Returns a function yielding floats in [0, 1).
 * The seed is any safe integer; it is reduced to its low 32 bits.
 */
export function createSeededRandom(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`a seed must be a safe integer (got ${String(seed)})`);
  }
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function describe(member: unknown): string {
  return typeof member === 'string' ? JSON.stringify(member) : String(member);
}

/**
 * A strict order from a ranking with ties: groups stay in order, and the members of each group are
 * shuffled (Fisher-Yates) with the PRNG seeded by `seed`. Deterministic for the same seed and input.
 * A member named twice in the ranking is an InstanceError.
 */
export function breakTies<T>(ranking: RankingWithTies<T>, seed: number): T[] {
  const random = createSeededRandom(seed);
  const seen = new Set<T>();
  const order: T[] = [];
  for (const group of ranking) {
    const start = order.length;
    for (const member of group) {
      if (seen.has(member)) {
        throw new InstanceError('DUPLICATE_ID', `the ranking lists ${describe(member)} twice`);
      }
      seen.add(member);
      order.push(member);
    }
    for (let i = order.length - 1; i > start; i--) {
      const j = start + Math.floor(random() * (i - start + 1));
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
  return order;
}
