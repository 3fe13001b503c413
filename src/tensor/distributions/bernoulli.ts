import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../math/stop_gradient.js';
import type { TensorRng } from '../random.js';
import { trailingAxes, type Distribution } from './distribution.js';

/** Options of `Bernoulli`. */
export interface BernoulliOptions {
  /** Trailing axes summed in logProb, entropy and KL (default 1: a continue head's [B, 1] gives [B]). */
  independentDims?: number;
}

/** Independent Bernoulli variables over {0, 1}, parameterised by logits: [..., D]. */
export class Bernoulli implements Distribution {
  readonly logits: tf.Tensor;
  private probsCache: tf.Tensor | undefined;
  private readonly eventAxes: number[];

  constructor(logits: tf.Tensor, options: BernoulliOptions = {}) {
    this.logits = logits;
    this.eventAxes = trailingAxes(logits.rank, options.independentDims ?? 1);
  }

  /** sigmoid(logits), computed on first use (a loss that only needs logProb records no sigmoid). */
  get probs(): tf.Tensor {
    this.probsCache ??= tf.sigmoid(this.logits);
    return this.probsCache;
  }

  /** 1 where a uniform draw falls below p, else 0; no gradient. */
  sample(rng: TensorRng): tf.Tensor {
    return tf.cast(tf.less(rng.uniform(this.logits.shape), stopGradient(this.probs)), 'float32');
  }

  /** Straight-through: sample + p - stopGradient(p). */
  rsample(rng: TensorRng): tf.Tensor {
    return tf.add(this.sample(rng), tf.sub(this.probs, stopGradient(this.probs)));
  }

  /** Σ [x · l - softplus(l)] = Σ [x ln p + (1-x) ln(1-p)], stable for large |l|. */
  logProb(x: tf.Tensor): tf.Tensor {
    return this.reduce(tf.sub(tf.mul(x, this.logits), tf.softplus(this.logits)));
  }

  /** Σ [softplus(l) - p · l]. */
  entropy(): tf.Tensor {
    return this.reduce(tf.sub(tf.softplus(this.logits), tf.mul(this.probs, this.logits)));
  }

  /** 1 where p > ½. */
  mode(): tf.Tensor {
    return tf.cast(tf.greater(this.logits, 0), 'float32');
  }

  /** KL(this ‖ q) = Σ [p (lp - lq) + softplus(lq) - softplus(lp)]. */
  kl(other: Bernoulli): tf.Tensor {
    const perDim = tf.add(
      tf.mul(this.probs, tf.sub(this.logits, other.logits)),
      tf.sub(tf.softplus(other.logits), tf.softplus(this.logits)),
    );
    return this.reduce(perDim);
  }

  private reduce(perDim: tf.Tensor): tf.Tensor {
    return this.eventAxes.length === 0 ? perDim : tf.sum(perDim, this.eventAxes);
  }
}
