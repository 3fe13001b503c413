import * as tf from '@tensorflow/tfjs';

/**
 * Full-covariance Gaussian latents, parameterised by a Cholesky factor L (Sigma = L L^T). stats = [mu (D), raw L
 * (D x D, row-major)]: the strictly lower part of raw L is used as is, its diagonal goes through softplus + min_std,
 * so Sigma is positive definite by construction. No Python Dreamer has this latent.
 */

export function fullCovStatSize(d: number): number {
  return d + d * d;
}

/** mu [N, D] and L [N, D, D] from stats [N, D + D*D]. */
export function fullCovParams(stats: tf.Tensor2D, d: number, minStd: number): { mu: tf.Tensor2D; chol: tf.Tensor3D } {
  const mu = tf.slice(stats, [0, 0], [-1, d]) as tf.Tensor2D;
  const raw = tf.reshape(tf.slice(stats, [0, d], [-1, d * d]), [-1, d, d]) as tf.Tensor3D;
  const eye = tf.eye(d);
  const strictLower = tf.sub(tf.linalg.bandPart(tf.ones([d, d]), -1, 0), eye);
  const diag = tf.add(tf.softplus(tf.sum(tf.mul(raw, eye), 2)), minStd); // [N, D]
  const chol = tf.add(tf.mul(raw, strictLower), tf.mul(tf.expandDims(diag, 2), eye)) as tf.Tensor3D;
  return { mu, chol };
}

/** z = mu + L eps, eps ~ N(0, I): [N, D]. */
export function fullCovSample(stats: tf.Tensor2D, d: number, minStd: number, seed: number): tf.Tensor2D {
  const { mu, chol } = fullCovParams(stats, d, minStd);
  const eps = tf.randomNormal([mu.shape[0], 1, d], 0, 1, 'float32', seed);
  return tf.add(mu, tf.sum(tf.mul(chol, eps), 2)) as tf.Tensor2D;
}

/** Solves L X = B for lower-triangular L [N, D, D], B [N, D, K] by forward substitution: X [N, D, K]. */
export function solveLower(chol: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const d = chol.shape[1];
  const rows: tf.Tensor2D[] = [];
  for (let i = 0; i < d; i++) {
    const lRow = tf.slice(chol, [0, i, 0], [-1, 1, d]); // [N, 1, D]
    let rhs = tf.squeeze(tf.slice(b, [0, i, 0], [-1, 1, -1]), [1]) as tf.Tensor2D; // [N, K]
    if (i > 0) {
      const prev = tf.stack(rows, 1); // [N, i, K]
      const coeff = tf.reshape(tf.slice(lRow, [0, 0, 0], [-1, 1, i]), [-1, i, 1]);
      rhs = tf.sub(rhs, tf.sum(tf.mul(coeff, prev), 1)) as tf.Tensor2D;
    }
    const lii = tf.reshape(tf.slice(lRow, [0, 0, i], [-1, 1, 1]), [-1, 1]);
    rows.push(tf.div(rhs, lii) as tf.Tensor2D);
  }
  return tf.stack(rows, 1) as tf.Tensor3D;
}

/** KL(q || p) per row, closed form: 0.5 (tr(Sp^-1 Sq) + |Lp^-1 (mp - mq)|^2 - D + log det Sp - log det Sq). */
export function fullCovKl(post: tf.Tensor2D, prior: tf.Tensor2D, d: number, minStd: number): tf.Tensor1D {
  const q = fullCovParams(post, d, minStd);
  const p = fullCovParams(prior, d, minStd);
  const diff = tf.expandDims(tf.sub(p.mu, q.mu), 2); // [N, D, 1]
  const solved = solveLower(p.chol, tf.concat([q.chol, diff], 2) as tf.Tensor3D); // [N, D, D + 1]
  const traceAndMahalanobis = tf.sum(tf.square(solved), [1, 2]);
  const eye = tf.eye(d);
  const logDiag = (chol: tf.Tensor3D) => tf.sum(tf.log(tf.sum(tf.mul(chol, eye), 2)), 1);
  const logDetRatio = tf.mul(2, tf.sub(logDiag(p.chol), logDiag(q.chol)));
  return tf.mul(0.5, tf.add(tf.sub(traceAndMahalanobis, d), logDetRatio)) as tf.Tensor1D;
}
