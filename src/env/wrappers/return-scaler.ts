import { RunningMeanStd } from './running-mean-std.js';

/**
 * The statistics behind Gymnasium's NormalizeReward (single and vector): per env the discounted return
 * `G = G * gamma * (1 - terminated) + r`, the running variance of G over all envs, and rewards divided by
 * `sqrt(var(G) + epsilon)` (the mean is not subtracted). G is cleared by neither reset() nor truncation.
 */
export class ReturnScaler {
  readonly returnRms = new RunningMeanStd(1, 'float64');
  /** G per env. */
  readonly returns: Float64Array;

  constructor(
    numEnvs: number,
    readonly gamma: number,
    readonly epsilon: number,
  ) {
    this.returns = new Float64Array(numEnvs);
  }

  /** Advances each env's G by its reward, updates the variance when `update`, and returns the scaled rewards. */
  scale(rewards: ArrayLike<number>, terminated: ArrayLike<boolean | number>, update: boolean): Float64Array {
    const g = this.returns;
    for (let i = 0; i < g.length; i++) g[i] = g[i] * this.gamma * (terminated[i] ? 0 : 1) + rewards[i];
    if (update) this.returnRms.update(g, g.length);
    const scale = Math.sqrt(this.returnRms.var[0] + this.epsilon);
    return Float64Array.from(rewards, (r) => r / scale);
  }
}
