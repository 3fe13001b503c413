import * as tf from '@tensorflow/tfjs';
import { DiagGaussian, FullCovGaussian, OneHotCategorical, type TensorRng } from '../../src/tensor/index.js';
import type { RssmConfig } from './config.js';

/**
 * The stochastic part of the RSSM state. A latent kind turns raw network outputs ("stats", [N, statSize]) into a
 * distribution of the tensor library; the RSSM samples the flat latent [N, stochSize] from it with a gradient
 * path (`rsample`) and the world model takes KL(q || p) per row [N].
 */
export interface LatentKind {
  readonly statSize: number;
  readonly stochSize: number;
  dist(stats: tf.Tensor2D): LatentDist;
}

/** What the RSSM and the world model need of a latent distribution (samples flat: [N, stochSize]). */
export interface LatentDist {
  rsample(rng: TensorRng): tf.Tensor;
  mode(): tf.Tensor;
  kl(other: LatentDist): tf.Tensor;
}

export function makeLatent(cfg: RssmConfig): LatentKind {
  switch (cfg.latent) {
    case 'categorical':
      return new CategoricalLatent(cfg.groups, cfg.classes, cfg.unimix);
    case 'gaussian':
      return new GaussianLatent(cfg.size, cfg.min_std);
    case 'fullcov':
      return new FullCovLatent(cfg.size, cfg.min_std);
  }
}

/** A flat [N, stochSize] draw with a gradient path. */
export function sampleLatent(latent: LatentKind, stats: tf.Tensor2D, rng: TensorRng): tf.Tensor2D {
  return latent.dist(stats).rsample(rng) as tf.Tensor2D;
}

/** KL(post || prior) per row: [N]. */
export function latentKl(latent: LatentKind, post: tf.Tensor2D, prior: tf.Tensor2D): tf.Tensor1D {
  return latent.dist(post).kl(latent.dist(prior)) as tf.Tensor1D;
}

/** DreamerV3: `groups` one-hot variables of `classes` each side by side in [N, G·C], uniform mixing, straight-through. */
export class CategoricalLatent implements LatentKind {
  readonly statSize: number;
  readonly stochSize: number;
  constructor(
    readonly groups: number,
    readonly classes: number,
    readonly unimix: number,
  ) {
    this.statSize = groups * classes;
    this.stochSize = groups * classes;
  }
  dist(stats: tf.Tensor2D): OneHotCategorical {
    return new OneHotCategorical(stats, { classes: this.classes, unimix: this.unimix });
  }
}

/** DreamerV1: diagonal Gaussian, std = softplus(raw) + min_std. stats = [mean, raw std]. */
export class GaussianLatent implements LatentKind {
  readonly statSize: number;
  constructor(
    readonly stochSize: number,
    readonly minStd: number,
  ) {
    this.statSize = 2 * stochSize;
  }
  dist(stats: tf.Tensor2D): DiagGaussian {
    const [mean, raw] = tf.split(stats, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return new DiagGaussian(mean, tf.add(tf.softplus(raw), this.minStd));
  }
}

/**
 * A full-covariance Gaussian (none of the Python Dreamers has it): stats = [mu (D), raw L (D x D, row-major)];
 * L keeps the strictly lower part of raw L and softplus + min_std on its diagonal, so Sigma = L L^T is positive
 * definite by construction; z = mu + L eps.
 */
export class FullCovLatent implements LatentKind {
  readonly statSize: number;
  constructor(
    readonly stochSize: number,
    readonly minStd: number,
  ) {
    this.statSize = stochSize + stochSize * stochSize;
  }
  dist(stats: tf.Tensor2D): FullCovGaussian {
    const d = this.stochSize;
    const mu = tf.slice(stats, [0, 0], [-1, d]) as tf.Tensor2D;
    const raw = tf.reshape(tf.slice(stats, [0, d], [-1, d * d]), [-1, d, d]) as tf.Tensor3D;
    return FullCovGaussian.fromParams(mu, raw, { minStd: this.minStd });
  }
}
