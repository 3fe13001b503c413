import * as tf from '@tensorflow/tfjs';
import { silu } from '../kernels/fused/silu.js';

/** Nonlinearities between layers, by name. 'none' is the identity. */
export type Activation = 'elu' | 'silu' | 'relu' | 'tanh' | 'none';

/** Applies the named activation elementwise. */
export function activate(x: tf.Tensor, act: Activation): tf.Tensor {
  switch (act) {
    case 'elu':
      return tf.elu(x);
    case 'silu':
      return silu(x);
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'none':
      return x;
  }
}
