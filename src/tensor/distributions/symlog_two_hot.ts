import * as tf from '@tensorflow/tfjs';
import { symexp, symlog } from '../math/symlog.js';
import { binCentres, DREAMER_V3_BINS, twoHotEncode, type TwoHotBins } from '../math/two_hot.js';
import type { Distribution } from './distribution.js';

/**
 * DreamerV3's reward and value head: a categorical over bins equally spaced in symlog space. logits: [N, bins].
 * logProb(target) is the cross-entropy against the two-hot encoding of symlog(target); the prediction is
 * symexp(Σ p · bins). Targets are scalars per row: [N] (or [N, 1]).
 */
export class SymlogTwoHot implements Distribution {
  readonly logits: tf.Tensor2D;
  readonly bins: TwoHotBins;
  private readonly logProbs: tf.Tensor2D;

  /** `bins`: default 255 over [-20, 20] (DreamerV3). */
  constructor(logits: tf.Tensor2D, bins: TwoHotBins = DREAMER_V3_BINS) {
    this.logits = logits;
    this.bins = bins;
    this.logProbs = tf.logSoftmax(logits);
  }

  /** Σ twoHot(symlog(target)) · log softmax(logits): [N]. */
  logProb(target: tf.Tensor): tf.Tensor1D {
    const hot = twoHotEncode(symlog(tf.reshape(target, [-1])), this.bins);
    return tf.sum(tf.mul(hot, this.logProbs), 1) as tf.Tensor1D;
  }

  /** symexp(Σ p · bins): [N]. */
  mean(): tf.Tensor1D {
    const expected = tf.sum(tf.mul(tf.exp(this.logProbs), binCentres(this.bins)), 1);
    return symexp(expected) as tf.Tensor1D;
  }

  /** The prediction: as DreamerV3, the mean. */
  mode(): tf.Tensor1D {
    return this.mean();
  }

  /** Deterministic head: the sample is the mean. */
  sample(): tf.Tensor1D {
    return this.mean();
  }

  rsample(): tf.Tensor1D {
    return this.mean();
  }

  /** Entropy of the categorical over bins: [N]. */
  entropy(): tf.Tensor1D {
    return tf.neg(tf.sum(tf.mul(tf.exp(this.logProbs), this.logProbs), 1)) as tf.Tensor1D;
  }
}
