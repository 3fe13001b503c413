/**
 * symlog(x) = sign(x)·log(1 + |x|) as one kernel forward and one backward (instead of Sign, Abs, Log1p, Multiply
 * and their gradients), on cpu and wasm, up to the JS loops' element limit; the composite ops elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsActive, registerFused } from './active.js';
import { arrayKernelConfigs, type ArrayKernelSpec } from './array-kernel.js';
import { JS_EXP_LOOP_MAX_ELEMENTS } from './math.js';

export const SYMLOG_KERNEL = 'DreamerSymlog';
export const SYMLOG_GRAD_KERNEL = 'DreamerSymlogGrad';

const symlogSpec: ArrayKernelSpec = {
  kernelName: SYMLOG_KERNEL,
  inputNames: ['x'],
  outputShapes: (s) => [s[0]],
  compute: ([x], [out]) => {
    for (let i = 0; i < x.length; i += 1) out[i] = Math.sign(x[i]) * Math.log1p(Math.abs(x[i]));
  },
};

/** d symlog / dx = 1 / (1 + |x|) */
const symlogGradSpec: ArrayKernelSpec = {
  kernelName: SYMLOG_GRAD_KERNEL,
  inputNames: ['x', 'dy'],
  outputShapes: (s) => [s[0]],
  compute: ([x, dy], [dx]) => {
    for (let i = 0; i < x.length; i += 1) dx[i] = dy[i] / (1 + Math.abs(x[i]));
  },
};

const symlogGradient: tf.GradConfig = {
  kernelName: SYMLOG_KERNEL,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => tf.engine().runKernel(SYMLOG_GRAD_KERNEL, { x, dy: dy as tf.Tensor }) as tf.Tensor };
  },
};

registerFused([symlogSpec, symlogGradSpec].flatMap(arrayKernelConfigs), [symlogGradient]);

/** symlog as composite ops. */
export function symlogComposite(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sign(x), tf.log1p(tf.abs(x)));
}

/** symlog(x): one fused kernel where it pays (log1p per element in a JS loop: small tensors), else composite. */
export function fusedSymlog(x: tf.Tensor): tf.Tensor {
  if (!fusedKernelsActive() || x.dtype !== 'float32' || x.size > JS_EXP_LOOP_MAX_ELEMENTS) return symlogComposite(x);
  return tf.engine().runKernel(SYMLOG_KERNEL, { x });
}
