import type { RandomGenerator } from '../rng/generator.js';
import { hasBrand, spaceBrand } from './brand.js';
import { BaseSpace } from './base.js';
import { sameShape } from './box.js';
import { flattenNumbers, isNumericArray, product } from './dtype.js';
import { formatShape } from './format.js';
import type { SpaceJSON } from './space.js';
import { SpaceError } from '../../util/errors.js';

/** `integers(low, high, size, dtype)`: the int8 path consumes the stream differently from int64. */
type DTypedIntegers = RandomGenerator & { integers(low: number, high: number, size: number, dtype: 'int8'): Float64Array };

/** Mask value meaning "draw this element at random" (Gymnasium's MultiBinary mask: 0, 1 or 2). */
const MASK_RANDOM = 2;

const MULTI_BINARY_BRAND = spaceBrand('MultiBinary');

/**
 * Gymnasium's `MultiBinary(n)`: int8 arrays of 0/1 of a fixed shape (n or an array of dims).
 * `sample()` is `integers(0, 2, size, dtype=int8)` (NumPy's 8-bit buffered path, so it matches Python).
 * A mask (Int8Array, same size) fixes elements to 0 or 1, or leaves them random with 2; a probability mask
 * (Float64Array, same size) gives each element's chance of 1: `random(size) <= probability`.
 */
export class MultiBinary extends BaseSpace<Int8Array> {
  /** Answers `instanceof` across copies of this module (./brand.ts). */
  readonly [MULTI_BINARY_BRAND] = true;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(this, MultiBinary, MULTI_BINARY_BRAND, x);
  }
  /** The constructor argument: a count, or the shape for several axes. */
  readonly n: number | readonly number[];
  readonly shape: readonly number[];
  readonly dtype = 'int8' as const;
  readonly size: number;

  constructor(n: number | readonly number[], opts: { seed?: number } = {}) {
    super();
    const shape = typeof n === 'number' ? [n] : [...n];
    if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new SpaceError(`MultiBinary n (counts) must be positive integers, got ${formatShape(shape)}.`);
    }
    this.n = typeof n === 'number' ? n : [...n];
    this.shape = shape;
    this.size = product(shape);
    if (opts.seed !== undefined) this.seed(opts.seed);
  }

  sample(mask?: unknown, probability?: unknown): Int8Array {
    if (mask !== undefined && probability !== undefined) {
      throw new SpaceError('MultiBinary.sample takes a mask or a probability, not both.');
    }
    if (probability !== undefined) return this.sampleWithProbability(probability);
    const draws = (this.npRandom as DTypedIntegers).integers(0, 2, this.size, 'int8');
    const out = Int8Array.from(draws);
    if (mask === undefined) return out;
    if (!(mask instanceof Int8Array || Array.isArray(mask)) || mask.length !== this.size) {
      throw new SpaceError(`MultiBinary.sample mask must be an Int8Array of ${this.size} values (0, 1 or 2 = random).`);
    }
    for (let i = 0; i < this.size; i++) {
      const m = (mask as ArrayLike<number>)[i];
      if (m !== 0 && m !== 1 && m !== MASK_RANDOM) throw new SpaceError(`MultiBinary mask values must be 0, 1 or 2, got ${m}.`);
      if (m !== MASK_RANDOM) out[i] = m;
    }
    return out;
  }

  private sampleWithProbability(probability: unknown): Int8Array {
    const p = probability as ArrayLike<number>;
    if (!(p instanceof Float64Array || Array.isArray(p)) || p.length !== this.size || !Array.from(p).every((v) => v >= 0 && v <= 1)) {
      throw new SpaceError(`MultiBinary.sample probability must be a Float64Array of ${this.size} values in [0, 1].`);
    }
    const u = this.npRandom.random(this.size);
    return Int8Array.from(u, (x, i) => (x <= p[i] ? 1 : 0));
  }

  contains(x: unknown): boolean {
    const values = isNumericArray(x) ? x : flattenNumbers(x);
    if (values === undefined || values.length !== this.size) return false;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0 && values[i] !== 1) return false;
    return true;
  }

  equals(other: unknown): boolean {
    return other instanceof MultiBinary && sameShape(other.shape, this.shape);
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiBinary', n: typeof this.n === 'number' ? this.n : [...this.n] };
  }

  static fromJSON(json: SpaceJSON): MultiBinary {
    return new MultiBinary(json.n as number | number[]);
  }

  toString(): string {
    return `MultiBinary(${typeof this.n === 'number' ? this.n : formatShape(this.n)})`;
  }
}
