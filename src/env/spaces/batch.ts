import type { RandomGenerator } from '../rng/generator.js';
import { seedingNpRandom } from '../seeding.js';
import { BaseSpace } from './base.js';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import type { BoxDType } from './dtype.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space } from './space.js';
import { SpaceError } from '../../util/errors.js';
import { Tuple } from './tuple.js';

/**
 * Gymnasium's `batch_space(space, n)`: the space of n stacked values, as vector envs report them.
 * Box → Box [n, ...shape]; Discrete → MultiDiscrete([n × space.n], start); MultiDiscrete → an integer Box
 * [n, ...shape] from start to start + nvec - 1; MultiBinary → an int8 Box [n, ...shape] in [0, 1]; Dict and Tuple
 * batch per part. As in Gymnasium, the batched space's generator starts as a copy of the original's.
 */
export function batchSpace(space: Space<unknown>, n: number): Space<unknown> {
  if (!Number.isInteger(n) || n <= 0) throw new SpaceError(`batchSpace needs a positive integer n, got ${n}.`);
  const batched = batchStructure(space, n);
  // Dict and Tuple batch per part, and each part copies its own generator.
  const composite = space instanceof Dict || space instanceof Tuple;
  if (batched instanceof BaseSpace && !composite) batched.npRandom = copyGenerator(space.npRandom);
  return batched;
}

function batchStructure(space: Space<unknown>, n: number): Space<unknown> {
  const tile = <T>(a: ArrayLike<T>): T[] => Array.from({ length: n }, () => Array.from(a)).flat();
  if (space instanceof Box) {
    const low = tile(Array.from(space.low, (v, i) => (space.boundedBelow[i] ? v : -Infinity)));
    const high = tile(Array.from(space.high, (v, i) => (space.boundedAbove[i] ? v : Infinity)));
    return new Box<BoxDType>({ low, high, shape: [n, ...space.shape], dtype: space.dtype }) as Space<unknown>;
  }
  if (space instanceof Discrete) {
    return new MultiDiscrete(new Array<number>(n).fill(space.n), { start: new Array<number>(n).fill(space.start) }) as Space<unknown>;
  }
  if (space instanceof MultiDiscrete) {
    const low = tile(space.start);
    const high = tile(space.nvec.map((k, i) => space.start[i] + k - 1));
    return new Box<BoxDType>({ low, high, shape: [n, ...space.shape], dtype: space.dtype }) as Space<unknown>;
  }
  if (space instanceof MultiBinary) {
    return new Box<BoxDType>({ low: 0, high: 1, shape: [n, ...space.shape], dtype: 'int8' }) as Space<unknown>;
  }
  if (space instanceof Tuple) return new Tuple((space.spaces as Space<unknown>[]).map((s) => batchSpace(s, n))) as Space<unknown>;
  if (space instanceof Dict) {
    const entries = Object.entries(space.spaces as Record<string, Space<unknown>>).map(([k, s]) => [k, batchSpace(s, n)] as const);
    return new Dict(entries) as Space<unknown>;
  }
  throw new SpaceError(`batchSpace does not know ${String(space)}; batch Box, Discrete, MultiDiscrete, MultiBinary, Tuple or Dict.`);
}

/** A generator in the same state (Gymnasium's `deepcopy(space.np_random)`). */
function copyGenerator(rng: RandomGenerator): RandomGenerator {
  const [copy] = seedingNpRandom(0);
  copy.setState(rng.getState());
  return copy;
}
