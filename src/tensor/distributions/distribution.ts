import type * as tf from '@tensorflow/tfjs';
import type { TensorRng } from '../random.js';

/**
 * The common surface of every distribution. Batch axes lead; `logProb` and `entropy` reduce the event axes and
 * return one value per batch element.
 */
export interface Distribution {
  /** A draw with no gradient to the parameters. */
  sample(rng: TensorRng): tf.Tensor;
  /** A reparameterised (or straight-through) draw: gradients flow to the parameters. */
  rsample(rng: TensorRng): tf.Tensor;
  /** Log-density (or log-mass) of `x`, reduced over the event axes. */
  logProb(x: tf.Tensor): tf.Tensor;
  /** Entropy, reduced over the event axes. */
  entropy(): tf.Tensor;
  /** The most likely value (or the mean where that is what the model predicts). */
  mode(): tf.Tensor;
}

/** ln(2π), the normalising constant of a Gaussian. */
export const LOG_2PI = Math.log(2 * Math.PI);

/** The trailing `count` axes of a rank-`rank` tensor (the event axes summed by `logProb`). */
export function trailingAxes(rank: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => rank - count + i);
}
