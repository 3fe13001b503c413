/** The q-th quantile (0..1) of values, linear interpolation between order statistics (NumPy's default). */
export function quantile(sorted: Float32Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface ReturnNormState {
  low: number;
  high: number;
}

/**
 * DreamerV3's return normalisation: EMAs of the 5th and 95th percentile of the lambda-returns; advantages are
 * divided by max(1, P95 - P5), so small returns are not blown up.
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
