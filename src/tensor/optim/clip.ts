import * as tf from '@tensorflow/tfjs';

/** Keeps the clip scale finite when the gradient is zero (PyTorch's clip_grad_norm_ adds the same). */
const NORM_EPS = 1e-6;
/** AGC never lets a tensor's allowed grad norm fall below this fraction, so zero-initialised weights can move. */
const AGC_MIN_PARAM_NORM = 1e-3;

/**
 * Scales `flat` (all gradients concatenated, [P]) by min(1, clip / (‖flat‖ + 1e-6)); `norm` is the norm before
 * clipping. Without `clip` the gradient is returned unchanged.
 */
export function clipByGlobalNorm(flat: tf.Tensor, clip: number | undefined): { clipped: tf.Tensor; norm: tf.Scalar } {
  const norm = tf.sqrt(tf.sum(tf.square(flat))) as tf.Scalar;
  if (clip === undefined || !Number.isFinite(clip)) return { clipped: flat, norm };
  const scale = tf.minimum(tf.div(clip, tf.add(norm, NORM_EPS)), 1);
  return { clipped: tf.mul(flat, scale), norm };
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
