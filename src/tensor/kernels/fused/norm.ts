/**
 * LayerNorm and RMSNorm as one kernel forward and one backward each (instead of ~8 forward and ~20 backward
 * kernels), on cpu and wasm. The layers (layers/norm.ts) call these when `fusedKernelsActive()`, else their
 * composite ops.
 */
import * as tf from '@tensorflow/tfjs';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, RMS_NORM_GRAD_KERNEL, RMS_NORM_KERNEL } from '../names.js';
import { fusedOp, runFusedOp } from './fused-op.js';
import { BackendError } from '../../../util/errors.js';
import { fusedMath } from './math.js';
import { rmsNormBackward, rmsNormForward } from './norm-math.js';

export const LAYER_NORM_OP = fusedOp({
  forward: {
    kernelName: LAYER_NORM_KERNEL,
    inputNames: ['x', 'scale', 'offset'],
    outputShapes: (s) => [s[0]],
    compute: ([x, scale, offset], [y], attrs) => fusedMath().layerNormForward(x, scale, offset, attrs.eps as number, y),
  },
  backward: {
    spec: {
      kernelName: LAYER_NORM_GRAD_KERNEL,
      inputNames: ['x', 'scale', 'dy'],
      outputShapes: (s) => [s[0], s[1], s[1]],
      compute: ([x, scale, dy], [dx, dscale, doffset], attrs) =>
        fusedMath().layerNormBackward(x, scale, attrs.eps as number, dy, dx, dscale, doffset),
    },
    gradients: ['x', 'scale', 'offset'],
  },
});

export const RMS_NORM_OP = fusedOp({
  forward: {
    kernelName: RMS_NORM_KERNEL,
    inputNames: ['x', 'scale'],
    outputShapes: (s) => [s[0]],
    compute: ([x, scale], [y], attrs) => rmsNormForward(x, scale, attrs.eps as number, y),
  },
  backward: {
    spec: {
      kernelName: RMS_NORM_GRAD_KERNEL,
      inputNames: ['x', 'scale', 'dy'],
      outputShapes: (s) => [s[0], s[1]],
      compute: ([x, scale, dy], [dx, dscale], attrs) => rmsNormBackward(x, scale, attrs.eps as number, dy, dx, dscale),
    },
    gradients: ['x', 'scale'],
  },
});

function checkShapes(x: tf.Tensor, params: tf.Tensor[]): void {
  const width = x.shape[x.rank - 1];
  for (const p of params) {
    if (!(x.rank >= 1 && p.rank === 1 && p.shape[0] === width)) {
      throw new BackendError(
        `norm: scale and offset must be [D] for x [..., D]; got [${p.shape}] for [${x.shape}]: build the norm with x's last size`,
      );
    }
  }
}

/** Fused LayerNorm over the last axis: x [..., D], scale and offset [D]. Call only when the kernels are active. */
export function fusedLayerNorm(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, eps: number): tf.Tensor {
  checkShapes(x, [scale, offset]);
  return runFusedOp(LAYER_NORM_OP, { x, scale, offset }, { eps }) as tf.Tensor;
}

/** Fused RMSNorm over the last axis: x [..., D], scale [D]. Call only when the kernels are active. */
export function fusedRmsNorm(x: tf.Tensor, scale: tf.Tensor, eps: number): tf.Tensor {
  checkShapes(x, [scale]);
  return runFusedOp(RMS_NORM_OP, { x, scale }, { eps }) as tf.Tensor;
}
