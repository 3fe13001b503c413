/** Helpers to compare a fused kernel with the composite ops it replaces, on cpu and on wasm. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import { relativeError, TOLERANCE, type Input } from '../kernels/compare.js';

export const BACKENDS = ['cpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

type Fn = (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

/** Run `fn` on `backend` with the fused kernels on or off, on fresh tensors from `inputs`; returns the values. */
export function run(backend: Backend, fused: boolean, fn: Fn, inputs: Input[]): Float32Array[] {
  const previousBackend = tf.getBackend();
  const previousFused = setFusedKernelsEnabled(fused);
  tf.setBackend(backend);
  try {
    return tf.tidy(() => {
      const xs = inputs.map((i) => tf.tensor(i.values, i.shape, 'float32'));
      const out = fn(...xs);
      return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync()));
    });
  } finally {
    tf.setBackend(previousBackend);
    setFusedKernelsEnabled(previousFused);
  }
}

/**
 * Expect every output of `fused` on `backend` within `tolerance` (default TOLERANCE) of `reference` (composite ops,
 * fused off).
 */
export function expectSame(backend: Backend, fused: Fn, reference: Fn, inputs: Input[], refBackend: Backend = backend, tolerance = TOLERANCE): void {
  const got = run(backend, true, fused, inputs);
  const want = run(refBackend, false, reference, inputs);
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(relativeError(g, want[i]), `output ${i}`).toBeLessThanOrEqual(tolerance));
}

/** Gradients of Σ(fn(xs) · dy) w.r.t. every input but the last, which is the cotangent dy. */
export function gradsOf(fn: (...xs: tf.Tensor[]) => tf.Tensor): Fn {
  return (...xsAndDy: tf.Tensor[]) => {
    const dy = xsAndDy[xsAndDy.length - 1];
    return tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(fn(...xs), dy)))(xsAndDy.slice(0, -1));
  };
}

/** Random normal data scaled by `scale` (large enough to reach the saturated parts of sigmoid and tanh). */
export function scaled(input: Input, scale: number): Input {
  return { ...input, values: (input.values as Float32Array).map((v) => v * scale) };
}

/** Tensors alive after `calls` runs of `step` minus those alive after the first: 0 when nothing leaks. */
export function tensorGrowth(backend: Backend, step: () => void, calls = 5): number {
  const previous = tf.getBackend();
  tf.setBackend(backend);
  try {
    step();
    const after1 = tf.memory().numTensors;
    for (let i = 1; i < calls; i += 1) step();
    return tf.memory().numTensors - after1;
  } finally {
    tf.setBackend(previous);
  }
}
