import { BaseSpace } from './base.js';
import { hasBrand, spaceBrand } from './brand.js';
import { allowedIndices, checkProbability, choiceWithProbability } from './mask.js';
import type { SpaceJSON } from './space.js';
import { SpaceError } from '../../util/errors.js';

export interface DiscreteOptions {
  /** The smallest value (default 0): the space is {start, ..., start + n - 1}. */
  start?: number;
  seed?: number;
}

const DISCRETE_BRAND = spaceBrand('Discrete');

/**
 * Gymnasium's `Discrete(n, start)`: the integers start, ..., start + n - 1, held as JS numbers.
 * `sample()` is `start + rng.integers(0, n)`; with a mask (Int8Array of 0/1, length n) it picks uniformly
 * among the allowed values (`rng.choice`), or returns `start` when none is allowed, as Gymnasium does.
 * With a probability mask (Float64Array of length n summing to 1) it draws `rng.choice(n, p=probability)`.
 */
export class Discrete extends BaseSpace<number> {
  /** Answers `instanceof` across copies of this module (./brand.ts). */
  readonly [DISCRETE_BRAND] = true;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(this, Discrete, DISCRETE_BRAND, x);
  }
  readonly n: number;
  readonly start: number;
  readonly shape: readonly number[] = [];
  readonly dtype = 'int64' as const;

  constructor(n: number, opts: DiscreteOptions = {}) {
    super();
    const start = opts.start ?? 0;
    if (!Number.isInteger(n) || n <= 0) throw new SpaceError(`Discrete needs a positive integer n, got ${n}.`);
    if (!Number.isInteger(start)) throw new SpaceError(`Discrete start must be an integer, got ${start}.`);
    this.n = n;
    this.start = start;
    if (opts.seed !== undefined) this.seed(opts.seed);
  }

  sample(mask?: unknown, probability?: unknown): number {
    if (mask !== undefined && probability !== undefined) {
      throw new SpaceError('Discrete.sample takes a mask or a probability, not both.');
    }
    if (probability !== undefined) {
      const p = checkProbability(probability, this.n, 'Discrete.sample');
      return this.start + choiceWithProbability(p, this.npRandom.random(1)[0]);
    }
    if (mask === undefined) return this.start + this.npRandom.integers(0, this.n, 1)[0];
    const allowed = allowedIndices(mask, this.n, 'Discrete.sample');
    if (allowed.length === 0) return this.start;
    return this.start + allowed[this.npRandom.integers(0, allowed.length, 1)[0]];
  }

  /** An integer-valued number in range (1.0 is 1 in JS; 1.5, NaN and strings are not members). */
  contains(x: unknown): boolean {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  equals(other: unknown): boolean {
    return other instanceof Discrete && other.n === this.n && other.start === this.start;
  }

  toJSON(): SpaceJSON {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  static fromJSON(json: SpaceJSON): Discrete {
    if (typeof json.n !== 'number') throw new SpaceError('Discrete JSON needs a number "n".');
    return new Discrete(json.n, { start: typeof json.start === 'number' ? json.start : 0 });
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
