import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { allocArray, product, type BoxDType, type NumericArray } from './dtype.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space } from './space.js';
import { SpaceError } from '../../util/errors.js';
import { Tuple } from './tuple.js';

/**
 * Gymnasium's spaces/utils: `flatdim`, `flatten`, `unflatten`, `flattenSpace`. Box and MultiBinary flatten to
 * their values, Discrete to a one-hot, MultiDiscrete to concatenated one-hots, Tuple and Dict (in key order) to
 * the concatenation of their parts in NumPy's promoted dtype (`np.result_type`).
 */

/** Children of a composite space in flattening order. */
function children(space: Space<unknown>): Space<unknown>[] | undefined {
  if (space instanceof Tuple) return [...space.spaces];
  if (space instanceof Dict) return Object.values(space.spaces);
  return undefined;
}

function unknownSpace(space: Space<unknown>): SpaceError {
  return new SpaceError(`Cannot flatten ${String(space)}: only Box, Discrete, MultiDiscrete, MultiBinary, Tuple and Dict flatten.`);
}

/** Length of the flat vector of a space. */
export function flatdim(space: Space<unknown>): number {
  if (space instanceof Box || space instanceof MultiBinary) return product(space.shape);
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  const parts = children(space);
  if (parts) return parts.reduce((a, s) => a + flatdim(s), 0);
  throw unknownSpace(space);
}

/** The dtype a flattened value of `space` has. */
export function flatDType(space: Space<unknown>): BoxDType {
  if (space instanceof Box || space instanceof MultiDiscrete) return space.dtype;
  if (space instanceof MultiBinary) return 'int8';
  if (space instanceof Discrete) return 'int64';
  const parts = children(space);
  if (parts) return resultType(parts.map(flatDType));
  throw unknownSpace(space);
}

/** NumPy's `np.result_type` over the dtypes a Box holds (int8 with uint8 promotes to int16; int32 stands in). */
export function resultType(dtypes: BoxDType[]): BoxDType {
  if (dtypes.length === 0) return 'float64';
  const floats = dtypes.filter((d) => d === 'float32' || d === 'float64');
  const ints = dtypes.filter((d) => d !== 'float32' && d !== 'float64');
  const smallInts = ints.every((d) => d === 'int8' || d === 'uint8');
  if (floats.length > 0) return floats.includes('float64') || !smallInts ? 'float64' : 'float32';
  if (ints.includes('int64')) return 'int64';
  if (ints.includes('int32') || (ints.includes('int8') && ints.includes('uint8'))) return 'int32';
  return ints[0];
}

/** Writes the flat form of `x` into `out` at `offset`; returns the next offset. */
function writeFlat(space: Space<unknown>, x: unknown, out: NumericArray, offset: number): number {
  if (space instanceof Box || space instanceof MultiBinary) {
    const values = x as ArrayLike<number>;
    for (let i = 0; i < values.length; i++) out[offset + i] = values[i];
    return offset + product(space.shape);
  }
  if (space instanceof Discrete) {
    out[offset + (x as number) - space.start] = 1;
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    const values = x as ArrayLike<number>;
    space.nvec.forEach((n, i) => {
      out[offset + values[i] - space.start[i]] = 1;
      offset += n;
    });
    return offset;
  }
  if (space instanceof Tuple) {
    (space.spaces as Space<unknown>[]).forEach((s, i) => (offset = writeFlat(s, (x as unknown[])[i], out, offset)));
    return offset;
  }
  if (space instanceof Dict) {
    for (const [k, s] of Object.entries(space.spaces as Record<string, Space<unknown>>)) offset = writeFlat(s, (x as Record<string, unknown>)[k], out, offset);
    return offset;
  }
  throw unknownSpace(space);
}

/** A flat typed array of `flatdim(space)` values in `flatDType(space)`. */
export function flatten(space: Space<unknown>, x: unknown): NumericArray {
  const out = allocArray(flatDType(space), flatdim(space));
  writeFlat(space, x, out, 0);
  return out;
}

/** Reads one value of `space` from `flat` starting at `offset`. */
function readFlat(space: Space<unknown>, flat: ArrayLike<number>, offset: number): unknown {
  if (space instanceof Box || space instanceof MultiBinary) {
    const out = allocArray(space instanceof Box ? space.dtype : 'int8', product(space.shape));
    for (let i = 0; i < out.length; i++) out[i] = flat[offset + i];
    return out;
  }
  if (space instanceof Discrete) return space.start + firstNonZero(flat, offset, space.n, space);
  if (space instanceof MultiDiscrete) {
    const out = allocArray(space.dtype, space.nvec.length);
    let at = offset;
    space.nvec.forEach((n, i) => {
      out[i] = space.start[i] + firstNonZero(flat, at, n, space);
      at += n;
    });
    return out;
  }
  const parts = children(space);
  if (!parts) throw unknownSpace(space);
  const values: unknown[] = [];
  for (const s of parts) {
    values.push(readFlat(s, flat, offset));
    offset += flatdim(s);
  }
  return space instanceof Dict ? Object.fromEntries(space.keys().map((k, i) => [k, values[i]])) : values;
}

function firstNonZero(flat: ArrayLike<number>, offset: number, n: number, space: Space<unknown>): number {
  for (let i = 0; i < n; i++) if (flat[offset + i] !== 0) return i;
  throw new SpaceError(`The values at ${offset}..${offset + n - 1} are not a one-hot vector, so they cannot be unflattened to ${String(space)}.`);
}

/** Inverts `flatten`. */
export function unflatten(space: Space<unknown>, flat: ArrayLike<number>): unknown {
  if (flat.length !== flatdim(space)) {
    throw new SpaceError(`unflatten: got ${flat.length} values, but ${String(space)} flattens to ${flatdim(space)}.`);
  }
  return readFlat(space, flat, 0);
}

function flatBounds(space: Space<unknown>): [number[], number[]] {
  if (space instanceof Box) return [Array.from(space.low), Array.from(space.high)];
  const parts = children(space);
  if (parts) {
    const bounds = parts.map(flatBounds);
    return [bounds.flatMap((b) => b[0]), bounds.flatMap((b) => b[1])];
  }
  const n = flatdim(space);
  return [new Array<number>(n).fill(0), new Array<number>(n).fill(1)];
}

/** The Box that `flatten` maps a space into. */
export function flattenSpace(space: Space<unknown>): Box<BoxDType> {
  const [low, high] = flatBounds(space);
  return new Box({ low, high, shape: [low.length], dtype: flatDType(space) });
}
