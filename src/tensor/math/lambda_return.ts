import * as tf from '@tensorflow/tfjs';

/**
 * TD(λ) returns, computed backwards over the horizon:
 *   R_t = r_t + γ c_t ((1 - λ) v_{t+1} + λ R_{t+1}),   R_H = v_H.
 * reward: [B, H] (reward after step t), cont: [B, H] (continue flag / probability), value: [B, H+1]
 * (the last column bootstraps). Returns [B, H].
 */
export function lambdaReturn(
  reward: tf.Tensor,
  cont: tf.Tensor,
  value: tf.Tensor,
  gamma: number,
  lambda: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const H = reward.shape[1] as number;
    const r = tf.unstack(reward, 1); // H × [B]
    const disc = tf.unstack(tf.mul(cont, gamma), 1);
    const v = tf.unstack(value, 1); // (H + 1) × [B]
    const out: tf.Tensor[] = new Array(H);
    let next = v[H];
    for (let t = H - 1; t >= 0; t -= 1) {
      const bootstrap = tf.add(tf.mul(v[t + 1], 1 - lambda), tf.mul(next, lambda));
      next = tf.add(r[t], tf.mul(disc[t], bootstrap));
      out[t] = next;
    }
    return tf.stack(out, 1) as tf.Tensor2D;
  });
}
