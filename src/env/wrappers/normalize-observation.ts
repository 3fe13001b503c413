import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import { boxOf } from './box-utils.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';
import { WrapperError } from '../../util/errors.js';

const DEFAULT_EPSILON = 1e-8;

/**
 * Gymnasium's `NormalizeObservation`: each observation updates a running mean/variance (per element) and is
 * returned as float32 `(obs - mean) / sqrt(var + epsilon)`. The statistics are float32 as in Gymnasium.
 * Set `updateRunningMean = false` to freeze them (evaluation); `getStatistics`/`setStatistics` checkpoint them.
 */
export class NormalizeObservation<A = unknown> extends Wrapper<Float32Array, A, ArrayLike<number>, A> {
  readonly obsRms: RunningMeanStd;
  updateRunningMean = true;

  constructor(
    env: Env<ArrayLike<number>, A>,
    readonly epsilon = DEFAULT_EPSILON,
  ) {
    super(env);
    const shape = env.observationSpace.shape;
    if (shape === undefined) {
      throw new WrapperError(`NormalizeObservation needs an observation space with a shape, got ${String(env.observationSpace)}.`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    this.observationSpace = boxOf(-Infinity, Infinity, shape, 'float32') as unknown as typeof this.observationSpace;
    this.obsRms = new RunningMeanStd(size, 'float32');
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    const { obs, info } = this.env.reset(opts);
    return { obs: this.normalize(obs), info };
  }

  override step(action: A): StepResult<Float32Array> {
    const result = this.env.step(action);
    return { ...result, obs: this.normalize(result.obs) };
  }

  normalize(obs: ArrayLike<number>): Float32Array {
    const obs32 = Float32Array.from(obs);
    if (this.updateRunningMean) this.obsRms.update(obs32, 1);
    return this.obsRms.normalize(obs32, this.epsilon);
  }

  getStatistics(): RunningMeanStdState {
    return this.obsRms.getState();
  }

  setStatistics(state: RunningMeanStdState): void {
    this.obsRms.setState(state);
  }
}
