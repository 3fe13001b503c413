import type { RandomGenerator } from '../rng/generator.js';

/** Element types a space may hold (NumPy names). */
export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

/**
 * Gymnasium's `Space`: a set of values with `sample`, `contains` and its own seeded generator.
 * Implementations: Box, Discrete, MultiDiscrete, MultiBinary, Dict, Tuple (this folder).
 */
export interface Space<T> {
  readonly shape: readonly number[] | undefined;
  readonly dtype: DType | undefined;
  /** Draws from the space's own generator (NumPy-identical for a given seed). */
  sample(mask?: unknown): T;
  contains(x: unknown): boolean;
  /** Seeds the space's generator; returns the seeds used (Gymnasium returns a list). */
  seed(seed?: number): number[];
  readonly npRandom: RandomGenerator;
  /** Plain-JSON description; `spaceFromJSON` (./json.ts) inverts it. */
  toJSON(): SpaceJSON;
  /** Human-readable, like Gymnasium's repr: `Box(-1.0, 1.0, (3,), float32)`. */
  toString(): string;
}

export type SpaceJSON = { type: string } & Record<string, unknown>;
