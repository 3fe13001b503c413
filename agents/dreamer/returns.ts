import { quantile } from '../../src/tensor/math/return_normaliser.js';

export interface ReturnNormState {
  low: number;
  high: number;
}

/**
 * DreamerV3's return normalisation: EMAs of the 5th and 95th percentile of the lambda-returns; advantages are
 * divided by max(1, P95 - P5), so small returns are not blown up. Kept apart from src/tensor's ReturnNormaliser:
 * this one skips NaN/Inf batches and its `state` shape is what checkpoints store.
 */
export class ReturnNormaliser {
  state: ReturnNormState = { low: 0, high: 0 };
  constructor(
    readonly decay: number,
    readonly lowQ = 0.05,
    readonly highQ = 0.95,
    readonly maxInv = 1,
  ) {}

  /** Updates the EMAs with a batch of returns and gives the current scale. */
  update(returns: Float32Array): number {
    const sorted = Float32Array.from(returns).sort();
    const { decay } = this;
    const [low, high] = [quantile(sorted, this.lowQ), quantile(sorted, this.highQ)];
    // A NaN/Inf batch (an update the optimisers skip) must not poison the running statistics.
    if (!Number.isFinite(low) || !Number.isFinite(high)) return this.scale;
    this.state.low = decay * this.state.low + (1 - decay) * low;
    this.state.high = decay * this.state.high + (1 - decay) * high;
    return this.scale;
  }

  get scale(): number {
    return Math.max(this.maxInv, this.state.high - this.state.low);
  }
}
