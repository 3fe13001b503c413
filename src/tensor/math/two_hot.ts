import * as tf from '@tensorflow/tfjs';

/** Equally spaced bin centres from `low` to `high` inclusive (DreamerV3: 255 bins over [-20, 20] in symlog space). */
export interface TwoHotBins {
  low: number;
  high: number;
  count: number;
}

/** DreamerV3's reward and value bins: 255 over [-20, 20] (symlog space). */
export const DREAMER_V3_BINS: TwoHotBins = { low: -20, high: 20, count: 255 };

/** The bin centres as a [count] tensor. */
export function binCentres(bins: TwoHotBins): tf.Tensor1D {
  return tf.linspace(bins.low, bins.high, bins.count);
}

/**
 * Two-hot encoding: each value x: [N] becomes [N, count] with weight on the two neighbouring bins, proportional to
 * closeness, so that sum(weights · centres) = x; values outside [low, high] put all weight on the edge bin.
 */
export function twoHotEncode(x: tf.Tensor, bins: TwoHotBins): tf.Tensor2D {
  return tf.tidy(() => {
    const step = (bins.high - bins.low) / (bins.count - 1);
    const pos = tf.div(tf.sub(tf.reshape(x, [-1]), bins.low), step); // fractional bin index, [N]
    const below = tf.clipByValue(tf.floor(pos), 0, bins.count - 1);
    const above = tf.minimum(tf.add(below, 1), bins.count - 1);
    const wAbove = tf.clipByValue(tf.sub(pos, below), 0, 1);
    const wBelow = tf.sub(1, wAbove);
    const hot = (idx: tf.Tensor, w: tf.Tensor): tf.Tensor =>
      tf.mul(tf.oneHot(tf.cast(idx, 'int32') as tf.Tensor1D, bins.count), tf.expandDims(w, 1));
    return tf.add(hot(below, wBelow), hot(above, wAbove)) as tf.Tensor2D;
  });
}

/** Inverse of `twoHotEncode` (and the mean of a distribution over bins): probs [..., count] -> [...]. */
export function twoHotDecode(probs: tf.Tensor, bins: TwoHotBins): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.mul(probs, binCentres(bins)), -1));
}
