import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../math/stop_gradient.js';
import type { TensorRng } from '../random.js';
import { DiagGaussian } from './diag_gaussian.js';
import type { Distribution } from './distribution.js';

/** DreamerV1's actor: mean = 5 · tanh(m / 5) keeps the pre-squash mean in a range where tanh still has slope. */
const MEAN_SCALE = 5;
/** softplus(0.5413) ≈ 1: the initial std is about 1. */
const INIT_STD_SHIFT = 0.5413;
/** Floor on the std. */
const MIN_STD = 1e-4;
/** The head's constants, for kernels that compute `fromParams` themselves (kernels/fused/rssm-imagine.ts). */
export const TANH_GAUSSIAN_V1_HEAD = { meanScale: MEAN_SCALE, stdShift: INIT_STD_SHIFT, minStd: MIN_STD } as const;
/** Keeps log(1 - tanh²) finite where the squashed value reaches ±1 in float32. */
const LOG_DET_EPS = 1e-6;
/** Largest |y| whose atanh is taken in logProb (values at ±1 are nudged inside). */
const ATANH_CLIP = 1 - 1e-6;

/**
 * A diagonal Gaussian squashed by tanh into (-1, 1)^D, for bounded continuous actions. mean, std: [B, D] are
 * the pre-squash parameters; logProb includes the change-of-variables term -Σ ln(1 - y²).
 */
export class TanhGaussian implements Distribution {
  readonly base: DiagGaussian;

  constructor(mean: tf.Tensor, std: tf.Tensor) {
    this.base = new DiagGaussian(mean, std);
  }

  /** DreamerV1's actor head: raw m, s: [B, D] -> mean 5·tanh(m/5), std softplus(s + 0.5413) + 1e-4. */
  static fromParams(m: tf.Tensor, s: tf.Tensor): TanhGaussian {
    const mean = tf.mul(tf.tanh(tf.div(m, MEAN_SCALE)), MEAN_SCALE);
    const std = tf.add(tf.softplus(tf.add(s, INIT_STD_SHIFT)), MIN_STD);
    return new TanhGaussian(mean, std);
  }

  sample(rng: TensorRng): tf.Tensor {
    return stopGradient(this.rsample(rng));
  }

  /** tanh(μ + σ ε). */
  rsample(rng: TensorRng): tf.Tensor {
    return tf.tanh(this.base.rsample(rng));
  }

  /** log N(atanh y; μ, σ) - Σ ln(1 - y² + ε). */
  logProb(y: tf.Tensor): tf.Tensor {
    const clipped = tf.clipByValue(y, -ATANH_CLIP, ATANH_CLIP);
    const pre = tf.atanh(clipped);
    return tf.sub(this.base.logProb(pre), this.logDet(clipped));
  }

  /**
   * No closed form exists. Without `rng`: the base entropy plus the log-det at the mean (a deterministic estimate).
   * With `rng`: the single-sample Monte-Carlo estimate -log p(y), y = rsample (differentiable, as DreamerV1).
   */
  entropy(rng?: TensorRng): tf.Tensor {
    if (rng) return tf.neg(this.logProb(this.rsample(rng)));
    return tf.add(this.base.entropy(), this.logDet(tf.tanh(this.base.mean)));
  }

  /** tanh(μ): the squashed mean (the mode of the base Gaussian, squashed). */
  mode(): tf.Tensor {
    return tf.tanh(this.base.mean);
  }

  /** Σ ln(1 - y² + ε): the log |dy/dx| of the squash, summed over actions. */
  private logDet(y: tf.Tensor): tf.Tensor {
    return tf.sum(tf.log(tf.add(tf.sub(1, tf.square(y)), LOG_DET_EPS)), -1);
  }
}
