/**
 * Gymnasium's vector `NormalizeObservation` and `NormalizeReward`: the single-env wrappers' statistics, updated
 * with the whole batch at once (every sub-env's obs, every sub-env's discounted return), shared by all sub-envs.
 */
import { Box } from '../spaces/box.js';
import type { Space } from '../spaces/space.js';
import { RunningMeanStd, type RunningMeanStdState } from '../wrappers/running-mean-std.js';
import { ReturnScaler } from '../wrappers/return-scaler.js';
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
    return this.obsRms.normalize(batch, this.epsilon);
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
  private readonly scaler: ReturnScaler;
  updateRunningMean = true;

  constructor(
    env: VectorEnv<BO, BA>,
    readonly gamma = DEFAULT_GAMMA,
    readonly epsilon = DEFAULT_EPSILON,
  ) {
    super(env);
    this.scaler = new ReturnScaler(env.numEnvs, gamma, epsilon);
  }

  get returnRms(): RunningMeanStd {
    return this.scaler.returnRms;
  }

  /** Each sub-env's discounted return G. */
  get accumulatedReward(): Float64Array {
    return this.scaler.returns;
  }

  override step(actions: BA): VectorStepResult<BO> {
    const result = this.env.step(actions);
    return { ...result, rewards: this.scaler.scale(result.rewards, result.terminations, this.updateRunningMean) };
  }

  getStatistics(): RunningMeanStdState & { accumulatedReward: number[] } {
    return { ...this.returnRms.getState(), accumulatedReward: Array.from(this.accumulatedReward) };
  }

  setStatistics(state: RunningMeanStdState & { accumulatedReward: number[] }): void {
    this.returnRms.setState(state);
    this.accumulatedReward.set(state.accumulatedReward);
  }
}
