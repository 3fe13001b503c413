import { BaseSpace } from './base.js';
import { hasBrand, spaceBrand } from './brand.js';
import { drawSubSeeds } from './composite-seed.js';
import { isSpace, sampleWithProbability, spaceEquals, type SpaceValue } from './dict.js';
import type { Space, SpaceJSON } from './space.js';
import { SpaceError } from '../../util/errors.js';

type TupleValue<S extends readonly Space<unknown>[]> = { -readonly [K in keyof S]: SpaceValue<S[K]> };

const TUPLE_BRAND = spaceBrand('Tuple');

/**
 * Gymnasium's `Tuple`: a fixed-length product of sub-spaces; values are JS arrays.
 * `seed(n)` seeds the Tuple's generator with n and each sub-space with a sub-seed drawn from it.
 */
export class Tuple<S extends readonly Space<unknown>[] = Space<unknown>[]> extends BaseSpace<TupleValue<S>> {
  /** Answers `instanceof` across copies of this module (./brand.ts). */
  readonly [TUPLE_BRAND] = true;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(this, Tuple, TUPLE_BRAND, x);
  }
  readonly spaces: S;
  readonly shape = undefined;
  readonly dtype = undefined;

  constructor(spaces: S, opts: { seed?: number } = {}) {
    super();
    spaces.forEach((s, i) => {
      if (!isSpace(s)) throw new SpaceError(`Tuple element ${i} is not a Space; give Box, Discrete, ... instances.`);
    });
    this.spaces = [...spaces] as unknown as S;
    if (opts.seed !== undefined) this.seed(opts.seed);
  }

  get length(): number {
    return this.spaces.length;
  }

  /** Seeds of the leaf spaces, in order (Gymnasium returns a nested tuple). */
  override seed(seed?: number): number[] {
    if (seed === undefined) return this.spaces.flatMap((s) => s.seed(undefined));
    super.seed(seed);
    const subSeeds = drawSubSeeds(this.npRandom, this.spaces.length);
    return this.spaces.flatMap((s, i) => s.seed(subSeeds[i]));
  }

  /** A mask (or probability mask), when given, is an array with one (or undefined) per element. */
  sample(mask?: unknown, probability?: unknown): TupleValue<S> {
    if (mask !== undefined && probability !== undefined) throw new SpaceError('Tuple.sample takes a mask or a probability, not both.');
    const given = mask ?? probability;
    if (given !== undefined && (!Array.isArray(given) || given.length !== this.spaces.length)) {
      throw new SpaceError(`Tuple.sample mask must be an array of ${this.spaces.length} masks (undefined for none).`);
    }
    const masks = given as unknown[] | undefined;
    return this.spaces.map((s, i) =>
      probability === undefined ? s.sample(masks?.[i]) : sampleWithProbability(s, masks?.[i]),
    ) as TupleValue<S>;
  }

  contains(x: unknown): boolean {
    return Array.isArray(x) && x.length === this.spaces.length && this.spaces.every((s, i) => s.contains(x[i]));
  }

  equals(other: unknown): boolean {
    return (
      other instanceof Tuple &&
      other.spaces.length === this.spaces.length &&
      this.spaces.every((s, i) => spaceEquals(s, (other.spaces as readonly Space<unknown>[])[i]))
    );
  }

  toJSON(): SpaceJSON {
    return { type: 'Tuple', spaces: this.spaces.map((s) => s.toJSON()) };
  }

  toString(): string {
    return `Tuple(${this.spaces.map((s) => s.toString()).join(', ')})`;
  }
}
