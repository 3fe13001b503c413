/**
 * The convolutions our conv kernels are checked on (wasm-conv.test.ts, native-conv.test.ts): every stride and
 * padding the pixel networks use (kernel 4 stride 2 'same' and 'valid', stride 1), batches > 1, 1, 3 and 32+
 * channels, odd sizes (asymmetric 'same' padding) and explicit pads; forward and gradients of conv2d and
 * conv2dTranspose against the cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { Data, gradsOf, type Input, TOLERANCE, wasmVsCpu } from './compare.js';

export interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: 'same' | 'valid' | number;
}

export const CONV_CASES: ConvCase[] = [
  { x: [2, 16, 16, 3], filter: [4, 4, 3, 8], strides: 2, pad: 'same' }, // the encoder's first stage, small
  { x: [3, 8, 8, 32], filter: [4, 4, 32, 40], strides: 2, pad: 'same' }, // 32+ channels
  { x: [2, 17, 15, 1], filter: [4, 4, 1, 5], strides: 2, pad: 'same' }, // 1 channel, odd sizes: padding 1 / 2
  { x: [3, 16, 16, 3], filter: [4, 4, 3, 8], strides: 2, pad: 'valid' }, // DreamerV1's 'valid' stages
  { x: [2, 9, 9, 33], filter: [3, 3, 33, 4], strides: 1, pad: 'same' },
  { x: [2, 8, 8, 4], filter: [3, 3, 4, 2], strides: 1, pad: 1 },
  { x: [1, 10, 7, 2], filter: [2, 3, 2, 5], strides: 2, pad: 'valid' },
];

export function label(c: ConvCase): string {
  return `x [${c.x}] filter [${c.filter}] stride ${c.strides} pad ${c.pad}`;
}

/** conv2d's output shape for a case. */
function convOutShape(c: ConvCase): number[] {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  return info.outShape;
}

/** conv2d forward, and the gradients to x and the filter (Conv2DBackpropInput, Conv2DBackpropFilter), vs cpu. */
export function checkConv2d(data: Data, c: ConvCase, tolerance = TOLERANCE): void {
  const fn = (x: tf.Tensor, f: tf.Tensor): tf.Tensor => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad);
  const inputs: Input[] = [data.normal(c.x), data.normal(c.filter)];
  expect(wasmVsCpu(fn, inputs)).toBeLessThanOrEqual(tolerance);
  expect(wasmVsCpu(gradsOf(fn), [...inputs, data.normal(convOutShape(c))])).toBeLessThanOrEqual(tolerance);
}

/**
 * conv2dTranspose (the decoder's layer: its forward is Conv2DBackpropInput) from the conv's output side back to its
 * input shape, forward and the gradients to its input (Conv2D) and filter (Conv2DBackpropFilter), vs cpu.
 */
export function checkConv2dTranspose(data: Data, c: ConvCase, tolerance = TOLERANCE): void {
  const fn = (y: tf.Tensor, f: tf.Tensor): tf.Tensor =>
    tf.conv2dTranspose(y as tf.Tensor4D, f as tf.Tensor4D, c.x, c.strides, c.pad);
  const inputs: Input[] = [data.normal(convOutShape(c)), data.normal(c.filter)];
  expect(wasmVsCpu(fn, inputs)).toBeLessThanOrEqual(tolerance);
  expect(wasmVsCpu(gradsOf(fn), [...inputs, data.normal(c.x)])).toBeLessThanOrEqual(tolerance);
}

/** Tensor and wasm buffer counts stay flat over repeated conv2d + conv2dTranspose forward + backward passes. */
export function expectNoConvLeaks(): void {
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const x = tf.randomNormal([2, 16, 16, 3]);
  const f = tf.randomNormal([4, 4, 3, 8]);
  const y = tf.randomNormal([2, 8, 8, 8]);
  const step = (): void => {
    tf.tidy(() => {
      tf.grads((v: tf.Tensor, w: tf.Tensor) => tf.sum(tf.conv2d(v as tf.Tensor4D, w as tf.Tensor4D, 2, 'same')))([x, f]);
      tf.grads((v: tf.Tensor, w: tf.Tensor) =>
        tf.sum(tf.conv2dTranspose(v as tf.Tensor4D, w as tf.Tensor4D, [2, 16, 16, 3], 2, 'same')))([y, f]);
    });
  };
  step();
  const [tensors, buffers] = [tf.memory().numTensors, backend.numDataIds()];
  for (let i = 0; i < 10; i++) step();
  expect([tf.memory().numTensors, backend.numDataIds()]).toEqual([tensors, buffers]);
  tf.dispose([x, f, y]);
}
