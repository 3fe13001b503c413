import type { Env, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import { ReturnScaler } from './return-scaler.js';
import type { RunningMeanStd, RunningMeanStdState } from './running-mean-std.js';

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
  private readonly scaler: ReturnScaler;
  updateRunningMean = true;

  constructor(
    env: Env<O, A>,
    readonly gamma = DEFAULT_GAMMA,
    readonly epsilon = DEFAULT_EPSILON,
  ) {
    super(env);
    this.scaler = new ReturnScaler(1, gamma, epsilon);
  }

  get returnRms(): RunningMeanStd {
    return this.scaler.returnRms;
  }

  /** The discounted return G. */
  get discountedReward(): number {
    return this.scaler.returns[0];
  }

  set discountedReward(g: number) {
    this.scaler.returns[0] = g;
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    const [reward] = this.scaler.scale([result.reward], [result.terminated], this.updateRunningMean);
    return { ...result, reward };
  }

  getStatistics(): NormalizeRewardStatistics {
    return { ...this.returnRms.getState(), discountedReward: this.discountedReward };
  }

  setStatistics(state: NormalizeRewardStatistics): void {
    this.returnRms.setState(state);
    this.discountedReward = state.discountedReward;
  }
}
