import * as tf from '@tensorflow/tfjs';
import { straightThrough } from './nets.js';
import { categoricalSample, fusedCategoricalSampleActive } from '../../src/tensor/kernels/fused/categorical.js';
import { FullCovGaussian, type TensorRng } from '../../src/tensor/index.js';

/**
 * The stochastic part of the RSSM state. A latent kind turns raw network outputs ("stats", [N, statSize]) into a
 * distribution: it samples the flat latent [N, stochSize] with a gradient path and computes KL(q || p) per row [N].
 */
export interface LatentKind {
  readonly statSize: number;
  readonly stochSize: number;
  sample(stats: tf.Tensor2D, rng: TensorRng): tf.Tensor2D;
  mode(stats: tf.Tensor2D): tf.Tensor2D;
  /** KL(post || prior) per row: [N]. */
  kl(post: tf.Tensor2D, prior: tf.Tensor2D): tf.Tensor1D;
}

export type LatentConfig =
  | { kind: 'categorical'; groups: number; classes: number; unimix: number }
  | { kind: 'gaussian'; size: number; min_std: number }
  | { kind: 'fullcov'; size: number; min_std: number };

export function makeLatent(cfg: LatentConfig): LatentKind {
  switch (cfg.kind) {
    case 'categorical':
      return new CategoricalLatent(cfg.groups, cfg.classes, cfg.unimix);
    case 'gaussian':
      return new GaussianLatent(cfg.size, cfg.min_std);
    case 'fullcov':
      return new FullCovLatent(cfg.size, cfg.min_std);
  }
}

/** Uniform noise for Gumbel-max is drawn from (GUMBEL_LOW, 1 − GUMBEL_LOW): -log(-log u) stays finite. */
const GUMBEL_LOW = 1e-6;

/** DreamerV3: `groups` one-hot variables of `classes` each, 1 % uniform mixing, straight-through samples. */
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
  /** Mixed probabilities [N, G, C]. */
  probs(stats: tf.Tensor2D): tf.Tensor3D {
    const logits = tf.reshape(stats, [-1, this.groups, this.classes]);
    const p = tf.softmax(logits);
    return tf.add(tf.mul(p, 1 - this.unimix), this.unimix / this.classes) as tf.Tensor3D;
  }
  sample(stats: tf.Tensor2D, rng: TensorRng): tf.Tensor2D {
    const u = tf.randomUniform(stats.shape, GUMBEL_LOW, 1 - GUMBEL_LOW, 'float32', rng.nextSeed()) as tf.Tensor2D;
    if (fusedCategoricalSampleActive(stats.size)) return categoricalSample(stats, u, this.classes, this.unimix);
    return this.sampleComposite(stats, u);
  }
  /** The same draw as composite ops (backends without the fused kernel, and large batches with the JS loops). */
  sampleComposite(stats: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
    const probs = this.probs(stats);
    // Gumbel-max on log-probs draws one class per group.
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(tf.reshape(u, probs.shape)))));
    const idx = tf.argMax(tf.add(tf.log(probs), gumbel), -1);
    const onehot = tf.oneHot(idx, this.classes).toFloat();
    return tf.reshape(straightThrough(onehot, probs), [-1, this.stochSize]) as tf.Tensor2D;
  }
  mode(stats: tf.Tensor2D): tf.Tensor2D {
    const idx = tf.argMax(tf.reshape(stats, [-1, this.groups, this.classes]), -1);
    return tf.reshape(tf.oneHot(idx, this.classes).toFloat(), [-1, this.stochSize]) as tf.Tensor2D;
  }
  kl(post: tf.Tensor2D, prior: tf.Tensor2D): tf.Tensor1D {
    const q = this.probs(post);
    const p = this.probs(prior);
    return tf.sum(tf.mul(q, tf.sub(tf.log(q), tf.log(p))), [1, 2]) as tf.Tensor1D;
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
  meanStd(stats: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    const [mean, raw] = tf.split(stats, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return [mean, tf.add(tf.softplus(raw), this.minStd) as tf.Tensor2D];
  }
  sample(stats: tf.Tensor2D, rng: TensorRng): tf.Tensor2D {
    const [mean, std] = this.meanStd(stats);
    const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', rng.nextSeed());
    return tf.add(mean, tf.mul(std, eps)) as tf.Tensor2D;
  }
  mode(stats: tf.Tensor2D): tf.Tensor2D {
    return this.meanStd(stats)[0];
  }
  kl(post: tf.Tensor2D, prior: tf.Tensor2D): tf.Tensor1D {
    const [mq, sq] = this.meanStd(post);
    const [mp, sp] = this.meanStd(prior);
    const varRatio = tf.square(tf.div(sq, sp));
    const meanTerm = tf.square(tf.div(tf.sub(mq, mp), sp));
    // KL = 0.5 * (var ratio + mean term - 1 - log var ratio), summed over dimensions.
    return tf.mul(0.5, tf.sum(tf.sub(tf.add(varRatio, meanTerm), tf.add(1, tf.log(varRatio))), 1)) as tf.Tensor1D;
  }
}

/**
 * A full-covariance Gaussian (none of the Python Dreamers has it): stats = [mu (D), raw L (D x D, row-major)];
 * L keeps the strictly lower part of raw L and softplus + min_std on its diagonal, so Sigma = L L^T is positive
 * definite by construction; z = mu + L eps. The maths is the tensor library's FullCovGaussian.
 */
export class FullCovLatent implements LatentKind {
  readonly statSize: number;
  constructor(
    readonly stochSize: number,
    readonly minStd: number,
  ) {
    this.statSize = stochSize + stochSize * stochSize;
  }
  /** The distribution of stats [N, D + D*D]. */
  dist(stats: tf.Tensor2D): FullCovGaussian {
    const d = this.stochSize;
    const mu = tf.slice(stats, [0, 0], [-1, d]) as tf.Tensor2D;
    const raw = tf.reshape(tf.slice(stats, [0, d], [-1, d * d]), [-1, d, d]) as tf.Tensor3D;
    return FullCovGaussian.fromParams(mu, raw, { minStd: this.minStd });
  }
  sample(stats: tf.Tensor2D, rng: TensorRng): tf.Tensor2D {
    return this.dist(stats).rsample(rng);
  }
  mode(stats: tf.Tensor2D): tf.Tensor2D {
    return tf.slice(stats, [0, 0], [-1, this.stochSize]) as tf.Tensor2D;
  }
  kl(post: tf.Tensor2D, prior: tf.Tensor2D): tf.Tensor1D {
    return this.dist(post).kl(this.dist(prior));
  }
}
