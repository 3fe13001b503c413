import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { registerWasmKernels, WASM_KERNEL_FIXES } from '../../../src/tensor/kernels/register.js';
import { conv2DBackpropFilterWasm, makeConv2DBackpropFilter } from '../../../src/tensor/kernels/conv2d-backprop-filter.js';
import { Data, gradsOf, type Input, relativeError, runOn, TOLERANCE, wasmVsCpu } from './compare.js';

const data = new Data(1234);

/** Shape of fn's output, from a run on wasm. */
function outShape(fn: (...xs: tf.Tensor[]) => tf.Tensor, inputs: Input[]): number[] {
  return tf.tidy(() => fn(...inputs.map((i) => tf.tensor(i.values, i.shape, i.dtype ?? 'float32'))).shape);
}

/** Forward and gradient of fn on wasm vs cpu. */
function checkForwardAndGrads(fn: (...xs: tf.Tensor[]) => tf.Tensor, inputs: Input[]): void {
  expect(wasmVsCpu(fn, inputs)).toBeLessThanOrEqual(TOLERANCE);
  const dy = data.normal(outShape(fn, inputs));
  expect(wasmVsCpu(gradsOf(fn), [...inputs, dy])).toBeLessThanOrEqual(TOLERANCE);
}

const TRANSPOSES: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

/** Operand shapes for `op(a) @ op(b)` with the given batch dims of a and b. */
function operands(batchA: number[], batchB: number[], m: number, k: number, n: number, tA: boolean, tB: boolean): Input[] {
  return [data.normal([...batchA, ...(tA ? [k, m] : [m, k])]), data.normal([...batchB, ...(tB ? [n, k] : [k, n])])];
}

beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
});

describe('wasm kernel registration', () => {
  it('puts every fix in place of the stock kernel', () => {
    for (const config of WASM_KERNEL_FIXES) expect(tf.getKernel(config.kernelName, 'wasm')).toBe(config);
  });
});

describe('BatchMatMul on wasm equals cpu', () => {
  const cases: { name: string; batchA: number[]; batchB: number[] }[] = [
    { name: 'rank 2', batchA: [], batchB: [] },
    { name: 'batched, same batch', batchA: [3], batchB: [3] },
    { name: 'batched, shared rank-2 right operand', batchA: [2, 3], batchB: [] },
    { name: 'batched, right batch 1', batchA: [4], batchB: [1] },
    { name: 'batched, left batch 1', batchA: [1], batchB: [3] },
  ];
  for (const { name, batchA, batchB } of cases) {
    // tfjs 4.22's matMul gradient throws for broadcast batch dims on every backend: forward only there.
    const broadcast = batchA.join() !== batchB.join();
    for (const [tA, tB] of TRANSPOSES) {
      it(`${name}, transposeA=${tA} transposeB=${tB}: forward${broadcast ? '' : ' and gradients'}`, () => {
        const inputs = operands(batchA, batchB, 13, 29, 7, tA, tB);
        const fn = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.matMul(a, b, tA, tB);
        if (broadcast) expect(wasmVsCpu(fn, inputs)).toBeLessThanOrEqual(TOLERANCE);
        else checkForwardAndGrads(fn, inputs);
      });
    }
  }

  it('broadcasts batch dims [2, 1] against [3] (forward, against 2-D products slice by slice)', () => {
    // The cpu backend's own broadcast matMul returns too few values here (tfjs 4.22), so the reference is
    // out[i, j] = op(a[i, 0]) @ op(b[j]) from rank-2 products.
    for (const [tA, tB] of TRANSPOSES) {
      const inputs = operands([2, 1], [3], 5, 6, 4, tA, tB);
      const sliced = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
        const rows = [0, 1].map((i) => tf.stack([0, 1, 2].map((j) =>
          tf.matMul(tf.squeeze(tf.slice(a, [i, 0, 0, 0], [1, 1, -1, -1]), [0, 1]) as tf.Tensor2D,
            tf.squeeze(tf.slice(b, [j, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D, tA, tB))));
        return tf.stack(rows);
      };
      const got = runOn('wasm', (a, b) => tf.matMul(a, b, tA, tB), inputs)[0];
      const want = runOn('cpu', sliced, inputs)[0];
      expect(relativeError(got, want)).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('gives zeros for an inner dimension of 0', () => {
    const a = tf.zeros([3, 0]);
    const b = tf.zeros([0, 4]);
    expect(Array.from(tf.matMul(a, b).dataSync())).toEqual(new Array(12).fill(0));
    tf.dispose([a, b]);
  });

  it('handles the reference workload widths (230 -> 200) and their backward products', () => {
    const x = data.normal([96, 230]);
    const w = data.normal([230, 200]);
    checkForwardAndGrads((a, b) => tf.matMul(a, b), [x, w]);
  });
});

describe('_FusedMatMul on wasm equals cpu', () => {
  const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const;
  for (const [tA, tB] of TRANSPOSES) {
    for (const batch of [[], [3]]) {
      it(`bias + activations, transposeA=${tA} transposeB=${tB}, batch [${batch}]`, () => {
        const [a, b] = operands(batch, batch, 11, 17, 9, tA, tB);
        const bias = data.normal([9]);
        for (const activation of activations) {
          const fn = (x: tf.Tensor, y: tf.Tensor, c: tf.Tensor): tf.Tensor =>
            tf.fused.matMul({ a: x, b: y, bias: c, transposeA: tA, transposeB: tB, activation, leakyreluAlpha: 0.2 });
          expect(wasmVsCpu(fn, [a, b, bias])).toBeLessThanOrEqual(TOLERANCE);
        }
      });
    }
  }

  it('gradients through bias and ELU, transposed and batched', () => {
    for (const [tA, tB] of TRANSPOSES) {
      const [a, b] = operands([2], [2], 6, 10, 5, tA, tB);
      const fn = (x: tf.Tensor, y: tf.Tensor, c: tf.Tensor): tf.Tensor =>
        tf.fused.matMul({ a: x, b: y, bias: c, transposeA: tA, transposeB: tB, activation: 'elu' });
      checkForwardAndGrads(fn, [a, b, data.normal([5])]);
    }
  });

  it('a full [M, N] bias and PReLU (the unfused route)', () => {
    const [a, b] = operands([], [], 8, 12, 6, true, false);
    const fn = (x: tf.Tensor, y: tf.Tensor, c: tf.Tensor, w: tf.Tensor): tf.Tensor =>
      tf.fused.matMul({ a: x, b: y, bias: c, transposeA: true, activation: 'prelu', preluActivationWeights: w });
    expect(wasmVsCpu(fn, [a, b, data.normal([8, 6]), data.normal([6])])).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('Identity on wasm', () => {
  it('shares the buffer instead of copying, and keeps it alive after the source is disposed', () => {
    const x = tf.tensor([1, 2, 3]);
    const y = tf.clone(x); // clone runs the Identity kernel
    expect(y.dataId).toBe(x.dataId);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
  });

  it('gives the gradients cpu gives (backprop saves tensors through Identity)', () => {
    const fn = (x: tf.Tensor): tf.Tensor => tf.mul(tf.exp(x), tf.sin(x));
    checkForwardAndGrads(fn, [data.normal([4, 7])]);
  });
});

describe('Conv2DBackpropFilter on wasm equals cpu', () => {
  const cases = [
    { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' as const },
    { x: [3, 16, 16, 3], filter: [4, 4, 3, 8], strides: 2, pad: 'valid' as const },
    { x: [1, 10, 7, 2], filter: [2, 3, 2, 5], strides: 2, pad: 'same' as const },
    { x: [2, 8, 8, 4], filter: [3, 3, 4, 2], strides: 1, pad: 1 },
  ];
  for (const c of cases) {
    it(`x [${c.x}] filter [${c.filter}] stride ${c.strides} pad ${c.pad}`, () => {
      const fn = (x: tf.Tensor, f: tf.Tensor): tf.Tensor =>
        tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad);
      checkForwardAndGrads(fn, [data.normal(c.x), data.normal(c.filter)]);
    });
  }

  it('splits the batch into chunks when the im2col buffer would be too big, and still sums every image', () => {
    // 5 images x 16 output pixels x 3·3·2 patch = 1440 cols floats; a 300-float bound gives chunks of 1 image.
    const small = makeConv2DBackpropFilter(300);
    registerWasmKernels([small]);
    try {
      const fn = (x: tf.Tensor, f: tf.Tensor): tf.Tensor => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same');
      const inputs = [data.normal([5, 8, 8, 2]), data.normal([3, 3, 2, 3])];
      const dy = data.normal(outShape(fn, inputs));
      const gradFilter = (x: tf.Tensor, f: tf.Tensor, d: tf.Tensor): tf.Tensor =>
        tf.grad((g: tf.Tensor) => tf.sum(tf.mul(fn(x, g), d)))(f);
      expect(wasmVsCpu(gradFilter, [...inputs, dy])).toBeLessThanOrEqual(TOLERANCE);
    } finally {
      registerWasmKernels([conv2DBackpropFilterWasm]);
    }
  });
});

describe('UnsortedSegmentSum on wasm equals cpu', () => {
  it('sums rows into segments and drops ids outside [0, numSegments)', () => {
    const ids: Input = { values: Int32Array.from([0, 2, 2, -1, 5, 1, 0]), shape: [7], dtype: 'int32' };
    const fn = (x: tf.Tensor, s: tf.Tensor): tf.Tensor => tf.unsortedSegmentSum(x, s as tf.Tensor1D, 4);
    expect(wasmVsCpu(fn, [data.normal([7, 3, 2]), ids])).toBeLessThanOrEqual(TOLERANCE);
  });

  it('is the gradient of gather, on axis 0 and axis 1 with repeated indices', () => {
    const idx: Input = { values: Int32Array.from([3, 0, 3, 1, 1, 4]), shape: [6], dtype: 'int32' };
    for (const axis of [0, 1]) {
      const fn = (x: tf.Tensor, i: tf.Tensor): tf.Tensor => tf.gather(x, i, axis);
      const inputs = [data.normal([5, 5, 2]), idx];
      const dy = data.normal(outShape(fn, inputs));
      const gradX = (x: tf.Tensor, i: tf.Tensor, d: tf.Tensor): tf.Tensor =>
        tf.grad((v: tf.Tensor) => tf.sum(tf.mul(fn(v, i), d)))(x);
      expect(wasmVsCpu(gradX, [...inputs, dy])).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

describe('no leaks', () => {
  it('keeps tensor and wasm buffer counts flat across repeated forward + backward passes', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.randomNormal([3, 6, 8, 8, 2].slice(1) as [number, number, number, number]);
    const f = tf.randomNormal([3, 3, 2, 4]);
    const a = tf.randomNormal([2, 5, 7]);
    const b = tf.randomNormal([2, 9, 7]);
    const bias = tf.randomNormal([9]);
    const idx = tf.tensor1d([2, 0, 2], 'int32');
    const step = (): void => {
      tf.tidy(() => {
        tf.grads((p: tf.Tensor, q: tf.Tensor, c: tf.Tensor) => tf.sum(tf.fused.matMul({
          a: p, b: q, bias: c, transposeB: true, activation: 'elu',
        })))([a, b, bias]);
        tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.matMul(p, q, false, true)))([a, b]);
        tf.grad((v: tf.Tensor) => tf.sum(tf.conv2d(v as tf.Tensor4D, f as tf.Tensor4D, 1, 'same')))(x);
        tf.grad((v: tf.Tensor) => tf.sum(tf.gather(v, idx, 1)))(a);
        tf.clone(a);
      });
    };
    step();
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    tf.dispose([x, f, a, b, bias, idx]);
  });
});

describe('Slice and SplitV on wasm equal cpu', () => {
  it('slices contiguous and strided blocks of ranks 1 to 5, forward and gradient', () => {
    const cases: { shape: number[]; begin: number[]; size: number[] }[] = [
      { shape: [10], begin: [3], size: [5] },
      { shape: [6, 7], begin: [2, 0], size: [3, 7] }, // contiguous rows
      { shape: [6, 7], begin: [1, 2], size: [4, 3] },
      { shape: [4, 5, 6], begin: [1, 1, 2], size: [2, 3, 4] },
      { shape: [3, 4, 5, 6], begin: [0, 1, 0, 3], size: [3, 2, 5, 2] },
      { shape: [2, 3, 4, 3, 5], begin: [1, 0, 1, 1, 0], size: [1, 3, 2, 2, 4] },
    ];
    for (const c of cases) {
      const fn = (x: tf.Tensor): tf.Tensor => tf.slice(x, c.begin, c.size);
      checkForwardAndGrads(fn, [data.normal(c.shape)]);
    }
  });

  it('slices int32 tensors', () => {
    const x: Input = { values: Int32Array.from({ length: 24 }, (_, i) => i * 7 - 50), shape: [2, 3, 4], dtype: 'int32' };
    expect(wasmVsCpu((t) => tf.slice(t, [0, 1, 1], [2, 2, 2]).toFloat(), [x])).toBe(0);
  });

  it('splits along each axis into equal parts and into given sizes, and the concat gradient', () => {
    const x = data.normal([6, 8, 4]);
    for (const axis of [0, 1, 2]) {
      expect(wasmVsCpu((t) => tf.split(t, 2, axis), [x])).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(wasmVsCpu((t) => tf.split(t, [2, 3, 3], 1), [x])).toBeLessThanOrEqual(TOLERANCE);
    const concatThenScale = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.mul(tf.concat([a, b], 1), 3);
    checkForwardAndGrads(concatThenScale, [data.normal([5, 3]), data.normal([5, 4])]);
  });
});

describe('Sum on wasm equals cpu', () => {
  it('reduces leading axes (our row accumulation) and any other axes (stock), with and without keepDims', () => {
    const x = data.normal([7, 5, 6]);
    for (const axis of [0, [0, 1], 1, 2, [1, 2], [0, 2], [0, 1, 2]]) {
      for (const keepDims of [false, true]) {
        expect(wasmVsCpu((t) => tf.sum(t, axis, keepDims), [x])).toBeLessThanOrEqual(TOLERANCE);
      }
    }
  });

  it('is the bias gradient of a dense layer', () => {
    const fn = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.add(tf.matMul(x, w), b);
    checkForwardAndGrads(fn, [data.normal([40, 8]), data.normal([8, 6]), data.normal([6])]);
  });
});
