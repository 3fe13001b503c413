import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../util/errors.js';
import { stopGradient } from '../math/stop_gradient.js';
import type { TensorRng } from '../random.js';
import { LOG_2PI, type Distribution } from './distribution.js';
import { batchDiag, solveLowerTriangular } from './triangular.js';

/** Options of `FullCovGaussian.fromParams`. */
export interface FullCovParamsOptions {
  /** Added to softplus(raw diagonal): the Cholesky diagonal is at least this, keeping Σ positive definite (default 0.1). */
  minStd?: number;
}

/** Number of entries of a D×D lower triangle, D(D+1)/2. */
export function trilSize(D: number): number {
  return (D * (D + 1)) / 2;
}

/**
 * Gaussian with full covariance Σ = L Lᵀ, parameterised by its Cholesky factor. mean: [B, D], scaleTril: [B, D, D]
 * lower triangular with a positive diagonal. Sampling is μ + L ε; log-density and KL use triangular solves.
 */
export class FullCovGaussian implements Distribution {
  readonly mean: tf.Tensor2D;
  readonly scaleTril: tf.Tensor3D;

  constructor(mean: tf.Tensor2D, scaleTril: tf.Tensor3D) {
    this.mean = mean;
    this.scaleTril = scaleTril;
  }

  /**
   * Builds L from unconstrained network outputs: `rawTril` is [B, D(D+1)/2] (row-major lower triangle) or [B, D, D]
   * (its upper triangle ignored). Below the diagonal L takes raw values; on it softplus(raw) + minStd > 0, so L is a
   * valid Cholesky factor whatever the network outputs.
   */
  static fromParams(mean: tf.Tensor2D, rawTril: tf.Tensor, options: FullCovParamsOptions = {}): FullCovGaussian {
    const [B, D] = mean.shape;
    const square = rawTril.rank === 3 ? (rawTril as tf.Tensor3D) : unflattenTril(rawTril as tf.Tensor2D, D);
    if (square.shape[0] !== B || square.shape[1] !== D || square.shape[2] !== D) {
      throw new ConfigError(
        `FullCovGaussian.fromParams: rawTril has shape [${rawTril.shape}]; for mean [${B}, ${D}] it must be ` +
          `[${B}, ${trilSize(D)}] or [${B}, ${D}, ${D}].`,
      );
    }
    const eye = tf.eye(D);
    const strictLower = tf.sub(tf.linalg.bandPart(tf.ones([D, D]), -1, 0), eye);
    const diag = tf.add(tf.softplus(square), options.minStd ?? 0.1);
    const L = tf.add(tf.mul(square, strictLower), tf.mul(diag, eye)) as tf.Tensor3D;
    return new FullCovGaussian(mean, L);
  }

  get dim(): number {
    return this.mean.shape[1];
  }

  sample(rng: TensorRng): tf.Tensor2D {
    return stopGradient(this.rsample(rng));
  }

  /** μ + L ε, ε ~ N(0, I). */
  rsample(rng: TensorRng): tf.Tensor2D {
    const [B, D] = this.mean.shape;
    const eps = rng.normal([B, D, 1]) as tf.Tensor3D;
    return tf.add(this.mean, tf.reshape(tf.matMul(this.scaleTril, eps), [B, D]));
  }

  /** -½‖L⁻¹(x-μ)‖² - Σ ln L_ii - (D/2) ln 2π. */
  logProb(x: tf.Tensor): tf.Tensor1D {
    const [B, D] = this.mean.shape;
    const diff = tf.reshape(tf.sub(x, this.mean), [B, D, 1]) as tf.Tensor3D;
    const z = solveLowerTriangular(this.scaleTril, diff);
    const maha = tf.sum(tf.square(z), [1, 2]);
    return tf.sub(tf.mul(maha, -0.5), tf.add(this.halfLogDet(), 0.5 * D * LOG_2PI)) as tf.Tensor1D;
  }

  /** (D/2)(1 + ln 2π) + Σ ln L_ii. */
  entropy(): tf.Tensor1D {
    return tf.add(this.halfLogDet(), 0.5 * this.dim * (1 + LOG_2PI)) as tf.Tensor1D;
  }

  mode(): tf.Tensor2D {
    return this.mean;
  }

  /** KL(this ‖ q) = ½[tr(Σq⁻¹Σp) + (μq-μp)ᵀΣq⁻¹(μq-μp) - D + ln|Σq| - ln|Σp|], with Σq⁻¹Σp via M = Lq⁻¹Lp. */
  kl(other: FullCovGaussian): tf.Tensor1D {
    const [B, D] = this.mean.shape;
    const M = solveLowerTriangular(other.scaleTril, this.scaleTril);
    const trace = tf.sum(tf.square(M), [1, 2]);
    const diff = tf.reshape(tf.sub(other.mean, this.mean), [B, D, 1]) as tf.Tensor3D;
    const maha = tf.sum(tf.square(solveLowerTriangular(other.scaleTril, diff)), [1, 2]);
    const quad = tf.mul(tf.sub(tf.add(trace, maha), D), 0.5);
    return tf.add(quad, tf.sub(other.halfLogDet(), this.halfLogDet())) as tf.Tensor1D;
  }

  /** Σ = L Lᵀ: [B, D, D]. */
  covariance(): tf.Tensor3D {
    return tf.matMul(this.scaleTril, this.scaleTril, false, true);
  }

  /** ½ ln|Σ| = Σ ln L_ii: [B]. */
  private halfLogDet(): tf.Tensor1D {
    return tf.sum(tf.log(batchDiag(this.scaleTril)), 1) as tf.Tensor1D;
  }
}

/** [B, D(D+1)/2] row-major lower triangle -> [B, D, D] with zeros above the diagonal. */
function unflattenTril(flat: tf.Tensor2D, D: number): tf.Tensor3D {
  const B = flat.shape[0];
  if (flat.shape[1] !== trilSize(D)) {
    throw new ConfigError(`FullCovGaussian.fromParams: rawTril has ${flat.shape[1]} columns; D=${D} needs ${trilSize(D)}.`);
  }
  const rows: tf.Tensor2D[] = [];
  for (let i = 0; i < D; i += 1) {
    const row = tf.slice(flat, [0, trilSize(i)], [B, i + 1]);
    rows.push(tf.pad(row, [[0, 0], [0, D - i - 1]]));
  }
  return tf.stack(rows, 1) as tf.Tensor3D;
}
