import type { RandomGenerator } from './rng/generator.js';

/**
 * Gymnasium's `seeding.np_random(seed)`: returns `[Generator(PCG64(SeedSequence(seed))), seed]`.
 * With no seed, draws 128 bits of OS entropy as NumPy does. Throws an `InvalidSeedError` for a seed
 * that is not an integer >= 0. (Implemented by the RNG module.)
 */
export { seedingNpRandom } from './rng/pcg64.js';
export type { RandomGenerator };
