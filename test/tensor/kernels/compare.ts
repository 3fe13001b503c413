/** Helpers to run the same computation on wasm (our kernels) and on the cpu backend (the reference). */
import * as tf from '@tensorflow/tfjs';

export const TOLERANCE = 1e-5;

/** A seeded source of test data (tf's own seeded generator, so no extra dependency). */
export class Data {
  private seed: number;
  constructor(seed: number) {
    this.seed = seed;
  }
  /** Values drawn on whatever backend is active, returned as plain data so any backend can rebuild them. */
  normal(shape: number[]): { values: Float32Array; shape: number[] } {
    const t = tf.randomNormal(shape, 0, 1, 'float32', this.seed++);
    const values = t.dataSync() as Float32Array;
    t.dispose();
    return { values: values.slice(), shape };
  }
}

export type Input = { values: Float32Array | Int32Array; shape: number[]; dtype?: 'float32' | 'int32' };
type Fn = (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

/** Run `fn` on `backend` with fresh tensors made from `inputs`; returns the outputs' values. */
export function runOn(backend: string, fn: Fn, inputs: Input[]): Float32Array[] {
  const previous = tf.getBackend();
  tf.setBackend(backend);
  try {
    return tf.tidy(() => {
      const xs = inputs.map((i) => tf.tensor(i.values, i.shape, i.dtype ?? 'float32'));
      const out = fn(...xs);
      return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync()));
    });
  } finally {
    tf.setBackend(previous);
  }
}

/** max |a − b| / max |b| (relative to the reference's scale; 0 when both are all zero). */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Largest relative error over the outputs of `fn` on wasm vs cpu. */
export function wasmVsCpu(fn: Fn, inputs: Input[]): number {
  const got = runOn('wasm', fn, inputs);
  const want = runOn('cpu', fn, inputs);
  if (got.length !== want.length) return Infinity;
  return Math.max(...got.map((g, i) => relativeError(g, want[i])));
}

/** Gradients of Σ(fn(xs) · dy) w.r.t. every input, with a fixed random cotangent `dy` given as the last input. */
export function gradsOf(fn: (...xs: tf.Tensor[]) => tf.Tensor): Fn {
  return (...xsAndDy: tf.Tensor[]) => {
    const dy = xsAndDy[xsAndDy.length - 1];
    const xs = xsAndDy.slice(0, -1);
    return tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(fn(...args), dy)))(xs);
  };
}
