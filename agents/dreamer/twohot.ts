import * as tf from '@tensorflow/tfjs';
import { SymlogTwoHot } from '../../src/tensor/distributions/symlog_two_hot.js';
import { symlog } from '../../src/tensor/math/symlog.js';
import { DREAMER_V3_BINS, twoHotEncode, type TwoHotBins } from '../../src/tensor/math/two_hot.js';

/**
 * The symlog two-hot head shared by the reward head and the critic: `count` bins over DreamerV3's range
 * [-20, 20] in symlog space (the maths is the tensor library's SymlogTwoHot).
 */
export class TwoHot {
  readonly bins: TwoHotBins;
  constructor(count: number) {
    this.bins = { low: DREAMER_V3_BINS.low, high: DREAMER_V3_BINS.high, count };
  }

  /** Two-hot encoding of symlog(y): y [N] -> [N, count]. */
  encode(y: tf.Tensor1D): tf.Tensor2D {
    return twoHotEncode(symlog(y), this.bins);
  }

  /** Expected value in real space: symexp(sum softmax(logits) * bins). logits [N, count] -> [N]. */
  mean(logits: tf.Tensor2D): tf.Tensor1D {
    return new SymlogTwoHot(logits, this.bins).mean();
  }

  /** Negative log-likelihood of y [N] under the logits: cross-entropy with the two-hot target, [N]. */
  nll(logits: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
    return tf.neg(new SymlogTwoHot(logits, this.bins).logProb(y)) as tf.Tensor1D;
  }
}
