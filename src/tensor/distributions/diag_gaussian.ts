import * as tf from '@tensorflow/tfjs';
import type { TensorRng } from '../random.js';
import { stopGradient } from '../math/stop_gradient.js';
import { LOG_2PI, trailingAxes, type Distribution } from './distribution.js';

/** Options of `DiagGaussian`. */
export interface DiagGaussianOptions {
  /** Trailing axes treated as one event: logProb, entropy and KL sum over them (default 1, the last axis). */
  independentDims?: number;
}

/** Gaussian with diagonal covariance. mean, std: [..., D]; std > 0. */
export class DiagGaussian implements Distribution {
  readonly mean: tf.Tensor;
  readonly std: tf.Tensor;
  private readonly eventAxes: number[];

  constructor(mean: tf.Tensor, std: tf.Tensor, options: DiagGaussianOptions = {}) {
    this.mean = mean;
    this.std = std;
    this.eventAxes = trailingAxes(mean.rank, options.independentDims ?? 1);
  }

  sample(rng: TensorRng): tf.Tensor {
    return stopGradient(this.rsample(rng));
  }

  /** mean + std · ε, ε ~ N(0, I). */
  rsample(rng: TensorRng): tf.Tensor {
    return tf.add(this.mean, tf.mul(this.std, rng.normal(this.mean.shape)));
  }

  /** Σ [-½((x-μ)/σ)² - ln σ - ½ ln 2π]. */
  logProb(x: tf.Tensor): tf.Tensor {
    const z = tf.div(tf.sub(x, this.mean), this.std);
    const perDim = tf.sub(tf.mul(tf.square(z), -0.5), tf.add(tf.log(this.std), 0.5 * LOG_2PI));
    return this.reduce(perDim);
  }

  /** Σ [½ + ½ ln 2π + ln σ]. */
  entropy(): tf.Tensor {
    return this.reduce(tf.add(tf.log(this.std), 0.5 + 0.5 * LOG_2PI));
  }

  mode(): tf.Tensor {
    return this.mean;
  }

  /** KL(this ‖ other) = Σ [ln(σq/σp) + (σp² + (μp-μq)²) / (2σq²) - ½]. */
  kl(other: DiagGaussian): tf.Tensor {
    const logRatio = tf.sub(tf.log(other.std), tf.log(this.std));
    const num = tf.add(tf.square(this.std), tf.square(tf.sub(this.mean, other.mean)));
    const perDim = tf.sub(tf.add(logRatio, tf.div(num, tf.mul(tf.square(other.std), 2))), 0.5);
    return this.reduce(perDim);
  }

  private reduce(perDim: tf.Tensor): tf.Tensor {
    return this.eventAxes.length === 0 ? perDim : tf.sum(perDim, this.eventAxes);
  }
}
