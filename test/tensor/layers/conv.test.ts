import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2D, ConvTranspose2D } from '../../../src/tensor/layers/conv.js';
import { ConvDecoder, ConvEncoder } from '../../../src/tensor/layers/conv_stack.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { ConfigError } from '../../../src/util/errors.js';
import { maxRelError, numericGrad, useTestBackend, values } from './helpers.js';

beforeAll(useTestBackend);

describe('Conv2D / ConvTranspose2D', () => {
  it('Conv2D computes a strided valid correlation plus bias', () => {
    const conv = new Conv2D('c', 1, 1, 3, { rng: new TensorRng(1) });
    conv.bias.assign(tf.tensor1d([0.5]));
    const img = Array.from({ length: 25 }, (_, i) => (i % 7) - 3); // 5×5, one channel
    const k = values(conv.kernel); // 3×3
    const want: number[] = [];
    for (const oy of [0, 1]) {
      for (const ox of [0, 1]) {
        let s = 0.5;
        for (let dy = 0; dy < 3; dy += 1) for (let dx = 0; dx < 3; dx += 1) s += img[(2 * oy + dy) * 5 + 2 * ox + dx] * k[dy * 3 + dx];
        want.push(s);
      }
    }
    const got = conv.apply(tf.tensor4d(img, [1, 5, 5, 1]));
    expect(got.shape).toEqual([1, 2, 2, 1]);
    expect(maxRelError(values(got), want)).toBeLessThan(1e-5);
  });

  it('ConvTranspose2D is the adjoint of Conv2D with the same kernel: <T(y), x> = <y, C(x)>', () => {
    const rng = new TensorRng(2);
    const conv = new Conv2D('c', 2, 3, 4, { rng });
    const deconv = new ConvTranspose2D('d', 3, 2, 4, { rng });
    deconv.kernel.assign(conv.kernel); // [k, k, 2, 3] is [k, k, out, in] for the transpose
    const x = rng.normal([1, 12, 12, 2]) as tf.Tensor4D;
    const y = rng.normal([1, 5, 5, 3]) as tf.Tensor4D;
    expect(deconv.outSize(5)).toBe(12);
    const lhs = tf.sum(tf.mul(tf.sub(deconv.apply(y), deconv.bias), x)).dataSync()[0];
    const rhs = tf.sum(tf.mul(y, tf.sub(conv.apply(x), conv.bias))).dataSync()[0];
    expect(Math.abs(lhs - rhs) / Math.abs(rhs)).toBeLessThan(1e-4);
  });

  it('gradients agree with finite differences', () => {
    const rng = new TensorRng(3);
    const conv = new Conv2D('c', 1, 2, 3, { rng });
    const deconv = new ConvTranspose2D('d', 2, 1, 3, { rng });
    const x = rng.normal([2, 7, 7, 1]) as tf.Tensor4D;
    const loss = (): tf.Scalar => tf.sum(tf.square(tf.tanh(deconv.apply(tf.relu(conv.apply(x))))));
    for (const v of [conv.kernel, deconv.kernel]) {
      const analytic = values(tf.variableGrads(loss, [v]).grads[v.name]);
      const numeric = numericGrad(() => tf.tidy(() => loss().dataSync()[0]), v);
      expect(maxRelError(analytic, numeric)).toBeLessThan(5e-3);
    }
  });
});

describe('DreamerV1 image encoder and decoder', () => {
  it('map 64×64×3 images to 1024 features and features back to 64×64×3 images', () => {
    const rng = new TensorRng(4);
    const enc = new ConvEncoder('enc', { rng });
    expect(enc.outDim).toBe(1024);
    expect(enc.apply(tf.zeros([1, 64, 64, 3]) as tf.Tensor4D).shape).toEqual([1, 1024]);
    const dec = new ConvDecoder('dec', 230, { rng });
    expect(dec.apply(tf.zeros([1, 230])).shape).toEqual([1, 64, 64, 3]);
    expect([...enc.variables().keys()][0]).toBe('enc/conv0/kernel');
  });

  it('rejects images of the wrong size with a clear error', () => {
    const enc = new ConvEncoder('enc');
    expect(() => enc.apply(tf.zeros([1, 32, 32, 3]) as tf.Tensor4D)).toThrow(ConfigError);
    expect(() => enc.apply(tf.zeros([1, 32, 32, 3]) as tf.Tensor4D)).toThrow(/expected images \[N, 64, 64, 3\]/);
  });
});
