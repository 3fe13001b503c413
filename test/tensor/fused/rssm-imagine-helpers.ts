/** Inputs and wrappers to compare the imagination rollout kernel with the per-step ops. */
import * as tf from '@tensorflow/tfjs';
import type { rssmImagineComposite } from '../../../src/tensor/kernels/fused/rssm-imagine.js';
import type { ImagineScalars } from '../../../src/tensor/kernels/fused/rssm-imagine-math.js';
import type { Data, Input } from '../kernels/compare.js';
import { scaled } from './helpers.js';

/** The reference agent's constants. */
export const SCALARS: ImagineScalars = { minStd: 0.1, meanScale: 5, stdShift: 0.5413, actMinStd: 1e-4 };

/** [H, N, S, A, D, U1, U2, Hi, Ho]: single step, single row and single units included. */
export const IMAGINE_SHAPES: number[][] = [
  [1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 3, 2, 2, 3, 4, 5, 3, 2], [4, 1, 3, 2, 4, 5, 6, 4, 3], [5, 6, 4, 3, 5, 7, 6, 8, 4],
];

/**
 * s0, h0, the actor's w1, b1, w2, b2, w3, b3 (what gets gradients), then epsA, epsS and the dynamics' wi, bi, wx, bx,
 * wh, bh, wo, bo, wd, bd (weights scaled like glorot, biases small, the actor's head larger to reach tanh's tails).
 */
export function imagineInputs(d: Data, [H, N, S, A, D, U1, U2, Hi, Ho]: number[]): Input[] {
  const R = H * N;
  const shapes = [[N, S], [N, D], [S + D, U1], [U1], [U1, U2], [U2], [U2, 2 * A], [2 * A], [R, A], [R, S],
    [S + A, Hi], [Hi], [Hi, 3 * D], [3 * D], [D, 3 * D], [3 * D], [D, Ho], [Ho], [Ho, 2 * S], [2 * S]];
  return shapes.map((s, i) => scaled(d.normal(s), [0, 1, 8, 9].includes(i) ? 1 : i === 6 ? 3 / Math.sqrt(s[0])
    : s.length === 2 ? 1.5 / Math.sqrt(s[0]) : 0.5));
}

/** The 8 inputs that get gradients come first. */
export const DIFFERENTIABLE = 8;

type Imagine = typeof rssmImagineComposite;

/** The op as a function of the 20 tensors of `imagineInputs`, returning feat [H·N, S + D]. */
export const imagineFn = (fn: Imagine) => (...xs: tf.Tensor[]): tf.Tensor => {
  const [s0, h0, w1, b1, w2, b2, w3, b3, epsA, epsS, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = xs;
  return fn({ s0, h0, epsA, epsS }, { w1, b1, w2, b2, w3, b3 }, { wi, bi, wx, bx, wh, bh, wo, bo, wd, bd }, SCALARS);
};

/**
 * Gradients of Σ(feat · dy) w.r.t. the 8 differentiable inputs; takes those 8, then the 12 constants, then dy
 * (the constants go through stopGradient inside `rssmImagine`, so the composite differentiates the same thing).
 */
export const imagineGrads = (fn: Imagine) => (...xs: tf.Tensor[]): tf.Tensor[] => {
  const dy = xs[xs.length - 1];
  const constants = xs.slice(DIFFERENTIABLE, -1);
  return tf.grads((...vs: tf.Tensor[]) => tf.sum(tf.mul(imagineFn(fn)(...vs, ...constants), dy)))(xs.slice(0, DIFFERENTIABLE));
};

/** A cotangent for feat. */
export const featCotangent = (d: Data, [H, N, S, , D]: number[]): Input => d.normal([H * N, S + D]);
