import { BaseSpace } from './base.js';
import { hasBrand, spaceBrand } from './brand.js';
import { sameShape } from './box.js';
import { allocArray, arrayDType, canCast, flattenNumbers, isNumericArray, product, type ArrayOf } from './dtype.js';
import { formatShape } from './format.js';
import { allowedIndices, checkProbability, choiceWithProbability, type Mask } from './mask.js';
import type { SpaceJSON } from './space.js';
import { SpaceError } from '../../util/errors.js';

export type MultiDiscreteDType = 'int64' | 'int32' | 'int8' | 'uint8';

export interface MultiDiscreteOptions<D extends MultiDiscreteDType> {
  /** Smallest value of each element (default 0), same layout as nvec. */
  start?: readonly number[];
  /** Layout of nvec when it holds more than one axis (default [nvec.length]). */
  shape?: readonly number[];
  /** 'int64' (default; values in a Float64Array), 'int32', 'int8' or 'uint8'. */
  dtype?: D;
  seed?: number;
}

const MULTI_DISCRETE_BRAND = spaceBrand('MultiDiscrete');

/**
 * Gymnasium's `MultiDiscrete(nvec, start)`: element i takes values start[i] ... start[i] + nvec[i] - 1.
 * Values are flat row-major typed arrays. `sample()` is `floor(random(size) * nvec) + start`, as Gymnasium;
 * a mask is one 0/1 Int8Array per element (flat order), each drawn with `choice` like Discrete; a probability
 * mask is one Float64Array per element, drawn with `choice(where(p > 0), p=p[p > 0] / sum(p))` as Gymnasium.
 */
export class MultiDiscrete<D extends MultiDiscreteDType = 'int64'> extends BaseSpace<ArrayOf<D>> {
  /** Answers `instanceof` across copies of this module (./brand.ts). */
  readonly [MULTI_DISCRETE_BRAND] = true;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(this, MultiDiscrete, MULTI_DISCRETE_BRAND, x);
  }
  readonly nvec: readonly number[];
  readonly start: readonly number[];
  readonly shape: readonly number[];
  readonly dtype: D;

  constructor(nvec: readonly number[], opts: MultiDiscreteOptions<D> = {}) {
    super();
    this.dtype = (opts.dtype ?? 'int64') as D;
    this.shape = opts.shape ? [...opts.shape] : [nvec.length];
    if (product(this.shape) !== nvec.length) {
      throw new SpaceError(`MultiDiscrete shape ${formatShape(this.shape)} does not hold ${nvec.length} counts.`);
    }
    if (!nvec.every((n) => Number.isInteger(n) && n > 0)) {
      throw new SpaceError(`MultiDiscrete nvec (counts) must be positive integers, got [${nvec.join(', ')}].`);
    }
    const start = opts.start ?? new Array<number>(nvec.length).fill(0);
    if (start.length !== nvec.length || !start.every(Number.isInteger)) {
      throw new SpaceError('MultiDiscrete start must hold one integer per count (same length as nvec).');
    }
    this.nvec = [...nvec];
    this.start = [...start];
    if (opts.seed !== undefined) this.seed(opts.seed);
  }

  sample(mask?: unknown, probability?: unknown): ArrayOf<D> {
    const out = allocArray(this.dtype, this.nvec.length);
    if (mask !== undefined && probability !== undefined) {
      throw new SpaceError('MultiDiscrete.sample takes a mask or a probability, not both.');
    }
    if (probability !== undefined) return this.sampleWithProbability(probability, out);
    if (mask === undefined) {
      const u = this.npRandom.random(this.nvec.length);
      for (let i = 0; i < out.length; i++) out[i] = Math.floor(u[i] * this.nvec[i]) + this.start[i];
      return out;
    }
    const masks = mask as readonly Mask[];
    if (!Array.isArray(masks) || masks.length !== this.nvec.length) {
      throw new SpaceError(`MultiDiscrete.sample mask must be an array of ${this.nvec.length} Int8Array masks (one per element).`);
    }
    for (let i = 0; i < out.length; i++) {
      const allowed = allowedIndices(masks[i], this.nvec[i], `MultiDiscrete.sample element ${i}`);
      const pick = allowed.length === 0 ? 0 : allowed[this.npRandom.integers(0, allowed.length, 1)[0]];
      out[i] = this.start[i] + pick;
    }
    return out;
  }

  private sampleWithProbability(probability: unknown, out: ArrayOf<D>): ArrayOf<D> {
    const ps = probability as readonly unknown[];
    if (!Array.isArray(ps) || ps.length !== this.nvec.length) {
      throw new SpaceError(`MultiDiscrete.sample probability must be an array of ${this.nvec.length} Float64Arrays (one per element).`);
    }
    for (let i = 0; i < out.length; i++) {
      const p = checkProbability(ps[i], this.nvec[i], `MultiDiscrete.sample element ${i}`);
      const valid: number[] = [];
      p.forEach((v, k) => v > 0 && valid.push(k));
      const sum = p.reduce((a, b) => a + b, 0);
      const pick = choiceWithProbability(valid.map((k) => p[k] / sum), this.npRandom.random(1)[0]);
      out[i] = this.start[i] + valid[pick];
    }
    return out;
  }

  /** A castable integer array (or integer number array) of the right size with start <= x < start + nvec. */
  contains(x: unknown): boolean {
    let values: ArrayLike<number>;
    if (isNumericArray(x)) {
      if (!canCast(arrayDType(x), this.dtype)) return false;
      values = x;
    } else {
      const flat = flattenNumbers(x);
      if (flat === undefined) return false;
      values = flat;
    }
    if (values.length !== this.nvec.length) return false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isInteger(v) || v < this.start[i] || v - this.start[i] >= this.nvec[i]) return false;
    }
    return true;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof MultiDiscrete &&
      other.dtype === this.dtype &&
      sameShape(other.shape, this.shape) &&
      sameShape(other.nvec, this.nvec) &&
      sameShape(other.start, this.start)
    );
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiDiscrete', nvec: [...this.nvec], start: [...this.start], shape: [...this.shape], dtype: this.dtype };
  }

  static fromJSON(json: SpaceJSON): MultiDiscrete<MultiDiscreteDType> {
    return new MultiDiscrete(json.nvec as number[], {
      start: json.start as number[] | undefined,
      shape: json.shape as number[] | undefined,
      dtype: json.dtype as MultiDiscreteDType | undefined,
    });
  }

  toString(): string {
    const nvec = `[${this.nvec.join(' ')}]`;
    return this.start.some((s) => s !== 0) ? `MultiDiscrete(${nvec}, start=[${this.start.join(' ')}])` : `MultiDiscrete(${nvec})`;
  }
}
