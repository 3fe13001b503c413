/**
 * The GRU gate arithmetic as one kernel forward and one backward (instead of ~12 forward and ~25 backward
 * kernels per step), on cpu and wasm; the composite ops everywhere else. The matmuls stay outside: these ops
 * take the projections.
 */
import * as tf from '@tensorflow/tfjs';
import { GRU_V1_GRAD_KERNEL, GRU_V1_KERNEL, GRU_V3_GRAD_KERNEL, GRU_V3_KERNEL } from '../names.js';
import { fusedKernelsActive } from './active.js';
import { fusedOp, runFusedOp } from './fused-op.js';
import { BackendError } from '../../../util/errors.js';
import { fusedExpLoopMaxElements, fusedMath } from './math.js';

/** U from an h of shape [B, U] (the last input shape of every GRU kernel but the gradients' dy). */
const unitsOf = (h: number[]): number => h[1];

export const GRU_V1_OP = fusedOp({
  forward: {
    kernelName: GRU_V1_KERNEL,
    inputNames: ['xp', 'hp', 'h'],
    outputShapes: (s) => [s[2]],
    compute: ([xp, hp, h], [out], _attrs, s) => fusedMath().gruV1Forward(unitsOf(s[2]), xp, hp, h, out),
  },
  backward: {
    spec: {
      kernelName: GRU_V1_GRAD_KERNEL,
      inputNames: ['xp', 'hp', 'h', 'dy'],
      outputShapes: (s) => [s[0], s[1], s[2]],
      compute: ([xp, hp, h, dy], [dxp, dhp, dh], _attrs, s) => fusedMath().gruV1Backward(unitsOf(s[2]), xp, hp, h, dy, dxp, dhp, dh),
    },
    gradients: ['xp', 'hp', 'h'],
  },
});

export const GRU_V3_OP = fusedOp({
  forward: {
    kernelName: GRU_V3_KERNEL,
    inputNames: ['y', 'h'],
    outputShapes: (s) => [s[1]],
    compute: ([y, h], [out], attrs, s) => fusedMath().gruV3Forward(unitsOf(s[1]), y, h, attrs.updateBias as number, out),
  },
  backward: {
    spec: {
      kernelName: GRU_V3_GRAD_KERNEL,
      inputNames: ['y', 'h', 'dy'],
      outputShapes: (s) => [s[0], s[1]],
      compute: ([y, h, dy], [dyIn, dh], attrs, s) => fusedMath().gruV3Backward(unitsOf(s[1]), y, h, attrs.updateBias as number, dy, dyIn, dh),
    },
    gradients: ['y', 'h'],
  },
});

function checkShapes(projections: tf.Tensor[], h: tf.Tensor): void {
  const [B, U] = h.shape;
  for (const p of projections) {
    if (!(h.rank === 2 && p.rank === 2 && p.shape[0] === B && p.shape[1] === 3 * U)) {
      throw new BackendError(
        `GRU gates: projections must be [B, 3U] for h [B, U]; got [${p.shape}] for [${h.shape}]: check the GRU's input and state sizes`,
      );
    }
  }
}

/** v1 gates with the reset applied after the recurrent product, composite ops. xp, hp: [B, 3U]; h: [B, U]. */
export function gruV1Composite(xp: tf.Tensor, hp: tf.Tensor, h: tf.Tensor): tf.Tensor2D {
  const [xr, xu, xc] = tf.split(xp, 3, 1);
  const [hr, hu, hc] = tf.split(hp, 3, 1);
  const cand = tf.tanh(tf.add(xc, tf.mul(tf.sigmoid(tf.add(xr, hr)), hc)));
  const update = tf.sigmoid(tf.add(xu, hu));
  // h' = u·h + (1-u)·cand = cand + u·(h - cand)
  return tf.add(cand, tf.mul(update, tf.sub(h, cand))) as tf.Tensor2D;
}

/** v1 gates (reset after): xp, hp [B, 3U] (order reset, update, cand), h [B, U] -> h' [B, U]. */
export function gruV1Gates(xp: tf.Tensor, hp: tf.Tensor, h: tf.Tensor): tf.Tensor2D {
  checkShapes([xp, hp], h);
  if (!fusedKernelsActive() || h.size > fusedExpLoopMaxElements()) return gruV1Composite(xp, hp, h);
  return runFusedOp(GRU_V1_OP, { xp, hp, h }) as tf.Tensor2D;
}

/** v3 gates, composite ops. y: [B, 3U] (order reset, cand, update); h: [B, U]. */
export function gruV3Composite(y: tf.Tensor, h: tf.Tensor, updateBias: number): tf.Tensor2D {
  const [r, c, u] = tf.split(y, 3, 1);
  const cand = tf.tanh(tf.mul(tf.sigmoid(r), c));
  const update = tf.sigmoid(tf.add(u, updateBias));
  // h' = update·cand + (1-update)·h = h + update·(cand - h)
  return tf.add(h, tf.mul(update, tf.sub(cand, h))) as tf.Tensor2D;
}

/** v3 gates: y [B, 3U] (order reset, cand, update), h [B, U] -> h' [B, U]; `updateBias` is added to u. */
export function gruV3Gates(y: tf.Tensor, h: tf.Tensor, updateBias: number): tf.Tensor2D {
  checkShapes([y], h);
  if (!fusedKernelsActive() || h.size > fusedExpLoopMaxElements()) return gruV3Composite(y, h, updateBias);
  return runFusedOp(GRU_V3_OP, { y, h }, { updateBias }) as tf.Tensor2D;
}
