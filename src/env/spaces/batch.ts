import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import type { BoxDType } from './dtype.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space } from './space.js';
import { SpaceError } from './space-error.js';
import { Tuple } from './tuple.js';

/**
 * Gymnasium's `batch_space(space, n)`: the space of n stacked values, as vector envs report them.
 * Box → Box of shape [n, ...shape]; Discrete → MultiDiscrete([n × space.n], start); MultiDiscrete → a
 * MultiDiscrete of shape [n, ...shape]; MultiBinary → MultiBinary([n, ...shape]); Dict and Tuple batch per part.
 * The result is unseeded (Gymnasium seeds it from the original space's generator; seed it yourself).
 */
export function batchSpace(space: Space<unknown>, n: number): Space<unknown> {
  if (!Number.isInteger(n) || n <= 0) throw new SpaceError(`batchSpace needs a positive integer n, got ${n}.`);
  if (space instanceof Box) {
    const repeat = (a: Float64Array, bounded: readonly boolean[], inf: number): number[] => {
      const one = Array.from(a, (v, i) => (bounded[i] ? v : inf));
      return Array.from({ length: n }, () => one).flat();
    };
    return new Box<BoxDType>({
      low: repeat(space.low, space.boundedBelow, -Infinity),
      high: repeat(space.high, space.boundedAbove, Infinity),
      shape: [n, ...space.shape],
      dtype: space.dtype,
    }) as Space<unknown>;
  }
  if (space instanceof Discrete) {
    return new MultiDiscrete(new Array<number>(n).fill(space.n), { start: new Array<number>(n).fill(space.start) }) as Space<unknown>;
  }
  if (space instanceof MultiDiscrete) {
    const tile = <T>(a: readonly T[]): T[] => Array.from({ length: n }, () => a).flat();
    return new MultiDiscrete(tile(space.nvec), { start: tile(space.start), shape: [n, ...space.shape], dtype: space.dtype }) as Space<unknown>;
  }
  if (space instanceof MultiBinary) return new MultiBinary([n, ...space.shape]);
  if (space instanceof Tuple) return new Tuple((space.spaces as Space<unknown>[]).map((s) => batchSpace(s, n))) as Space<unknown>;
  if (space instanceof Dict) {
    return new Dict(Object.entries(space.spaces as Record<string, Space<unknown>>).map(([k, s]) => [k, batchSpace(s, n)] as const)) as Space<unknown>;
  }
  throw new SpaceError(`batchSpace does not know ${String(space)}; batch Box, Discrete, MultiDiscrete, MultiBinary, Tuple or Dict.`);
}
