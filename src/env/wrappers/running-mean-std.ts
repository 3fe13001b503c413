/**
 * Gymnasium's `RunningMeanStd`: mean, variance and count of a stream of vectors, merged batch by batch with
 * the parallel algorithm (Chan et al.). It starts at mean 0, var 1, count = epsilon (1e-4), like Gymnasium.
 * With dtype 'float32' every operation rounds to float32, as NumPy does for Gymnasium's float32 statistics.
 */
import { CheckpointError } from '../../util/errors.js';

export interface RunningMeanStdState {
  mean: number[];
  var: number[];
  count: number;
}

export const RMS_INITIAL_COUNT = 1e-4;

export class RunningMeanStd {
  mean: Float64Array;
  var: Float64Array;
  count: number;
  private readonly round: (x: number) => number;

  constructor(
    readonly size: number,
    readonly dtype: 'float32' | 'float64' = 'float64',
    epsilon = RMS_INITIAL_COUNT,
  ) {
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
    this.round = dtype === 'float32' ? Math.fround : (x: number) => x;
  }

  /** Merges a batch of `batchCount` vectors (`batch` is [batchCount, size], row-major). */
  update(batch: ArrayLike<number>, batchCount = 1): void {
    const f = this.round;
    const total = this.count + batchCount;
    for (let j = 0; j < this.size; j++) {
      const [batchMean, batchVar] = columnMoments(batch, batchCount, this.size, j, f);
      const delta = f(batchMean - this.mean[j]);
      const newMean = f(this.mean[j] + f(f(delta * batchCount) / total));
      const m2 = f(f(f(this.var[j] * this.count) + f(batchVar * batchCount)) + f(f(f(f(delta * delta) * this.count) * batchCount) / total));
      this.mean[j] = newMean;
      this.var[j] = f(m2 / total);
    }
    this.count = total;
  }

  /**
   * float32 `(x - mean) / sqrt(var + epsilon)` per element of `batch` ([rows, size], row-major), rounded as NumPy
   * rounds Gymnasium's float32 NormalizeObservation.
   */
  normalize(batch: Float32Array, epsilon: number): Float32Array {
    const out = new Float32Array(batch.length);
    for (let k = 0; k < batch.length; k++) {
      const j = k % this.size;
      out[k] = Math.fround(batch[k] - this.mean[j]) / Math.fround(Math.sqrt(Math.fround(this.var[j] + epsilon)));
    }
    return out;
  }

  getState(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  setState(state: RunningMeanStdState): void {
    if (state.mean.length !== this.size || state.var.length !== this.size) {
      throw new CheckpointError(
        `Normalisation statistics hold ${state.mean.length} values but the observation has ${this.size}; ` +
          'load statistics saved from an env with the same observation shape.',
      );
    }
    this.mean = Float64Array.from(state.mean);
    this.var = Float64Array.from(state.var);
    this.count = state.count;
  }
}

/** NumPy's mean and (population) variance of column j. */
function columnMoments(batch: ArrayLike<number>, rows: number, cols: number, j: number, f: (x: number) => number): [number, number] {
  if (rows === 1) return [f(batch[j]), 0];
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += batch[r * cols + j];
  const mean = f(sum / rows);
  let sq = 0;
  for (let r = 0; r < rows; r++) sq += (batch[r * cols + j] - mean) ** 2;
  return [mean, f(sq / rows)];
}
