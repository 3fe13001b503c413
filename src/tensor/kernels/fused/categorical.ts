/**
 * DreamerV3's latent draw as one kernel: groups of `classes` logits → softmax → uniform mixing → Gumbel-max
 * one-hot, with the straight-through gradient (the draw's gradient is that of the mixed probabilities). The
 * composite path runs ~15 kernels forward (softmax, mixing, two logs of the noise, argmax, one-hot, cast, the
 * straight-through customGrad) and the softmax's backward.
 */
import * as tf from '@tensorflow/tfjs';
import { CATEGORICAL_SAMPLE_GRAD_KERNEL, CATEGORICAL_SAMPLE_KERNEL } from '../names.js';
import { fusedKernelsActive } from './active.js';
import { fusedOp, runFusedOp } from './fused-op.js';
import { fusedExpLoopMaxElements, fusedMath } from './math.js';

interface Attrs { classes: number; unimix: number }

export const CATEGORICAL_SAMPLE_OP = fusedOp({
  forward: {
    kernelName: CATEGORICAL_SAMPLE_KERNEL,
    inputNames: ['logits', 'u'],
    outputShapes: (s) => [s[0]],
    compute: ([logits, u], [out], attrs) => {
      const { classes, unimix } = attrs as unknown as Attrs;
      fusedMath().categoricalSample(classes, unimix, logits, u, out);
    },
  },
  backward: {
    spec: {
      kernelName: CATEGORICAL_SAMPLE_GRAD_KERNEL,
      inputNames: ['logits', 'dy'],
      outputShapes: (s) => [s[0]],
      compute: ([logits, dy], [dlogits], attrs) => {
        const { classes, unimix } = attrs as unknown as Attrs;
        fusedMath().categoricalSampleBackward(classes, unimix, logits, dy, dlogits);
      },
    },
    gradients: ['logits'],
    zeroGradients: ['u'], // the noise gets no gradient
  },
});

/** Whether `categoricalSample` runs as one kernel for logits of `size` elements (else: use the composite ops). */
export function fusedCategoricalSampleActive(size: number): boolean {
  return fusedKernelsActive() && size <= fusedExpLoopMaxElements();
}

/**
 * One-hot draws [N, G·C] from logits [N, G·C] in groups of `classes`, mixed with `unimix` of the uniform
 * distribution, using the uniform noise `u` (same shape, in (0, 1)); straight-through gradient to the logits.
 */
export function categoricalSample(logits: tf.Tensor2D, u: tf.Tensor2D, classes: number, unimix: number): tf.Tensor2D {
  return runFusedOp(CATEGORICAL_SAMPLE_OP, { logits, u }, { classes, unimix }) as tf.Tensor2D;
}
