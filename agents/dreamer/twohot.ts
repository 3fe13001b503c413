import type * as tf from '@tensorflow/tfjs';
import { SymlogTwoHot } from '../../src/tensor/distributions/symlog_two_hot.js';
import { DREAMER_V3_BINS, type TwoHotBins } from '../../src/tensor/math/two_hot.js';

/**
 * The symlog two-hot head shared by the reward head and the critic: `count` bins over DreamerV3's range
 * [-20, 20] in symlog space; `dist(logits)` is the tensor library's SymlogTwoHot over them.
 */
export class TwoHot {
  readonly bins: TwoHotBins;
  constructor(count: number) {
    this.bins = { low: DREAMER_V3_BINS.low, high: DREAMER_V3_BINS.high, count };
  }

  /** logits [N, count] -> the distribution (logProb(y [N]) and mean() [N] in real scale). */
  dist(logits: tf.Tensor2D): SymlogTwoHot {
    return new SymlogTwoHot(logits, this.bins);
  }
}
