import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { batchMatMulFix } from '../../../src/tensor/kernels/batch-matmul.js';
import { findAddon, loadAddon } from '../../../src/tensor/kernels/native-blas.js';
import { stockKernel } from '../../../src/tensor/kernels/stock.js';
import { Data, gradsOf, type Input, TOLERANCE, wasmVsCpu } from './compare.js';

const addonFile = findAddon();
const addon = addonFile ? loadAddon() : undefined;
if (!addon) {
  console.log(`native BLAS tests skipped: the addon is not built (run \`npm run build:native\`)` +
    (addonFile ? ` or does not load (${addonFile})` : ''));
}
const data = new Data(99);
const TRANSPOSES: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

function operands(batchA: number[], batchB: number[], m: number, k: number, n: number, tA: boolean, tB: boolean): Input[] {
  return [data.normal([...batchA, ...(tA ? [k, m] : [m, k])]), data.normal([...batchB, ...(tB ? [n, k] : [k, n])])];
}

function checkForwardAndGrads(fn: (...xs: tf.Tensor[]) => tf.Tensor, inputs: Input[], outShape: number[]): void {
  expect(wasmVsCpu(fn, inputs)).toBeLessThanOrEqual(TOLERANCE);
  expect(wasmVsCpu(gradsOf(fn), [...inputs, data.normal(outShape)])).toBeLessThanOrEqual(TOLERANCE);
}

describe.skipIf(!addon)('native BLAS matMul on wasm equals cpu', () => {
  beforeAll(async () => {
    const info = await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' });
    expect(info.nativeBlas).toBe(addon!.info());
  });

  it('runs one GEMM thread by default (threads not given), the count asked for otherwise', async () => {
    expect((await initBackend('wasm', { quiet: true, nativeBlas: 'auto' })).blasThreads).toBe(1);
    expect((await initBackend('wasm', { quiet: true, nativeBlas: 'auto', threads: 2 })).blasThreads).toBe(2);
    await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' }); // back to the file's set-up
  });

  it('is the BatchMatMul kernel on wasm', () => {
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).not.toBe(batchMatMulFix.kernelFunc);
  });

  it('runs Exp vectorised: equal to cpu, exp(-inf) = 0, exp(NaN) = NaN, overflow to +inf, gradient too', () => {
    const x = data.normal([37, 11]);
    expect(wasmVsCpu((t: tf.Tensor) => tf.exp(t), [x])).toBeLessThanOrEqual(TOLERANCE);
    expect(wasmVsCpu(gradsOf((t: tf.Tensor) => tf.exp(t)), [x, data.normal([37, 11])])).toBeLessThanOrEqual(TOLERANCE);
    const special = tf.exp(tf.tensor1d([Number.NEGATIVE_INFINITY, Number.NaN, 100, 0])).dataSync();
    expect(Array.from(special.slice(2))).toEqual([Number.POSITIVE_INFINITY, 1]);
    expect(special[0]).toBe(0);
    expect(Number.isNaN(special[1])).toBe(true);
    // logSoftmax (the two-hot heads' NLL) runs through it
    expect(wasmVsCpu((t: tf.Tensor) => tf.logSoftmax(t), [x])).toBeLessThanOrEqual(TOLERANCE);
  });

  it('runs EluGrad natively, split over 2 threads when large: equal to cpu, NaN kept', async () => {
    const eluGrad = (dy: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.engine().runKernel(tf.EluGrad, { dy, y }) as tf.Tensor;
    expect(tf.getKernel(tf.EluGrad, 'wasm')?.kernelFunc).not.toBe(stockKernel(tf.EluGrad).kernelFunc);
    const elu = (t: Input): Input => ({ ...t, values: (t.values as Float32Array).map((v) => (v > 0 ? v : Math.expm1(v))) });
    for (const threads of [1, 2]) {
      await initBackend('wasm', { threads, quiet: true, nativeBlas: 'auto' });
      for (const shape of [[37, 11], [1200, 200]]) { // 1200 × 200 rows: more than one part per thread
        expect(wasmVsCpu(eluGrad, [data.normal(shape), elu(data.normal(shape))])).toBeLessThanOrEqual(TOLERANCE);
      }
    }
    await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' });
    const out = eluGrad(tf.tensor1d([Number.NaN, 2, 3]), tf.tensor1d([1, -0.5, Number.NaN])).dataSync();
    expect(Number.isNaN(out[0]) && out[1] === 1 && Number.isNaN(out[2])).toBe(true);
  });

  it('keeps a NaN in an operand as NaN through every non-relu activation (the NaN guard depends on it)', () => {
    const a = tf.tensor2d([[Number.NaN, 1], [2, 3]]);
    const b = tf.tensor2d([[1, 0], [0, 1]]);
    const bias = tf.tensor1d([0, -1]);
    for (const activation of ['linear', 'elu', 'sigmoid', 'leakyrelu'] as const) {
      const out = tf.fused.matMul({ a, b, bias, activation }).dataSync();
      expect(Number.isNaN(out[0]), activation).toBe(true);
      expect(Number.isFinite(out[3]), activation).toBe(true);
    }
    tf.dispose([a, b, bias]);
  });

  for (const [tA, tB] of TRANSPOSES) {
    it(`rank 2 and batched, transposeA=${tA} transposeB=${tB}: forward and gradients`, () => {
      const fn = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.matMul(a, b, tA, tB);
      checkForwardAndGrads(fn, operands([], [], 13, 29, 7, tA, tB), [13, 7]);
      checkForwardAndGrads(fn, operands([3], [3], 6, 5, 4, tA, tB), [3, 6, 4]);
      for (const [bA, bB] of [[[2, 3], []], [[4], [1]], [[1], [3]]]) {
        expect(wasmVsCpu(fn, operands(bA, bB, 5, 6, 4, tA, tB))).toBeLessThanOrEqual(TOLERANCE);
      }
    });

    it(`fused bias + activations, transposeA=${tA} transposeB=${tB}, rank 2 and batched`, () => {
      for (const batch of [[], [2]]) {
        const [a, b] = operands(batch, batch, 9, 14, 6, tA, tB);
        const bias = data.normal([6]);
        for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
          const fn = (x: tf.Tensor, y: tf.Tensor, c: tf.Tensor): tf.Tensor =>
            tf.fused.matMul({ a: x, b: y, bias: c, transposeA: tA, transposeB: tB, activation, leakyreluAlpha: 0.3 });
          expect(wasmVsCpu(fn, [a, b, bias])).toBeLessThanOrEqual(TOLERANCE);
        }
        const elu = (x: tf.Tensor, y: tf.Tensor, c: tf.Tensor): tf.Tensor =>
          tf.fused.matMul({ a: x, b: y, bias: c, transposeA: tA, transposeB: tB, activation: 'elu' });
        checkForwardAndGrads(elu, [a, b, bias], [...batch, 9, 6]);
      }
    });
  }

  it('handles an inner dimension of 0 (all-zero output)', () => {
    const a = tf.zeros([3, 0]);
    const b = tf.zeros([0, 4]);
    expect(Array.from(tf.matMul(a, b).dataSync())).toEqual(new Array(12).fill(0));
    tf.dispose([a, b]);
  });

  it('leaks no tensors and no wasm buffers', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const a = tf.randomNormal([4, 8, 5]);
    const b = tf.randomNormal([4, 6, 5]);
    const bias = tf.randomNormal([6]);
    const step = (): void => {
      tf.tidy(() => {
        tf.grads((p: tf.Tensor, q: tf.Tensor, c: tf.Tensor) =>
          tf.sum(tf.fused.matMul({ a: p, b: q, bias: c, transposeB: true, activation: 'elu' })))([a, b, bias]);
      });
    };
    step();
    const [tensors, buffers] = [tf.memory().numTensors, backend.numDataIds()];
    for (let i = 0; i < 20; i++) step();
    expect([tf.memory().numTensors, backend.numDataIds()]).toEqual([tensors, buffers]);
    tf.dispose([a, b, bias]);
  });
});
