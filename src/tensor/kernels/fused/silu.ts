/**
 * SiLU, x·σ(x) (DreamerV3's activation), as one kernel forward and one backward (instead of Sigmoid + Multiply
 * forward and ~5 kernels backward), on cpu and wasm; the composite ops elsewhere and, with the JS loops, above
 * their element limit (math.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsActive, registerFused } from './active.js';
import { arrayKernelConfigs, type ArrayKernelSpec } from './array-kernel.js';
import { fusedExpLoopMaxElements, fusedMath } from './math.js';

export const SILU_KERNEL = 'DreamerSilu';
export const SILU_GRAD_KERNEL = 'DreamerSiluGrad';

const siluSpec: ArrayKernelSpec = {
  kernelName: SILU_KERNEL,
  inputNames: ['x'],
  outputShapes: (s) => [s[0]],
  compute: ([x], [out]) => fusedMath().siluForward(x, out),
};

const siluGradSpec: ArrayKernelSpec = {
  kernelName: SILU_GRAD_KERNEL,
  inputNames: ['x', 'dy'],
  outputShapes: (s) => [s[0]],
  compute: ([x, dy], [dx]) => fusedMath().siluBackward(x, dy, dx),
};

const siluGradient: tf.GradConfig = {
  kernelName: SILU_KERNEL,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => tf.engine().runKernel(SILU_GRAD_KERNEL, { x, dy: dy as tf.Tensor }) as tf.Tensor };
  },
};

registerFused([siluSpec, siluGradSpec].flatMap(arrayKernelConfigs), [siluGradient]);

/** x·σ(x), composite ops. */
export function siluComposite(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(x));
}

/** x·σ(x): one fused kernel where it pays, the composite ops otherwise (same values). */
export function silu(x: tf.Tensor): tf.Tensor {
  if (!fusedKernelsActive() || x.dtype !== 'float32' || x.size > fusedExpLoopMaxElements()) return siluComposite(x);
  return tf.engine().runKernel(SILU_KERNEL, { x });
}
