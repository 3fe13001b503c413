import * as tf from '@tensorflow/tfjs';

/**
 * TD(λ) returns, computed backwards over the horizon:
 *   R_t = r_t + γ c_t ((1 - λ) v_{t+1} + λ R_{t+1}),   R_H = v_H.
 * reward: [B, H] (reward after step t), cont: [B, H] (continue flag / probability), value: [B, H+1]
 * (the last column bootstraps). Returns [B, H]. `timeAxis` 0 takes and returns time-major tensors ([H, B],
 * value [H+1, B]) with the same arithmetic.
 */
export function lambdaReturn(
  reward: tf.Tensor,
  cont: tf.Tensor,
  value: tf.Tensor,
  gamma: number,
  lambda: number,
  timeAxis: 0 | 1 = 1,
): tf.Tensor2D {
  return tf.tidy(() => {
    const H = reward.shape[timeAxis] as number;
    const r = tf.unstack(reward, timeAxis); // H × [B]
    const disc = tf.unstack(tf.mul(cont, gamma), timeAxis);
    const v = tf.unstack(value, timeAxis); // (H + 1) × [B]
    const out: tf.Tensor[] = new Array(H);
    let next = v[H];
    for (let t = H - 1; t >= 0; t -= 1) {
      const bootstrap = tf.add(tf.mul(v[t + 1], 1 - lambda), tf.mul(next, lambda));
      next = tf.add(r[t], tf.mul(disc[t], bootstrap));
      out[t] = next;
    }
    return tf.stack(out, timeAxis) as tf.Tensor2D;
  });
}
