import type { RandomGenerator } from '../rng/generator.js';
import { hasBrand, spaceBrand } from './brand.js';
import { seedingNpRandom } from '../seeding.js';
import type { DType, Space, SpaceJSON } from './space.js';

const SPACE_BRAND = spaceBrand('Space');

/**
 * Gymnasium's `Space` base: owns a generator, created lazily from OS entropy when never seeded,
 * re-created by `seed(seed)` exactly as `seeding.np_random(seed)` does.
 */
export abstract class BaseSpace<T> implements Space<T> {
  /** Answers `instanceof` across copies of this module (./brand.ts). */
  readonly [SPACE_BRAND] = true;
  static [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(this, BaseSpace, SPACE_BRAND, x);
  }
  abstract readonly shape: readonly number[] | undefined;
  abstract readonly dtype: DType | undefined;
  private _npRandom: RandomGenerator | undefined = undefined;

  get npRandom(): RandomGenerator {
    if (this._npRandom === undefined) this.seed();
    // Dict and Tuple seed only their parts when given no seed; their own generator then comes from entropy.
    if (this._npRandom === undefined) this._npRandom = seedingNpRandom(undefined)[0];
    return this._npRandom;
  }

  set npRandom(rng: RandomGenerator) {
    this._npRandom = rng;
  }

  /** Re-creates the generator from `seed` (OS entropy when undefined); returns the seed used, as Gymnasium. */
  seed(seed?: number): number[] {
    const [rng, used] = seedingNpRandom(seed);
    this._npRandom = rng;
    return used === undefined ? [] : [used];
  }

  /** True when this space's samples flatten to a Box (every built-in space here does). */
  get isNpFlattenable(): boolean {
    return true;
  }

  abstract sample(mask?: unknown): T;
  abstract contains(x: unknown): boolean;
  abstract toJSON(): SpaceJSON;
  abstract equals(other: unknown): boolean;
  abstract toString(): string;
}
