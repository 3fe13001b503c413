/** Small helpers the Box-based wrappers share. */
import { Box } from '../spaces/box.js';
import { allocArray, type BoxDType, type NumericArray } from '../spaces/dtype.js';
import type { Space } from '../spaces/space.js';
import { WrapperError } from '../../util/errors.js';

/** The space as a Box, or a WrapperError naming the wrapper and what it needs. */
export function requireBox(space: Space<unknown>, wrapper: string, which: 'action' | 'observation'): Box<BoxDType> {
  if (!(space instanceof Box)) {
    throw new WrapperError(
      `${wrapper} needs a Box ${which} space, but the env's ${which} space is ${String(space)}; ` +
        `apply ${wrapper} only to envs with continuous (Box) ${which}s.`,
    );
  }
  return space as Box<BoxDType>;
}

/** A bound given as one number or one value per element, expanded to `size` doubles. */
export function expandBound(bound: number | ArrayLike<number>, size: number, name: string, wrapper: string): Float64Array {
  if (typeof bound === 'number') return new Float64Array(size).fill(bound);
  if (bound.length !== size) {
    throw new WrapperError(`${wrapper}: ${name} has ${bound.length} values but the space has ${size} elements; give one number or ${size}.`);
  }
  return Float64Array.from(bound);
}

/** An empty array of the same kind as `like` (a number[] becomes a Float64Array, as NumPy makes float64 from lists). */
export function sameKindArray(like: ArrayLike<number>, size: number): NumericArray {
  if (like instanceof Float32Array) return new Float32Array(size);
  if (ArrayBuffer.isView(like)) return new (like.constructor as new (n: number) => NumericArray)(size);
  return new Float64Array(size);
}

/** Gymnasium's `create_zero_array` for a Box: zeros moved inside [low, high]. */
export function zeroInBox(box: Box<BoxDType>): NumericArray {
  const out = allocArray(box.dtype, box.size);
  for (let i = 0; i < box.size; i++) out[i] = Math.min(Math.max(0, box.low[i]), box.high[i]);
  return out;
}

/** A Box of `dtype` over `shape` with the given per-element bounds. */
export function boxOf(low: number | Float64Array, high: number | Float64Array, shape: readonly number[], dtype: BoxDType): Box<BoxDType> {
  return new Box({ low, high, shape, dtype });
}
