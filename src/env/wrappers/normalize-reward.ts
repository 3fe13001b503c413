import type { Env, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';

const DEFAULT_GAMMA = 0.99;
const DEFAULT_EPSILON = 1e-8;

export interface NormalizeRewardStatistics extends RunningMeanStdState {
  discountedReward: number;
}

/**
 * Gymnasium's `NormalizeReward`: keeps the discounted return `G = G * gamma * (1 - terminated) + r`, tracks its
 * running variance, and returns `r / sqrt(var + epsilon)` (the mean is not subtracted). As in Gymnasium, G is
 * not cleared by reset() nor by truncation. `updateRunningMean = false` freezes the statistics (evaluation).
 */
export class NormalizeReward<O = unknown, A = unknown> extends Wrapper<O, A> {
  readonly returnRms = new RunningMeanStd(1, 'float64');
  discountedReward = 0;
  updateRunningMean = true;

  constructor(
    env: Env<O, A>,
    readonly gamma = DEFAULT_GAMMA,
    readonly epsilon = DEFAULT_EPSILON,
  ) {
    super(env);
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    this.discountedReward = this.discountedReward * this.gamma * (result.terminated ? 0 : 1) + result.reward;
    if (this.updateRunningMean) this.returnRms.update([this.discountedReward], 1);
    return { ...result, reward: result.reward / Math.sqrt(this.returnRms.var[0] + this.epsilon) };
  }

  getStatistics(): NormalizeRewardStatistics {
    return { ...this.returnRms.getState(), discountedReward: this.discountedReward };
  }

  setStatistics(state: NormalizeRewardStatistics): void {
    this.returnRms.setState(state);
    this.discountedReward = state.discountedReward;
  }
}
