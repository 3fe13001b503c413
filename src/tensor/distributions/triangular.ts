import * as tf from '@tensorflow/tfjs';

/**
 * Solves L · X = B for X by forward substitution, batched. L: [N, D, D] lower triangular with a non-zero diagonal,
 * B: [N, D, K] -> X: [N, D, K]. tfjs has no triangular solve; this costs a few kernels per row (D ≤ ~32 intended)
 * and is differentiable.
 */
export function solveLowerTriangular(L: tf.Tensor3D, B: tf.Tensor3D): tf.Tensor3D {
  const [N, D] = L.shape;
  const K = B.shape[2];
  const rows: tf.Tensor3D[] = []; // each [N, 1, K]
  for (let i = 0; i < D; i += 1) {
    let rhs = tf.slice(B, [0, i, 0], [N, 1, K]);
    if (i > 0) {
      const lRow = tf.slice(L, [0, i, 0], [N, 1, i]); // [N, 1, i]
      rhs = tf.sub(rhs, tf.matMul(lRow, tf.concat(rows, 1))); // [N, 1, K]
    }
    const diag = tf.slice(L, [0, i, i], [N, 1, 1]);
    rows.push(tf.div(rhs, diag));
  }
  return tf.concat(rows, 1);
}

/** The diagonal of each matrix: [N, D, D] -> [N, D]. */
export function batchDiag(L: tf.Tensor3D): tf.Tensor2D {
  const D = L.shape[1];
  return tf.sum(tf.mul(L, tf.eye(D)), 2) as tf.Tensor2D;
}
