import type * as tf from '@tensorflow/tfjs';

/** Options of `ReturnNormaliser` (DreamerV3 defaults). */
export interface ReturnNormaliserOptions {
  /** EMA decay of the percentile estimates (default 0.99). */
  decay?: number;
  /** Lower percentile, in [0, 1] (default 0.05). */
  low?: number;
  /** Upper percentile, in [0, 1] (default 0.95). */
  high?: number;
  /** The scale never drops below this, so small returns are not blown up (default 1). */
  minScale?: number;
}

/** Serialisable state of a `ReturnNormaliser`. */
export interface ReturnNormaliserState {
  low: number;
  high: number;
}

/**
 * DreamerV3's return normalisation: EMAs of the 5th and 95th percentiles of the λ-returns; returns are divided by
 * scale = max(1, P95 - P5), so large returns shrink but small ones are not amplified. Starts from low = high = 0.
 */
export class ReturnNormaliser {
  private lowEma = 0;
  private highEma = 0;
  private readonly opts: Required<ReturnNormaliserOptions>;

  constructor(options: ReturnNormaliserOptions = {}) {
    this.opts = { decay: 0.99, low: 0.05, high: 0.95, minScale: 1, ...options };
  }

  /**
   * Folds the percentiles of `returns` (any shape; a tensor is read synchronously) into the EMAs and gives the new
   * scale. A batch with NaN/Inf (an update the optimisers skip) leaves the statistics as they were.
   */
  update(returns: tf.Tensor | Float32Array): number {
    this.setState(this.next(returns));
    return this.scale;
  }

  /** The statistics `update(returns)` would set, without setting them (for use inside a gradient tape). */
  next(returns: tf.Tensor | Float32Array): ReturnNormaliserState {
    const values = returns instanceof Float32Array ? returns : returns.dataSync();
    const sorted = Float32Array.from(values).sort();
    const [low, high] = [quantile(sorted, this.opts.low), quantile(sorted, this.opts.high)];
    if (!Number.isFinite(low) || !Number.isFinite(high)) return this.getState();
    const d = this.opts.decay;
    return { low: d * this.lowEma + (1 - d) * low, high: d * this.highEma + (1 - d) * high };
  }

  /** The scale of the statistics `state`: max(minScale, P95 - P5). */
  scaleOf(state: ReturnNormaliserState): number {
    return Math.max(this.opts.minScale, state.high - state.low);
  }

  /** Subtract from returns (the low percentile; cancels in advantages). */
  get offset(): number {
    return this.lowEma;
  }

  /** Divide returns and advantages by this: max(minScale, P95 - P5). */
  get scale(): number {
    return this.scaleOf(this.getState());
  }

  getState(): ReturnNormaliserState {
    return { low: this.lowEma, high: this.highEma };
  }

  setState(state: ReturnNormaliserState): void {
    this.lowEma = state.low;
    this.highEma = state.high;
  }
}

/** The q-quantile of ascending `sorted` values with linear interpolation (NumPy's default method). */
export function quantile(sorted: Float32Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}
