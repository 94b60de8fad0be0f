import { seededRandom } from '@crm-journey/sandbox';

/** A seeded pseudo-random generator: the same seed always gives the same sequence. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * A generator on the fixtures' seeded mulberry32: tiny, fast and good enough to spread synthetic data; never Math.random,
 * so that a benchmark population is the same on every run.
 *
 * @example
 * const random = createPrng(42);
 * random.int(1, 6); // the same number on every run
 */
export function createPrng(seed: number): Prng {
  const next = seededRandom(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('createPrng: cannot pick from an empty list');
      return item;
    },
  };
}
