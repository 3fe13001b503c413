/**
 * Adam's update of one variable as one kernel (instead of ~12), and the global gradient norm of all variables
 * as one kernel (instead of 2 per variable + addN + sqrt), on cpu and wasm. Called by optim/adam.ts when
 * `fusedKernelsActive()`. Neither is differentiable (they run outside the gradient tape).
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL, GLOBAL_NORM_KERNEL } from '../names.js';
import { fusedOp, runFusedOp } from './fused-op.js';
import { fusedMath, type AdamUpdateScalars } from './math.js';

export type { AdamUpdateScalars } from './math.js';

export const ADAM_UPDATE_OP = fusedOp({
  forward: {
    kernelName: ADAM_UPDATE_KERNEL,
    inputNames: ['param', 'm', 'v', 'grad'],
    outputShapes: (s) => [s[0], s[0], s[0]],
    compute: ([param, m, v, grad], [paramOut, mOut, vOut], attrs) =>
      fusedMath().adamUpdate(param, m, v, grad, attrs as unknown as AdamUpdateScalars, paramOut, mOut, vOut),
  },
});

/** Input names x0, x1, ... in numeric order (the global-norm kernel takes any number of tensors). */
const numberedInputs = (inputs: tf.NamedTensorInfoMap): string[] =>
  Object.keys(inputs).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));

export const GLOBAL_NORM_OP = fusedOp({
  forward: {
    kernelName: GLOBAL_NORM_KERNEL,
    inputNames: numberedInputs,
    outputShapes: () => [[]],
    compute: (xs, [out]) => {
      let sum = 0;
      for (const x of xs) for (let i = 0; i < x.length; i += 1) sum += x[i] * x[i];
      out[0] = Math.sqrt(sum);
    },
  },
});

/** One fused Adam step of a variable: the new [param, m, v] (fresh tensors; the caller assigns them). */
export function fusedAdamUpdate(
  param: tf.Tensor, m: tf.Tensor, v: tf.Tensor, grad: tf.Tensor, scalars: AdamUpdateScalars,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return runFusedOp(ADAM_UPDATE_OP, { param, m, v, grad }, { ...scalars }) as [tf.Tensor, tf.Tensor, tf.Tensor];
}

/** sqrt(Σ over all tensors of Σ x²) as one kernel (float64 accumulation). */
export function fusedGlobalNorm(tensors: tf.Tensor[]): tf.Scalar {
  const inputs: tf.NamedTensorMap = {};
  tensors.forEach((t, i) => (inputs[`x${i}`] = t));
  return runFusedOp(GLOBAL_NORM_OP, inputs) as tf.Scalar;
}
