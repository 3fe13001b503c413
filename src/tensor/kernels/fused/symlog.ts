/**
 * symlog(x) = sign(x)·log(1 + |x|) as one kernel forward and one backward (instead of Sign, Abs, Log1p, Multiply
 * and their gradients), on cpu and wasm, up to the JS loops' element limit; the composite ops elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { SYMLOG_GRAD_KERNEL, SYMLOG_KERNEL } from '../names.js';
import { fusedKernelsActive } from './active.js';
import { fusedOp, runFusedOp } from './fused-op.js';
import { JS_EXP_LOOP_MAX_ELEMENTS } from './math.js';

export const SYMLOG_OP = fusedOp({
  forward: {
    kernelName: SYMLOG_KERNEL,
    inputNames: ['x'],
    outputShapes: (s) => [s[0]],
    compute: ([x], [out]) => {
      for (let i = 0; i < x.length; i += 1) out[i] = Math.sign(x[i]) * Math.log1p(Math.abs(x[i]));
    },
  },
  backward: {
    // d symlog / dx = 1 / (1 + |x|)
    spec: {
      kernelName: SYMLOG_GRAD_KERNEL,
      inputNames: ['x', 'dy'],
      outputShapes: (s) => [s[0]],
      compute: ([x, dy], [dx]) => {
        for (let i = 0; i < x.length; i += 1) dx[i] = dy[i] / (1 + Math.abs(x[i]));
      },
    },
    gradients: ['x'],
  },
});

/** symlog as composite ops. */
export function symlogComposite(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sign(x), tf.log1p(tf.abs(x)));
}

/** symlog(x): one fused kernel where it pays (log1p per element in a JS loop: small tensors), else composite. */
export function fusedSymlog(x: tf.Tensor): tf.Tensor {
  if (!fusedKernelsActive() || x.dtype !== 'float32' || x.size > JS_EXP_LOOP_MAX_ELEMENTS) return symlogComposite(x);
  return runFusedOp(SYMLOG_OP, { x }) as tf.Tensor;
}
