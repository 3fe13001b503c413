import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../math/stop_gradient.js';
import type { TensorRng } from '../random.js';
import type { Distribution } from './distribution.js';

/** Lower bound of the uniform draws of the Gumbel trick, keeping ln(u) finite. */
const GUMBEL_TINY = 1e-7;

/** Options of `OneHotCategorical`. */
export interface OneHotCategoricalOptions {
  /** Mix this fraction of the uniform distribution into the probabilities (DreamerV3: 0.01; default 0). */
  unimix?: number;
  /**
   * Axes before the class axis that belong to the event (summed in logProb, entropy and KL). Default: all but
   * the first, so [B, C] has none and DreamerV3's grouped latents [B, G, C] sum over the G groups.
   */
  independentDims?: number;
}

/**
 * Categorical over the last axis, with one-hot samples. logits: [..., C]. `rsample` is straight-through:
 * the forward value is the one-hot sample, the gradient is that of the probabilities.
 */
export class OneHotCategorical implements Distribution {
  /** Log-probabilities after uniform mixing: [..., C]. */
  readonly logits: tf.Tensor;
  readonly probs: tf.Tensor;
  private readonly eventAxes: number[];

  constructor(logits: tf.Tensor, options: OneHotCategoricalOptions = {}) {
    const unimix = options.unimix ?? 0;
    const C = logits.shape[logits.rank - 1];
    let probs = tf.softmax(logits);
    if (unimix > 0) probs = tf.add(tf.mul(probs, 1 - unimix), unimix / C);
    this.probs = probs;
    this.logits = unimix > 0 ? tf.log(probs) : tf.logSoftmax(logits);
    const extra = options.independentDims ?? logits.rank - 2;
    this.eventAxes = Array.from({ length: extra + 1 }, (_, i) => logits.rank - 1 - extra + i);
  }

  get classes(): number {
    return this.logits.shape[this.logits.rank - 1];
  }

  /**
   * A one-hot draw, no gradient, by the Gumbel-max trick: argmax(log p + g), g = -ln(-ln u). (tf.multinomial
   * re-seeds per row in tfjs 4.22, so every row of a batch would draw the same class.)
   */
  sample(rng: TensorRng): tf.Tensor {
    const C = this.classes;
    const flat = tf.reshape(stopGradient(this.logits), [-1, C]);
    const u = rng.uniform(flat.shape, GUMBEL_TINY, 1);
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
    const idx = tf.argMax(tf.add(flat, gumbel), 1) as tf.Tensor1D;
    return tf.reshape(oneHotFloat(idx, C), this.logits.shape);
  }

  /** Straight-through: sample + probs - stopGradient(probs). */
  rsample(rng: TensorRng): tf.Tensor {
    return this.straightThrough(this.sample(rng));
  }

  /** Σ x · log p over the event axes (x one-hot or soft). */
  logProb(x: tf.Tensor): tf.Tensor {
    return tf.sum(tf.mul(x, this.logits), this.eventAxes);
  }

  entropy(): tf.Tensor {
    return tf.neg(tf.sum(tf.mul(this.probs, this.logits), this.eventAxes));
  }

  /** The one-hot argmax, with the straight-through gradient of the probabilities (as DreamerV3). */
  mode(): tf.Tensor {
    const C = this.classes;
    const idx = tf.reshape(tf.argMax(tf.reshape(this.logits, [-1, C]), 1), [-1]) as tf.Tensor1D;
    return this.straightThrough(tf.reshape(oneHotFloat(idx, C), this.logits.shape));
  }

  /** KL(this ‖ other) = Σ p (log p - log q), summed over classes and groups. */
  kl(other: OneHotCategorical): tf.Tensor {
    return tf.sum(tf.mul(this.probs, tf.sub(this.logits, other.logits)), this.eventAxes);
  }

  private straightThrough(hard: tf.Tensor): tf.Tensor {
    return tf.add(hard, tf.sub(this.probs, stopGradient(this.probs)));
  }
}

/** One-hot rows as float32. (tfjs 4.22's wasm OneHot writes int32 bits into a float32 output: cast instead.) */
function oneHotFloat(idx: tf.Tensor1D, classes: number): tf.Tensor {
  return tf.cast(tf.oneHot(idx, classes), 'float32');
}
