import * as tf from '@tensorflow/tfjs';
import { fusedSymlog } from '../kernels/fused/symlog.js';

/** symlog(x) = sign(x) · ln(1 + |x|): compresses large magnitudes, identity-like near 0 (DreamerV3). */
export function symlog(x: tf.Tensor): tf.Tensor {
  return fusedSymlog(x); // one kernel on cpu/wasm for small tensors, else sign(x)·log1p(|x|) as composite ops
}

/** symexp(x) = sign(x) · (e^|x| - 1), the inverse of symlog. */
export function symexp(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sign(x), tf.sub(tf.exp(tf.abs(x)), 1));
}
