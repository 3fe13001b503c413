import * as tf from '@tensorflow/tfjs';

/** Keeps the clip scale finite when the gradient is zero (PyTorch's clip_grad_norm_ adds the same). */
const NORM_EPS = 1e-6;
/** AGC never lets a tensor's allowed grad norm fall below this fraction, so zero-initialised weights can move. */
const AGC_MIN_PARAM_NORM = 1e-3;

/**
 * Scales the gradients jointly by min(1, clip / (‖g‖ + 1e-6)), ‖g‖ the L2 norm of all of them together; `norm` is
 * that norm before clipping. Without `clip` the gradients are returned unchanged.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], clip: number | undefined): { clipped: tf.Tensor[]; norm: tf.Scalar } {
  const squares = grads.map((g) => tf.sum(tf.square(g)));
  const norm = tf.sqrt(squares.length === 1 ? squares[0] : tf.addN(squares)) as tf.Scalar;
  if (clip === undefined || !Number.isFinite(clip)) return { clipped: grads, norm };
  const scale = tf.minimum(tf.div(clip, tf.add(norm, NORM_EPS)), 1);
  return { clipped: grads.map((g) => tf.mul(g, scale)), norm };
}

/**
 * Adaptive gradient clipping (Brock et al. 2021, per tensor as in DreamerV3): each gradient is scaled so that its
 * norm is at most `ratio · max(‖param‖, 1e-3)`.
 */
export function adaptiveClip(grads: tf.Tensor[], params: tf.Tensor[], ratio: number): tf.Tensor[] {
  return grads.map((g, i) => {
    const gNorm = tf.norm(g);
    const allowed = tf.mul(tf.maximum(tf.norm(params[i]), AGC_MIN_PARAM_NORM), ratio);
    const scale = tf.minimum(tf.div(allowed, tf.maximum(gNorm, NORM_EPS)), 1);
    return tf.mul(g, scale);
  });
}
