import type { RandomGenerator } from '../rng/generator.js';
import { hasBrand, spaceBrand } from './brand.js';
import { BaseSpace } from './base.js';
import {
  allocArray,
  arrayDType,
  canCast,
  castScalar,
  flattenNumbers,
  intRange,
  isBoxDType,
  isFloatDType,
  isNumericArray,
  isUnsigned,
  product,
  type ArrayOf,
  type BoxDType,
} from './dtype.js';
import { formatArray, formatScalar, formatShape } from './format.js';
import type { SpaceJSON } from './space.js';
import { SpaceError } from '../../util/errors.js';

export type Bound = number | readonly number[] | ArrayLike<number>;

export interface BoxOptions<D extends BoxDType> {
  /** Lower bound: one number for every dimension or one per element (row-major); -Infinity = unbounded. */
  low: Bound;
  high: Bound;
  /** Inferred from an array bound (1-D) or [1] when both bounds are numbers. */
  shape?: readonly number[];
  /** 'float32' (default), 'float64' or an integer dtype. */
  dtype?: D;
  seed?: number;
}

/** The generator draws Box.sample needs; `standardExponential` is NumPy's `standard_exponential`. */
type BoxGenerator = RandomGenerator & { standardExponential(size: number): Float64Array };

const BOX_BRAND = spaceBrand('Box');

/**
 * Gymnasium's `Box`: the product of closed intervals [low_i, high_i], possibly unbounded.
 * Values are flat row-major typed arrays (`Float32Array` for float32, `Float64Array` for float64 and int64,
 * `Int32Array`/`Int8Array`/`Uint8Array` for the other integer dtypes); `shape` gives their layout.
 * `low`/`high` hold the bounds as NumPy stores them in the dtype (float32-rounded for float32).
 */
export class Box<D extends BoxDType = 'float32'> extends BaseSpace<ArrayOf<D>> {
  /** Answers `instanceof` across copies of this module (./brand.ts). */
  readonly [BOX_BRAND] = true;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(this, Box, BOX_BRAND, x);
  }
  readonly shape: readonly number[];
  readonly dtype: D;
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** Per element: the bound given was finite (Gymnasium's `bounded_below` / `bounded_above`). */
  readonly boundedBelow: readonly boolean[];
  readonly boundedAbove: readonly boolean[];
  /** Number of elements (product of the shape). */
  readonly size: number;

  constructor(opts: BoxOptions<D>) {
    super();
    const dtype = (opts.dtype ?? 'float32') as D;
    if (!isBoxDType(dtype)) {
      throw new SpaceError(`Box dtype "${String(dtype)}" is not supported; use float32, float64, int8, uint8, int32 or int64.`);
    }
    this.dtype = dtype;
    this.shape = inferShape(opts.low, opts.high, opts.shape);
    this.size = product(this.shape);
    const [low, below] = castBound(opts.low, this.size, dtype, 'low');
    const [high, above] = castBound(opts.high, this.size, dtype, 'high');
    for (let i = 0; i < this.size; i++) {
      if (low[i] > high[i]) {
        throw new SpaceError(`Box low must be <= high everywhere, but low[${i}]=${low[i]} > high[${i}]=${high[i]}.`);
      }
    }
    this.low = low;
    this.high = high;
    this.boundedBelow = below;
    this.boundedAbove = above;
    if (opts.seed !== undefined) this.seed(opts.seed);
  }

  /** Gymnasium's `is_bounded(manner)`. */
  isBounded(manner: 'both' | 'below' | 'above' = 'both'): boolean {
    const below = this.boundedBelow.every(Boolean);
    const above = this.boundedAbove.every(Boolean);
    return manner === 'below' ? below : manner === 'above' ? above : below && above;
  }

  /**
   * One sample, drawn as Gymnasium does: normal for unbounded elements, then exponential for bounded-below,
   * then negative exponential for bounded-above, then uniform for bounded ones (each group in element order);
   * integer dtypes floor a uniform over [low, high + 1). Values are rounded to the dtype like `astype`.
   */
  sample(mask?: unknown, probability?: unknown): ArrayOf<D> {
    if (mask !== undefined) throw new SpaceError('Box.sample cannot be given a mask; call sample() without one.');
    if (probability !== undefined) throw new SpaceError('Box.sample cannot be given a probability mask; call sample() without one.');
    const values = this.drawDoubles(this.npRandom as BoxGenerator);
    const out = allocArray(this.dtype, this.size);
    if (isFloatDType(this.dtype)) {
      for (let i = 0; i < this.size; i++) out[i] = values[i];
      return out;
    }
    this.castIntegerSample(values, out);
    return out;
  }

  private drawDoubles(rng: BoxGenerator): Float64Array {
    const high = isFloatDType(this.dtype) ? this.high : this.high.map((h) => h + 1);
    const groups: number[][] = [[], [], [], []]; // unbounded, bounded below, bounded above, bounded
    for (let i = 0; i < this.size; i++) {
      groups[(this.boundedBelow[i] ? 1 : 0) + (this.boundedAbove[i] ? 2 : 0)].push(i);
    }
    const [unbounded, lowOnly, highOnly, bounded] = groups;
    const sample = new Float64Array(this.size);
    if (unbounded.length > 0) rng.normal(0, 1, unbounded.length).forEach((z, k) => (sample[unbounded[k]] = z));
    if (lowOnly.length > 0) {
      rng.standardExponential(lowOnly.length).forEach((e, k) => (sample[lowOnly[k]] = e + this.low[lowOnly[k]]));
    }
    if (highOnly.length > 0) {
      rng.standardExponential(highOnly.length).forEach((e, k) => (sample[highOnly[k]] = -e + high[highOnly[k]]));
    }
    if (bounded.length > 0) {
      rng.random(bounded.length).forEach((u, k) => {
        const i = bounded[k];
        sample[i] = this.low[i] + (high[i] - this.low[i]) * u;
      });
    }
    return sample;
  }

  /** floor, clip to the dtype's safe range, cast; int64 clips to [low, high] again (Gymnasium does the same). */
  private castIntegerSample(values: Float64Array, out: ArrayOf<D>): void {
    const [min, max] = intRange(this.dtype);
    const lo = isUnsigned(this.dtype) ? min : min + 2;
    const hi = isUnsigned(this.dtype) ? max : max - 2;
    for (let i = 0; i < this.size; i++) {
      let v = Math.min(Math.max(Math.floor(values[i]), lo), hi);
      if (this.dtype === 'int64') v = Math.min(Math.max(v, this.low[i]), this.high[i]);
      out[i] = v;
    }
  }

  /** Gymnasium's `contains`: a castable typed array (or number array) of the right size inside the bounds. */
  contains(x: unknown): boolean {
    let values: ArrayLike<number>;
    if (isNumericArray(x)) {
      if (!canCast(arrayDType(x), this.dtype)) return false;
      values = x;
      if (this.dtype === 'int64' && !Array.prototype.every.call(x, (v: number) => Number.isInteger(v))) return false;
    } else {
      const flat = flattenNumbers(x);
      if (flat === undefined) return false;
      // Stricter than np.asarray (which truncates 1.5 to 1 for integer dtypes): non-integers are not members.
      if (!isFloatDType(this.dtype) && !flat.every((v) => Number.isInteger(v))) return false;
      values = flat.map((v) => castScalar(v, this.dtype));
    }
    if (values.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      if (!(values[i] >= this.low[i] && values[i] <= this.high[i])) return false;
    }
    return true;
  }

  /** Same shape and dtype, bounds equal within np.allclose's tolerance. */
  equals(other: unknown): boolean {
    return (
      other instanceof Box &&
      other.dtype === this.dtype &&
      sameShape(other.shape, this.shape) &&
      allClose(this.low, other.low) &&
      allClose(this.high, other.high)
    );
  }

  toJSON(): SpaceJSON {
    const encode = (v: number, bounded: boolean, sign: string): number | string =>
      bounded ? v : `${sign}Infinity`;
    return {
      type: 'Box',
      low: Array.from(this.low, (v, i) => encode(v, this.boundedBelow[i], '-')),
      high: Array.from(this.high, (v, i) => encode(v, this.boundedAbove[i], '')),
      shape: [...this.shape],
      dtype: this.dtype,
    };
  }

  static fromJSON(json: SpaceJSON): Box<BoxDType> {
    const decode = (v: unknown): number => (typeof v === 'string' ? Number(v) : (v as number));
    const low = (json.low as unknown[]).map(decode);
    const high = (json.high as unknown[]).map(decode);
    return new Box({ low, high, shape: json.shape as number[], dtype: json.dtype as BoxDType });
  }

  toString(): string {
    return `Box(${boundRepr(this.low, this.dtype)}, ${boundRepr(this.high, this.dtype)}, ${formatShape(this.shape)}, ${this.dtype})`;
  }
}

function inferShape(low: Bound, high: Bound, shape: readonly number[] | undefined): readonly number[] {
  if (shape !== undefined) {
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new SpaceError(`Box shape must be non-negative integers, got [${shape.join(', ')}].`);
    }
    return [...shape];
  }
  if (typeof low !== 'number') return [low.length];
  if (typeof high !== 'number') return [high.length];
  return [1];
}

/** Casts one bound to the dtype (as Gymnasium's `_cast_low/_cast_high`); returns the values and boundedness. */
function castBound(bound: Bound, size: number, dtype: BoxDType, which: 'low' | 'high'): [Float64Array, boolean[]] {
  const given = typeof bound === 'number' ? new Array<number>(size).fill(bound) : Array.from(bound);
  if (given.length !== size) {
    throw new SpaceError(`Box ${which} has ${given.length} values but the shape holds ${size}; give one per element or a single number.`);
  }
  const [min, max] = intRange(dtype);
  const infinite = which === 'low' ? -Infinity : Infinity;
  const out = new Float64Array(size);
  const bounded = given.map((v) => v !== infinite);
  given.forEach((v, i) => {
    if (Number.isNaN(v)) throw new SpaceError(`Box ${which}[${i}] is NaN; use a number or ${infinite} for unbounded.`);
    if (v === infinite && !isFloatDType(dtype)) {
      if (isUnsigned(dtype)) throw new SpaceError(`Box dtype ${dtype} cannot be unbounded (${which} = ${infinite}).`);
      out[i] = which === 'low' ? min : max;
      return;
    }
    if (!isFloatDType(dtype) && (v < min || v > max)) {
      throw new SpaceError(`Box ${which}[${i}]=${v} is outside the range of ${dtype} [${min}, ${max}].`);
    }
    out[i] = castScalar(v, dtype);
  });
  return [out, bounded];
}

function boundRepr(values: Float64Array, dtype: BoxDType): string {
  if (values.length > 0 && values.every((v) => v === values[0])) return formatScalar(values[0], dtype);
  return formatArray(values, dtype);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** np.allclose(a, b): |a - b| <= 1e-8 + 1e-5 |b|, infinities equal when of the same sign. */
const ALLCLOSE_ATOL = 1e-8;
const ALLCLOSE_RTOL = 1e-5;
function allClose(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (!(Math.abs(a[i] - b[i]) <= ALLCLOSE_ATOL + ALLCLOSE_RTOL * Math.abs(b[i]))) return false;
  }
  return true;
}
