import * as tf from '@tensorflow/tfjs';
import { symexp, symlog } from '../../src/tensor/math/symlog.js';
import { twoHotEncode } from '../../src/tensor/math/two_hot.js';

/**
 * The symlog two-hot distribution of DreamerV3's reward and value heads: a categorical over
 * `bins` equally spaced points of symlog space; a target y puts weight on the two bins around symlog(y).
 */

/** DreamerV3's bin range in symlog space. */
export const TWOHOT_LOW = -20;
export const TWOHOT_HIGH = 20;

export class TwoHot {
  readonly step: number;
  private readonly binValues: Float32Array;
  constructor(readonly bins: number) {
    this.step = (TWOHOT_HIGH - TWOHOT_LOW) / (bins - 1);
    this.binValues = Float32Array.from({ length: bins }, (_, i) => TWOHOT_LOW + i * this.step);
  }

  /** Two-hot encoding of symlog(y): y [N] -> [N, bins]. */
  encode(y: tf.Tensor1D): tf.Tensor2D {
    const bins = { low: TWOHOT_LOW, high: TWOHOT_HIGH, count: this.bins };
    return twoHotEncode(tf.clipByValue(symlog(y), TWOHOT_LOW, TWOHOT_HIGH), bins);
  }

  /** Expected value in real space: symexp(sum softmax(logits) * bins). logits [N, bins] -> [N]. */
  mean(logits: tf.Tensor2D): tf.Tensor1D {
    const probs = tf.softmax(logits);
    return symexp(tf.sum(tf.mul(probs, tf.tensor1d(this.binValues)), 1)) as tf.Tensor1D;
  }

  /** Negative log-likelihood of y under the logits: cross-entropy with the two-hot target. [N] */
  nll(logits: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
    const target = this.encode(y);
    return tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
  }
}
