/**
 * Gymnasium's vector `NormalizeObservation` and `NormalizeReward`: the single-env wrappers' statistics, updated
 * with the whole batch at once (every sub-env's obs, every sub-env's discounted return), shared by all sub-envs.
 */
import { Box } from '../spaces/box.js';
import type { Space } from '../spaces/space.js';
import { RunningMeanStd, type RunningMeanStdState } from '../wrappers/running-mean-std.js';
import { WrapperError } from '../../util/errors.js';
import type { VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from './vector-env.js';
import { VectorWrapper } from './vector-wrapper.js';

const DEFAULT_EPSILON = 1e-8;
const DEFAULT_GAMMA = 0.99;

/** Returns float32 `(obs - mean) / sqrt(var + epsilon)` per element; the statistics are float32 as in Gymnasium. */
export class VectorNormalizeObservation<BA = unknown> extends VectorWrapper<Float32Array, BA> {
  readonly obsRms: RunningMeanStd;
  updateRunningMean = true;
  private readonly outSpace: Space<Float32Array>;

  constructor(
    env: VectorEnv<Float32Array, BA>,
    readonly epsilon = DEFAULT_EPSILON,
  ) {
    super(env);
    const shape = env.singleObservationSpace.shape;
    if (shape === undefined) {
      throw new WrapperError(`VectorNormalizeObservation needs an observation space with a shape, got ${String(env.singleObservationSpace)}.`);
    }
    this.obsRms = new RunningMeanStd(shape.reduce((a, b) => a * b, 1), 'float32');
    this.outSpace = new Box({ low: -Infinity, high: Infinity, shape: [env.numEnvs, ...shape], dtype: 'float32' });
  }

  override get observationSpace(): Space<Float32Array> {
    return this.outSpace;
  }

  override reset(opts: VectorResetOptions = {}): VectorResetResult<Float32Array> {
    const result = this.env.reset(opts);
    return { ...result, obs: this.normalize(result.obs) };
  }

  override step(actions: BA): VectorStepResult<Float32Array> {
    const result = this.env.step(actions);
    return { ...result, obs: this.normalize(result.obs) };
  }

  /** obs: [numEnvs, size] */
  normalize(obs: ArrayLike<number>): Float32Array {
    const batch = Float32Array.from(obs);
    if (this.updateRunningMean) this.obsRms.update(batch, this.numEnvs);
    const { mean, var: variance, size } = this.obsRms;
    const out = new Float32Array(batch.length);
    for (let k = 0; k < batch.length; k++) {
      const j = k % size;
      out[k] = Math.fround(batch[k] - mean[j]) / Math.fround(Math.sqrt(Math.fround(variance[j] + this.epsilon)));
    }
    return out;
  }

  getStatistics(): RunningMeanStdState {
    return this.obsRms.getState();
  }

  setStatistics(state: RunningMeanStdState): void {
    this.obsRms.setState(state);
  }
}

/** Per sub-env return G = G * gamma * (1 - terminated) + r; rewards are divided by sqrt(var(G) + epsilon). */
export class VectorNormalizeReward<BO = unknown, BA = unknown> extends VectorWrapper<BO, BA> {
  readonly returnRms = new RunningMeanStd(1, 'float64');
  readonly accumulatedReward: Float64Array;
  updateRunningMean = true;

  constructor(
    env: VectorEnv<BO, BA>,
    readonly gamma = DEFAULT_GAMMA,
    readonly epsilon = DEFAULT_EPSILON,
  ) {
    super(env);
    this.accumulatedReward = new Float64Array(env.numEnvs);
  }

  override step(actions: BA): VectorStepResult<BO> {
    const result = this.env.step(actions);
    const g = this.accumulatedReward;
    for (let i = 0; i < g.length; i++) g[i] = g[i] * this.gamma * (1 - result.terminations[i]) + result.rewards[i];
    if (this.updateRunningMean) this.returnRms.update(g, g.length);
    const scale = Math.sqrt(this.returnRms.var[0] + this.epsilon);
    const rewards = result.rewards.map((r) => r / scale);
    return { ...result, rewards };
  }

  getStatistics(): RunningMeanStdState & { accumulatedReward: number[] } {
    return { ...this.returnRms.getState(), accumulatedReward: Array.from(this.accumulatedReward) };
  }

  setStatistics(state: RunningMeanStdState & { accumulatedReward: number[] }): void {
    this.returnRms.setState(state);
    this.accumulatedReward.set(state.accumulatedReward);
  }
}
