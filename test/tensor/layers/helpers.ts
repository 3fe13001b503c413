import * as tf from '@tensorflow/tfjs';
import { BACKEND_CHOICES, initBackend, type BackendChoice } from '../../../src/tensor/backend.js';

/**
 * The backend the tensor tests run on: `cpu` (exact, pure JS) unless DREAMER_TEST_BACKEND names another
 * (e.g. `wasm`, to check the kernel fixes on our whole layer).
 */
export async function useTestBackend(): Promise<void> {
  const requested = process.env.DREAMER_TEST_BACKEND ?? 'cpu';
  const choice = (BACKEND_CHOICES as readonly string[]).includes(requested) ? (requested as BackendChoice) : 'cpu';
  await initBackend(choice, { quiet: true, threads: 1 });
}

/** Values of a tensor as a plain array. */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/** Largest |a - b| / max(1, |b|) over two arrays of equal length. */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

/**
 * Central finite differences of the scalar `f` with respect to every entry of `x` (a tf.Variable), perturbing its
 * values in place and restoring them afterwards.
 */
export function numericGrad(f: () => number, x: tf.Variable, h = 1e-2): number[] {
  const base = Float32Array.from(x.dataSync());
  const grad: number[] = [];
  for (let i = 0; i < base.length; i += 1) {
    const probe = (delta: number): number => {
      const v = Float32Array.from(base);
      v[i] += delta;
      tf.tidy(() => x.assign(tf.tensor(v, x.shape)));
      return f();
    };
    grad.push((probe(h) - probe(-h)) / (2 * h));
  }
  tf.tidy(() => x.assign(tf.tensor(base, x.shape)));
  return grad;
}

/** Row-major [rows, cols] matrix product of plain arrays. */
export function matmul(a: number[], b: number[], rows: number, inner: number, cols: number): number[] {
  const out = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i += 1)
    for (let k = 0; k < inner; k += 1) for (let j = 0; j < cols; j += 1) out[i * cols + j] += a[i * inner + k] * b[k * cols + j];
  return out;
}
