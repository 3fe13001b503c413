/**
 * SiLU, x·σ(x) (DreamerV3's activation), as one kernel forward and one backward (instead of Sigmoid + Multiply
 * forward and ~5 kernels backward), on cpu and wasm; the composite ops elsewhere and, with the JS loops, above
 * their element limit (math.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { SILU_GRAD_KERNEL, SILU_KERNEL } from '../names.js';
import { fusedKernelsActive } from './active.js';
import { fusedOp, runFusedOp } from './fused-op.js';
import { fusedExpLoopMaxElements, fusedMath } from './math.js';

export const SILU_OP = fusedOp({
  forward: {
    kernelName: SILU_KERNEL,
    inputNames: ['x'],
    outputShapes: (s) => [s[0]],
    compute: ([x], [out]) => fusedMath().siluForward(x, out),
  },
  backward: {
    spec: {
      kernelName: SILU_GRAD_KERNEL,
      inputNames: ['x', 'dy'],
      outputShapes: (s) => [s[0]],
      compute: ([x, dy], [dx]) => fusedMath().siluBackward(x, dy, dx),
    },
    gradients: ['x'],
  },
});

/** x·σ(x), composite ops. */
export function siluComposite(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(x));
}

/** x·σ(x): one fused kernel where it pays, the composite ops otherwise (same values). */
export function silu(x: tf.Tensor): tf.Tensor {
  if (!fusedKernelsActive() || x.dtype !== 'float32' || x.size > fusedExpLoopMaxElements()) return siluComposite(x);
  return runFusedOp(SILU_OP, { x }) as tf.Tensor;
}
