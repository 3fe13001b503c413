/**
 * LayerNorm and RMSNorm as one kernel forward and one backward each (instead of ~8 forward and ~20 backward
 * kernels), on cpu and wasm. The layers (layers/norm.ts) call these when `fusedKernelsActive()`, else their
 * composite ops.
 */
import * as tf from '@tensorflow/tfjs';
import { registerFused } from './active.js';
import { arrayKernelConfigs, type ArrayKernelSpec } from './array-kernel.js';
import { fusedMath } from './math.js';
import { rmsNormBackward, rmsNormForward } from './norm-math.js';

export const LAYER_NORM_KERNEL = 'DreamerLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'DreamerLayerNormGrad';
export const RMS_NORM_KERNEL = 'DreamerRmsNorm';
export const RMS_NORM_GRAD_KERNEL = 'DreamerRmsNormGrad';

const layerNormSpec: ArrayKernelSpec = {
  kernelName: LAYER_NORM_KERNEL,
  inputNames: ['x', 'scale', 'offset'],
  outputShapes: (s) => [s[0]],
  compute: ([x, scale, offset], [y], attrs) => fusedMath().layerNormForward(x, scale, offset, attrs.eps as number, y),
};

const layerNormGradSpec: ArrayKernelSpec = {
  kernelName: LAYER_NORM_GRAD_KERNEL,
  inputNames: ['x', 'scale', 'dy'],
  outputShapes: (s) => [s[0], s[1], s[1]],
  compute: ([x, scale, dy], [dx, dscale, doffset], attrs) =>
    fusedMath().layerNormBackward(x, scale, attrs.eps as number, dy, dx, dscale, doffset),
};

const rmsNormSpec: ArrayKernelSpec = {
  kernelName: RMS_NORM_KERNEL,
  inputNames: ['x', 'scale'],
  outputShapes: (s) => [s[0]],
  compute: ([x, scale], [y], attrs) => rmsNormForward(x, scale, attrs.eps as number, y),
};

const rmsNormGradSpec: ArrayKernelSpec = {
  kernelName: RMS_NORM_GRAD_KERNEL,
  inputNames: ['x', 'scale', 'dy'],
  outputShapes: (s) => [s[0], s[1]],
  compute: ([x, scale, dy], [dx, dscale], attrs) => rmsNormBackward(x, scale, attrs.eps as number, dy, dx, dscale),
};

const layerNormGradient: tf.GradConfig = {
  kernelName: LAYER_NORM_KERNEL,
  inputsToSave: ['x', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const [x, scale] = saved;
    const [dx, dscale, doffset] = tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { x, scale, dy: dy as tf.Tensor }, attrs) as tf.Tensor[];
    return { x: () => dx, scale: () => dscale, offset: () => doffset };
  },
};

const rmsNormGradient: tf.GradConfig = {
  kernelName: RMS_NORM_KERNEL,
  inputsToSave: ['x', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const [x, scale] = saved;
    const [dx, dscale] = tf.engine().runKernel(RMS_NORM_GRAD_KERNEL, { x, scale, dy: dy as tf.Tensor }, attrs) as tf.Tensor[];
    return { x: () => dx, scale: () => dscale };
  },
};

registerFused(
  [layerNormSpec, layerNormGradSpec, rmsNormSpec, rmsNormGradSpec].flatMap(arrayKernelConfigs),
  [layerNormGradient, rmsNormGradient],
);

function checkShapes(x: tf.Tensor, params: tf.Tensor[]): void {
  const width = x.shape[x.rank - 1];
  for (const p of params) {
    tf.util.assert(x.rank >= 1 && p.rank === 1 && p.shape[0] === width,
      () => `norm: scale and offset must be [D] for x [..., D]; got ${p.shape} for ${x.shape}`);
  }
}

/** Fused LayerNorm over the last axis: x [..., D], scale and offset [D]. Call only when the kernels are active. */
export function fusedLayerNorm(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, eps: number): tf.Tensor {
  checkShapes(x, [scale, offset]);
  return tf.engine().runKernel(LAYER_NORM_KERNEL, { x, scale, offset }, { eps }) as tf.Tensor;
}

/** Fused RMSNorm over the last axis: x [..., D], scale [D]. Call only when the kernels are active. */
export function fusedRmsNorm(x: tf.Tensor, scale: tf.Tensor, eps: number): tf.Tensor {
  checkShapes(x, [scale]);
  return tf.engine().runKernel(RMS_NORM_KERNEL, { x, scale }, { eps }) as tf.Tensor;
}
