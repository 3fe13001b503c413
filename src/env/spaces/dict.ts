import { BaseSpace } from './base.js';
import { hasBrand, spaceBrand } from './brand.js';
import { drawSubSeeds } from './composite-seed.js';
import type { Space, SpaceJSON } from './space.js';
import { SpaceError } from '../../util/errors.js';

/** The value type of a space. */
export type SpaceValue<S> = S extends Space<infer T> ? T : never;

type DictValue<S extends Record<string, Space<unknown>>> = { [K in keyof S]: SpaceValue<S[K]> };

const DICT_BRAND = spaceBrand('Dict');

/**
 * Gymnasium's `Dict`: a record of sub-spaces. As in Gymnasium, keys of a plain object are sorted (this fixes the
 * order of sampling, seeding and flattening); pass an array of [key, space] pairs to keep your own order.
 * `seed(n)` seeds the Dict's generator with n and each sub-space with a sub-seed drawn from it.
 */
export class Dict<S extends Record<string, Space<unknown>> = Record<string, Space<unknown>>> extends BaseSpace<DictValue<S>> {
  /** Answers `instanceof` across copies of this module (./brand.ts). */
  readonly [DICT_BRAND] = true;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(this, Dict, DICT_BRAND, x);
  }
  readonly spaces: S;
  readonly shape = undefined;
  readonly dtype = undefined;

  constructor(spaces: S | ReadonlyArray<readonly [string, Space<unknown>]>, opts: { seed?: number } = {}) {
    super();
    const entries = Array.isArray(spaces)
      ? [...(spaces as ReadonlyArray<readonly [string, Space<unknown>]>)]
      : Object.entries(spaces as S).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, space] of entries) {
      if (!isSpace(space)) throw new SpaceError(`Dict space element "${key}" is not a Space; give Box, Discrete, ... instances.`);
    }
    this.spaces = Object.fromEntries(entries) as S;
    if (opts.seed !== undefined) this.seed(opts.seed);
  }

  keys(): string[] {
    return Object.keys(this.spaces);
  }

  /** Seeds of the leaf spaces, in key order (Gymnasium returns them as a dict). */
  override seed(seed?: number): number[] {
    const subspaces = Object.values(this.spaces);
    if (seed === undefined) return subspaces.flatMap((s) => s.seed(undefined));
    super.seed(seed);
    const subSeeds = drawSubSeeds(this.npRandom, subspaces.length);
    return subspaces.flatMap((s, i) => s.seed(subSeeds[i]));
  }

  /** A mask (or probability mask), when given, is a record with one (or undefined) for every key. */
  sample(mask?: unknown, probability?: unknown): DictValue<S> {
    if (mask !== undefined && probability !== undefined) throw new SpaceError('Dict.sample takes a mask or a probability, not both.');
    const masks = (mask ?? probability) as Record<string, unknown> | undefined;
    if (masks !== undefined && !sameKeys(Object.keys(masks), this.keys())) {
      throw new SpaceError(`Dict.sample mask must have exactly the keys ${this.keys().join(', ')}.`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, space] of Object.entries(this.spaces)) {
      out[key] = probability === undefined ? space.sample(masks?.[key]) : sampleWithProbability(space, masks?.[key]);
    }
    return out as DictValue<S>;
  }

  contains(x: unknown): boolean {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
    const record = x as Record<string, unknown>;
    if (!sameKeys(Object.keys(record), this.keys())) return false;
    return Object.entries(this.spaces).every(([key, space]) => space.contains(record[key]));
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Dict)) return false;
    const mine = Object.entries(this.spaces);
    const theirs = Object.entries(other.spaces as Record<string, Space<unknown>>);
    return mine.length === theirs.length && mine.every(([k, s], i) => theirs[i][0] === k && spaceEquals(s, theirs[i][1]));
  }

  toJSON(): SpaceJSON {
    return { type: 'Dict', spaces: Object.entries(this.spaces).map(([k, s]) => [k, s.toJSON()]) };
  }

  toString(): string {
    return `Dict(${Object.entries(this.spaces).map(([k, s]) => `'${k}': ${s.toString()}`).join(', ')})`;
  }
}

/** `space.sample(undefined, probability)` for spaces whose sample takes a probability mask. */
export function sampleWithProbability(space: Space<unknown>, probability: unknown): unknown {
  return (space.sample as (mask?: unknown, probability?: unknown) => unknown).call(space, undefined, probability);
}

export function isSpace(x: unknown): x is Space<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Space<unknown>>;
  return typeof s.sample === 'function' && typeof s.contains === 'function' && typeof s.seed === 'function';
}

/** Structural equality: the space's own `equals` when it has one, else the same JSON. */
export function spaceEquals(a: Space<unknown>, b: Space<unknown>): boolean {
  const eq = (a as { equals?: (o: unknown) => boolean }).equals;
  return typeof eq === 'function' ? eq.call(a, b) : JSON.stringify(a.toJSON()) === JSON.stringify(b.toJSON());
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((k) => set.has(k));
}
