import type { Env, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import type { Box } from '../spaces/box.js';
import { castScalar, type BoxDType, type NumericArray } from '../spaces/dtype.js';
import { boxOf, expandBound, requireBox } from './box-utils.js';
import { WrapperError } from '../../util/errors.js';

/**
 * Gymnasium's `RescaleAction`: the agent acts in [minAction, maxAction] (per element or one number), and the
 * action is mapped affinely onto the env's Box [low, high] before stepping:
 * `envAction = (action - intercept) / gradient`, gradient = (max - min) / (high - low), intercept = min - gradient * low.
 * As in Gymnasium, gradient and intercept are stored in the Box dtype and a Float32Array action is computed in
 * float32; an infinite bound must match an infinite env bound (that element then passes through shifted).
 */
export class RescaleAction<O = unknown> extends Wrapper<O, ArrayLike<number>, O, unknown> {
  private readonly gradient: Float64Array;
  private readonly intercept: Float64Array;

  constructor(env: Env<O, unknown>, minAction: number | ArrayLike<number>, maxAction: number | ArrayLike<number>) {
    super(env);
    const box = requireBox(env.actionSpace, 'RescaleAction', 'action');
    const min = expandBound(minAction, box.size, 'minAction', 'RescaleAction');
    const max = expandBound(maxAction, box.size, 'maxAction', 'RescaleAction');
    checkBounds(box, min, max);
    [this.gradient, this.intercept] = affineMap(box, min, max);
    this.actionSpace = boxOf(min, max, box.shape, box.dtype);
  }

  override step(action: ArrayLike<number>): StepResult<O> {
    return this.env.step(this.toEnvAction(action));
  }

  /** The env-space action for an action in [minAction, maxAction]. */
  toEnvAction(action: ArrayLike<number>): NumericArray {
    const n = this.gradient.length;
    if (action instanceof Float32Array) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.fround(action[i] - this.intercept[i]) / this.gradient[i];
      return out;
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (action[i] - this.intercept[i]) / this.gradient[i];
    return out;
  }
}

function checkBounds(box: Box<BoxDType>, min: Float64Array, max: Float64Array): void {
  for (let i = 0; i < box.size; i++) {
    if (!(min[i] <= max[i])) {
      throw new WrapperError(`RescaleAction: minAction[${i}]=${min[i]} > maxAction[${i}]=${max[i]}; give minAction <= maxAction.`);
    }
    const infMismatch =
      (Number.isFinite(min[i]) !== Number.isFinite(box.low[i]) || (!Number.isFinite(min[i]) && min[i] !== box.low[i])) ||
      (Number.isFinite(max[i]) !== Number.isFinite(box.high[i]) || (!Number.isFinite(max[i]) && max[i] !== box.high[i]));
    if (infMismatch) {
      throw new WrapperError(
        `RescaleAction: element ${i} maps [${box.low[i]}, ${box.high[i]}] onto [${min[i]}, ${max[i]}]; ` +
          'an infinite bound must stay the same infinite bound, so give finite bounds only where the env is bounded.',
      );
    }
  }
}

/** Gymnasium's `rescale_box` gradient and intercept, rounded to the Box dtype where Gymnasium stores them. */
function affineMap(box: Box<BoxDType>, min: Float64Array, max: Float64Array): [Float64Array, Float64Array] {
  const gradient = new Float64Array(box.size).fill(1);
  const intercept = new Float64Array(box.size);
  const round = (x: number): number => castScalar(x, box.dtype === 'float32' ? 'float32' : 'float64');
  for (let i = 0; i < box.size; i++) {
    const minFinite = Number.isFinite(min[i]);
    const maxFinite = Number.isFinite(max[i]);
    if (minFinite && maxFinite) gradient[i] = round((max[i] - min[i]) / (box.high[i] - box.low[i]));
    if (maxFinite) intercept[i] = round(max[i] - box.high[i]);
    // With both bounds finite the lower one decides, as in Gymnasium.
    if (minFinite) intercept[i] = round(round(gradient[i] * -box.low[i]) + min[i]);
  }
  return [gradient, intercept];
}
