import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { denseMatMul, type DenseActivation } from '../../../src/tensor/kernels/dense-matmul.js';
import { Data, gradsOf, relativeError, runOn, TOLERANCE } from './compare.js';

// act(x @ W + b) as one kernel with our registered gradient, against the composite ops on the cpu backend.
const data = new Data(17);

function composite(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, act: DenseActivation): tf.Tensor {
  const z = tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
  return act === 'elu' ? tf.elu(z) : act === 'relu' ? tf.relu(z) : z;
}

describe('denseMatMul', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1, quiet: true }); // with the native addon when it is built
  });

  for (const act of ['linear', 'elu', 'relu'] as const) {
    for (const backend of ['cpu', 'wasm']) {
      it(`${act} on ${backend}: forward and gradients of x, W and b equal the composite ops on cpu`, () => {
        const inputs = [data.normal([7, 5]), data.normal([5, 3]), data.normal([3])];
        const dy = data.normal([7, 3]);
        const fused = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => denseMatMul(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, act);
        const reference = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => composite(x, w, b, act);
        const got = runOn(backend, gradsOf(fused), [...inputs, dy]);
        const want = runOn('cpu', gradsOf(reference), [...inputs, dy]);
        got.forEach((g, i) => expect(relativeError(g, want[i])).toBeLessThanOrEqual(TOLERANCE));
        const [y] = runOn(backend, fused, inputs);
        expect(relativeError(y, runOn('cpu', reference, inputs)[0])).toBeLessThanOrEqual(TOLERANCE);
      });
    }
  }

  it('runs one kernel forward where tf.fused.matMul runs several', async () => {
    const [x, w, b] = [tf.ones([4, 3]) as tf.Tensor2D, tf.ones([3, 2]) as tf.Tensor2D, tf.ones([2]) as tf.Tensor1D];
    // tf.profile returns the engine's one profile object: read each count before the next profile.
    const ours = (await tf.profile(() => void denseMatMul(x, w, b, 'elu'))).kernels.map((k) => k.name);
    const stock = (await tf.profile(() => void tf.elu(tf.fused.matMul({ a: x, b: w, bias: b })))).kernels.length;
    expect(ours).toEqual([tf._FusedMatMul]);
    expect(stock).toBeGreaterThan(1);
    tf.dispose([x, w, b]);
  });

  it('refuses gradients it does not implement, naming the case', () => {
    const [x, w, b] = [tf.ones([2, 3]), tf.ones([2, 4]), tf.ones([4])];
    const transposed = (a: tf.Tensor): tf.Tensor => tf.engine().runKernel(tf._FusedMatMul, { a, b: w, bias: b },
      { transposeA: true, transposeB: false, activation: 'linear' }) as tf.Tensor;
    expect(() => tf.grad(transposed)(x)).toThrow(/no gradient for _FusedMatMul with transposes/);
    tf.dispose([x, w, b]);
  });
});
