/** Inputs and wrappers to compare the RSSM observation sequence kernel with the per-step ops. */
import * as tf from '@tensorflow/tfjs';
import type { rssmObserveComposite } from '../../../src/tensor/kernels/fused/rssm-observe.js';
import type { Data, Input } from '../kernels/compare.js';
import { scaled } from './helpers.js';

export const MIN_STD = 0.1;

/** [T, B, S, A, E, Hi, D, Ho]: single step, single row and single units included. */
export const RSSM_SHAPES: number[][] = [
  [1, 1, 1, 1, 1, 1, 1, 1], [1, 3, 2, 2, 3, 4, 5, 3], [4, 1, 3, 2, 4, 5, 6, 4], [6, 5, 4, 3, 5, 7, 6, 8],
];

/** s0, h0, act, embed, eps, then wi, bi, wx, bx, wh, bh, wo, bo, wd, bd (weights scaled like glorot). */
export function rssmInputs(d: Data, [T, B, S, A, E, Hi, D, Ho]: number[]): Input[] {
  const N = T * B;
  const shapes = [[B, S], [B, D], [N, A], [N, E], [N, S], [S + A, Hi], [Hi], [Hi, 3 * D], [3 * D], [D, 3 * D], [3 * D],
    [D + E, Ho], [Ho], [Ho, 2 * S], [2 * S]];
  return shapes.map((s, i) => scaled(d.normal(s), i < 5 ? 1 : s.length === 2 ? 1.5 / Math.sqrt(s[0]) : 0.5));
}

type Observe = typeof rssmObserveComposite;

/** The op as a function of 15 tensors whose one output is [stoch, deter, mean, std] side by side. */
export const observeFn = (fn: Observe) => (...xs: tf.Tensor[]): tf.Tensor => {
  const [s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = xs;
  const o = fn({ s0, h0, act, embed, eps }, { wi, bi, wx, bx, wh, bh, wo, bo, wd, bd }, MIN_STD);
  return tf.concat([o.stoch, o.deter, o.mean, o.std], 1);
};

/** A cotangent for observeFn's output. */
export const cotangent = (d: Data, [T, B, S, , , , D]: number[]): Input => d.normal([T * B, 3 * S + D]);

