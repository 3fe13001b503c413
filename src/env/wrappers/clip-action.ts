import type { Env, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import type { Box } from '../spaces/box.js';
import type { BoxDType, NumericArray } from '../spaces/dtype.js';
import { boxOf, requireBox, sameKindArray } from './box-utils.js';

/**
 * Gymnasium's `ClipAction`: the agent may send any real action; it is clipped into the env's Box before
 * stepping. The wrapper's action space is the unbounded Box of the same shape and dtype.
 * A Float32Array stays float32 and a Float64Array or number[] float64, as `np.clip` keeps the action's dtype.
 */
export class ClipAction<O = unknown> extends Wrapper<O, ArrayLike<number>, O, unknown> {
  private readonly innerBox: Box<BoxDType>;

  constructor(env: Env<O, unknown>) {
    super(env);
    this.innerBox = requireBox(env.actionSpace, 'ClipAction', 'action');
    this.actionSpace = boxOf(-Infinity, Infinity, this.innerBox.shape, this.innerBox.dtype);
  }

  override step(action: ArrayLike<number>): StepResult<O> {
    return this.env.step(this.clip(action));
  }

  private clip(action: ArrayLike<number>): NumericArray {
    const { low, high, size } = this.innerBox;
    const out = sameKindArray(action, size);
    for (let i = 0; i < size; i++) out[i] = Math.min(Math.max(action[i], low[i]), high[i]);
    return out;
  }
}
