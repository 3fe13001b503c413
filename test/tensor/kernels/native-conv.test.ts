import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { conv2DBackpropFilterWasm } from '../../../src/tensor/kernels/conv2d-backprop-filter.js';
import { conv2DBackpropInputWasm } from '../../../src/tensor/kernels/conv2d-backprop-input.js';
import { findAddon, loadAddon } from '../../../src/tensor/kernels/native-blas.js';
import { stockKernel } from '../../../src/tensor/kernels/stock.js';
import { Data, gradsOf, runOn } from './compare.js';
import { checkConv2d, checkConv2dTranspose, CONV_CASES, expectNoConvLeaks, label } from './conv-cases.js';

const addon = findAddon() ? loadAddon() : undefined;
if (!addon?.conv2d) console.log('native conv tests skipped: the addon is not built, or built before conv2d (run `npm run build:native`)');
const data = new Data(8765);

describe.skipIf(!addon?.conv2d)('native conv kernels on wasm equal cpu', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' });
  });

  it('are the Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter kernels on wasm', () => {
    expect(tf.getKernel(tf.Conv2D, 'wasm')?.kernelFunc).not.toBe(stockKernel(tf.Conv2D).kernelFunc);
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')).not.toBe(conv2DBackpropInputWasm);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).not.toBe(conv2DBackpropFilterWasm);
  });

  for (const c of CONV_CASES) {
    it(`conv2d, ${label(c)}: forward and gradients`, () => checkConv2d(data, c));
    it(`conv2dTranspose, ${label(c)}: forward and gradients`, () => checkConv2dTranspose(data, c));
  }

  it('gives the same values on 2 threads as on 1, bit for bit (images split between threads, products over the GEMM threads)', async () => {
    // large enough for 2 threads under the GEMM's per-thread work threshold: 256 rows × 64 × 512 multiply-adds
    const x = data.normal([4, 16, 16, 32]);
    const f = data.normal([4, 4, 32, 64]);
    const dy = data.normal([4, 8, 8, 64]);
    const fn = (v: tf.Tensor, w: tf.Tensor): tf.Tensor => tf.conv2d(v as tf.Tensor4D, w as tf.Tensor4D, 2, 'same');
    const transposed = (v: tf.Tensor, w: tf.Tensor): tf.Tensor =>
      tf.conv2dTranspose(v as tf.Tensor4D, w as tf.Tensor4D, [4, 16, 16, 32], 2, 'same');
    const all = (): Float32Array[] => [
      ...runOn('wasm', fn, [x, f]), ...runOn('wasm', gradsOf(fn), [x, f, dy]),
      ...runOn('wasm', transposed, [dy, f]), ...runOn('wasm', gradsOf(transposed), [dy, f, x]),
    ];
    const one = all();
    await initBackend('wasm', { threads: 2, quiet: true, nativeBlas: 'auto' });
    try {
      const two = all();
      expect(two.map((t) => Array.from(t))).toEqual(one.map((t) => Array.from(t)));
      checkConv2d(data, CONV_CASES[1]); // and still equal to cpu
    } finally {
      await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' });
    }
  });

  it('leaks no tensors and no wasm buffers', () => expectNoConvLeaks());
});
