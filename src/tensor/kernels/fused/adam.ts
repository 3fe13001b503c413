/**
 * Adam's update of one variable as one kernel (instead of ~12), and the global gradient norm of all variables
 * as one kernel (instead of 2 per variable + addN + sqrt), on cpu and wasm. Called by optim/adam.ts when
 * `fusedKernelsActive()`. Neither is differentiable (they run outside the gradient tape).
 */
import * as tf from '@tensorflow/tfjs';
import { registerFused } from './active.js';
import { arrayKernelConfigs, type ArrayKernelSpec } from './array-kernel.js';

export const ADAM_UPDATE_KERNEL = 'DreamerAdamUpdate';
export const GLOBAL_NORM_KERNEL = 'DreamerGlobalNorm';

/** The scalars of one Adam update (the step's bias corrections already folded in). */
export interface AdamUpdateScalars {
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 − β1^t) */
  stepSize: number;
  /** 1 / sqrt(1 − β2^t) */
  invSqrtBiasCorrection2: number;
  /** Decoupled weight decay factor 1 − lr·weightDecay (1: none). */
  keep: number;
  /** The global-norm clip factor applied to the gradient (1: none). */
  gradScale: number;
}

/**
 * g ← grad·gradScale; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * param ← param·keep − stepSize · m / (sqrt(v)·invSqrtBiasCorrection2 + eps) (PyTorch's form of the update).
 */
function adamUpdate(
  param: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, s: AdamUpdateScalars,
  paramOut: Float32Array, mOut: Float32Array, vOut: Float32Array,
): void {
  for (let i = 0; i < param.length; i += 1) {
    const g = grad[i] * s.gradScale;
    const mi = Math.fround(s.beta1 * m[i] + (1 - s.beta1) * g);
    const vi = Math.fround(s.beta2 * v[i] + (1 - s.beta2) * g * g);
    mOut[i] = mi;
    vOut[i] = vi;
    paramOut[i] = param[i] * s.keep - (s.stepSize * mi) / (Math.sqrt(vi) * s.invSqrtBiasCorrection2 + s.eps);
  }
}

const adamSpec: ArrayKernelSpec = {
  kernelName: ADAM_UPDATE_KERNEL,
  inputNames: ['param', 'm', 'v', 'grad'],
  outputShapes: (s) => [s[0], s[0], s[0]],
  compute: ([param, m, v, grad], [paramOut, mOut, vOut], attrs) =>
    adamUpdate(param, m, v, grad, attrs as unknown as AdamUpdateScalars, paramOut, mOut, vOut),
};

/** Input names x0, x1, ... in numeric order (the global-norm kernel takes any number of tensors). */
const numberedInputs = (inputs: tf.NamedTensorInfoMap): string[] =>
  Object.keys(inputs).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));

const globalNormSpec: ArrayKernelSpec = {
  kernelName: GLOBAL_NORM_KERNEL,
  inputNames: numberedInputs,
  outputShapes: () => [[]],
  compute: (xs, [out]) => {
    let sum = 0;
    for (const x of xs) for (let i = 0; i < x.length; i += 1) sum += x[i] * x[i];
    out[0] = Math.sqrt(sum);
  },
};

registerFused([adamSpec, globalNormSpec].flatMap(arrayKernelConfigs));

/** One fused Adam step of a variable: the new [param, m, v] (fresh tensors; the caller assigns them). */
export function fusedAdamUpdate(
  param: tf.Tensor, m: tf.Tensor, v: tf.Tensor, grad: tf.Tensor, scalars: AdamUpdateScalars,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.engine().runKernel(ADAM_UPDATE_KERNEL, { param, m, v, grad }, { ...scalars }) as [tf.Tensor, tf.Tensor, tf.Tensor];
}

/** sqrt(Σ over all tensors of Σ x²) as one kernel (float64 accumulation). */
export function fusedGlobalNorm(tensors: tf.Tensor[]): tf.Scalar {
  const inputs: tf.NamedTensorMap = {};
  tensors.forEach((t, i) => (inputs[`x${i}`] = t));
  return tf.engine().runKernel(GLOBAL_NORM_KERNEL, inputs) as tf.Scalar;
}
