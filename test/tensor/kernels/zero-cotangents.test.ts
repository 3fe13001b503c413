import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { setFillZeroCotangents } from '../../../src/tensor/kernels/zero-cotangents.js';
import { rssmObserveFused } from '../../../src/tensor/kernels/fused/rssm-observe.js';
import { Data } from './compare.js';
import { rssmInputs } from '../fused/rssm-helpers.js';

// The zero cotangents of outputs nothing differentiates, from the backend's Fill kernel instead of a JS array:
// the same gradients and tensor bookkeeping, on cpu and on wasm.
const data = new Data(31);

/** Gradients of a loss that reads only some outputs of multi-output kernels: one split half, two of five outputs. */
function grads(xs: tf.Tensor[]): Float32Array[] {
  return tf.tidy(() => {
    const g = tf.grads((...v: tf.Tensor[]) => {
      const [s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = v;
      const o = rssmObserveFused({ s0, h0, act, embed, eps }, { wi, bi, wx, bx, wh, bh, wo, bo, wd, bd }, 0.1);
      const [left] = tf.split(o.deter, 2, 1); // the right half and stoch, mean, std and `saved` get no cotangent
      return tf.sum(tf.square(left));
    })(xs);
    return g.map((t) => t.dataSync().slice() as Float32Array);
  });
}

/** How many times the Fill kernel of the active backend runs during `fn`. */
function countFills(fn: () => unknown): number {
  const config = tf.getKernel(tf.Fill, tf.getBackend())!;
  let count = 0;
  tf.unregisterKernel(tf.Fill, config.backendName);
  tf.registerKernel({ ...config, kernelFunc: (args) => { count += 1; return config.kernelFunc(args); } });
  try {
    fn();
  } finally {
    tf.unregisterKernel(tf.Fill, config.backendName);
    tf.registerKernel(config);
  }
  return count;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`filled zero cotangents on ${backend}`, () => {
    let previous = false;
    beforeAll(async () => {
      await initBackend(backend, { threads: 1, quiet: true, nativeBlas: 'off' });
      tf.setBackend(backend);
      previous = setFillZeroCotangents(true);
    });
    afterAll(() => void setFillZeroCotangents(previous));

    it('give the same gradients as the engine’s zeros, made by Fill kernels, with no tensor left behind', () => {
      const xs = rssmInputs(data, [3, 2, 2, 2, 3, 4, 6, 3]).map((i) => tf.tensor(i.values, i.shape));
      setFillZeroCotangents(false);
      const before = tf.memory().numTensors;
      let stock: Float32Array[] = [];
      expect(countFills(() => (stock = grads(xs)))).toBe(0);
      setFillZeroCotangents(true);
      let filled: Float32Array[] = [];
      expect(countFills(() => (filled = grads(xs)))).toBe(5); // stoch, mean, std, saved; the split's right half
      expect(tf.memory().numTensors).toBe(before);
      filled.forEach((g, i) => expect(Array.from(g), `input ${i}`).toEqual(Array.from(stock[i])));
      tf.dispose(xs);
    });
  });
}
