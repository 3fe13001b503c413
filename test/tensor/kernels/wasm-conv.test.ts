import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { registerWasmKernels } from '../../../src/tensor/kernels/register.js';
import { conv2DBackpropInputWasm, makeConv2DBackpropInput } from '../../../src/tensor/kernels/conv2d-backprop-input.js';
import { stockKernel } from '../../../src/tensor/kernels/stock.js';
import { Data, TOLERANCE, wasmVsCpu } from './compare.js';
import { checkConv2d, checkConv2dTranspose, CONV_CASES, expectNoConvLeaks, label } from './conv-cases.js';

const data = new Data(4321);

describe('conv kernels on wasm without the native addon equal cpu', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
  });

  it('runs our Conv2DBackpropInput (not the stock scalar loop) and XNNPACK Conv2D', () => {
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')).toBe(conv2DBackpropInputWasm);
    expect(tf.getKernel(tf.Conv2D, 'wasm')).toBe(stockKernel(tf.Conv2D));
  });

  for (const c of CONV_CASES) {
    it(`conv2d, ${label(c)}: forward and gradients`, () => checkConv2d(data, c));
    it(`conv2dTranspose, ${label(c)}: forward and gradients`, () => checkConv2dTranspose(data, c));
  }

  it('splits the batch into chunks when the cols buffer would be too big, and still fills every image', () => {
    // 5 images × 16 output pixels × 3·3·2 patch = 1440 cols floats; a 300-float bound gives chunks of 1 image.
    registerWasmKernels([makeConv2DBackpropInput(300)]);
    try {
      const fn = (y: tf.Tensor, f: tf.Tensor): tf.Tensor =>
        tf.conv2dTranspose(y as tf.Tensor4D, f as tf.Tensor4D, [5, 8, 8, 2], 2, 'same');
      expect(wasmVsCpu(fn, [data.normal([5, 4, 4, 3]), data.normal([3, 3, 2, 3])])).toBeLessThanOrEqual(TOLERANCE);
    } finally {
      registerWasmKernels([conv2DBackpropInputWasm]);
    }
  });

  it('leaks no tensors and no wasm buffers', () => expectNoConvLeaks());
});
