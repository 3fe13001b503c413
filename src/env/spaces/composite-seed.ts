import type { RandomGenerator } from '../rng/generator.js';

/** np.iinfo(np.int32).max: the exclusive bound of the sub-seeds Dict and Tuple draw. */
export const INT32_MAX = 2147483647;

/** Gymnasium's composite seeding: draw one sub-seed per child from the parent's freshly seeded generator. */
export function drawSubSeeds(rng: RandomGenerator, count: number): number[] {
  return Array.from(rng.integers(0, INT32_MAX, count));
}
