import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import { gruV1Composite, gruV1Gates, gruV3Composite, gruV3Gates } from '../../../src/tensor/kernels/fused/gru.js';
import { GRU_V1_KERNEL, GRU_V3_KERNEL } from '../../../src/tensor/kernels/names.js';
import { GRUCell } from '../../../src/tensor/layers/gru.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { Data } from '../kernels/compare.js';
import { BACKENDS, expectSame, gradsOf, scaled, tensorGrowth } from './helpers.js';

const data = new Data(77);
/** [B, U] pairs: single row and single unit included. */
const SHAPES: [number, number][] = [[1, 1], [1, 6], [4, 1], [3, 11], [16, 20]];
/** Pre-activations spread over [-6, 6]: both saturated and linear regions of sigmoid and tanh. */
const SPREAD = 2;
/** DreamerV3's update-gate bias (what the layer passes), and a positive one. */
const UPDATE_BIASES = [-1, 0.5];

beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
});

describe('fused GRU v1 gates (reset after) equal the composite ops', () => {
  for (const backend of BACKENDS) {
    for (const [B, U] of SHAPES) {
      it(`${backend}, B=${B} U=${U}: forward and gradients of xp, hp, h`, () => {
        const inputs = [data.normal([B, 3 * U]), data.normal([B, 3 * U]), data.normal([B, U])].map((i) => scaled(i, SPREAD));
        const dy = data.normal([B, U]);
        expectSame(backend, gruV1Gates, gruV1Composite, inputs);
        expectSame(backend, gradsOf(gruV1Gates), gradsOf(gruV1Composite), [...inputs, dy]);
        // and against the cpu backend's composite ops (an independent implementation of each op)
        expectSame(backend, gradsOf(gruV1Gates), gradsOf(gruV1Composite), [...inputs, dy], 'cpu');
      });
    }
  }
});

describe('fused GRU v3 gates equal the composite ops', () => {
  for (const backend of BACKENDS) {
    for (const [B, U] of SHAPES) {
      for (const bias of UPDATE_BIASES) {
        it(`${backend}, B=${B} U=${U}, update bias ${bias}: forward and gradients of y, h`, () => {
          const inputs = [data.normal([B, 3 * U]), data.normal([B, U])].map((i) => scaled(i, SPREAD));
          const dy = data.normal([B, U]);
          const fused = (y: tf.Tensor, h: tf.Tensor): tf.Tensor => gruV3Gates(y, h, bias);
          const composite = (y: tf.Tensor, h: tf.Tensor): tf.Tensor => gruV3Composite(y, h, bias);
          expectSame(backend, fused, composite, inputs);
          expectSame(backend, gradsOf(fused), gradsOf(composite), [...inputs, dy], 'cpu');
        });
      }
    }
  }
});

/** Output and gradients w.r.t. x, h and every variable of the cell, for one step with a random cotangent. */
function cellStep(cell: GRUCell) {
  return (x: tf.Tensor, h: tf.Tensor, dy: tf.Tensor): tf.Tensor[] => {
    const vars = [...cell.variables().values()];
    const f = (): tf.Scalar => tf.sum(tf.mul(cell.apply(x, h), dy));
    const { grads } = tf.variableGrads(f, vars);
    const [dx, dh] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(cell.apply(a, b), dy)))([x, h]);
    return [cell.apply(x, h), dx, dh, ...vars.map((v) => grads[v.name])];
  };
}

describe('GRUCell uses the fused gates and still computes the same step', () => {
  const cases = [
    { name: 'v1, reset after', options: { resetAfter: true } },
    { name: 'v3, layer norm', options: { variant: 'v3' as const, norm: 'layer' as const } },
    { name: 'v3, rms norm', options: { variant: 'v3' as const, norm: 'rms' as const } },
    { name: 'v3, no norm', options: { variant: 'v3' as const, norm: 'none' as const } },
  ];
  for (const backend of BACKENDS) {
    for (const { name, options } of cases) {
      it(`${backend}, ${name}: output and all gradients, fused vs composite`, () => {
        tf.setBackend(backend);
        const cell = new GRUCell('gru', 5, 7, { ...options, rng: new TensorRng(3) });
        const inputs = [data.normal([3, 5]), data.normal([3, 7]), data.normal([3, 7])];
        expectSame(backend, cellStep(cell), cellStep(cell), inputs);
        cell.dispose();
      });
    }
  }

  it('runs the fused kernel on cpu and wasm, and the composite ops when switched off', async () => {
    for (const backend of BACKENDS) {
      tf.setBackend(backend);
      const v1 = new GRUCell('v1', 4, 3, { resetAfter: true });
      const v3 = new GRUCell('v3', 4, 3, { variant: 'v3' });
      const kernelsOf = async (): Promise<string[]> =>
        (await tf.profile(() => tf.tidy(() => [v1.apply(tf.ones([2, 4]), tf.zeros([2, 3])), v3.apply(tf.ones([2, 4]), tf.zeros([2, 3]))]))).kernelNames;
      expect(await kernelsOf()).toEqual(expect.arrayContaining([GRU_V1_KERNEL, GRU_V3_KERNEL]));
      const previous = setFusedKernelsEnabled(false);
      const names = await kernelsOf();
      setFusedKernelsEnabled(previous);
      expect(names).not.toContain(GRU_V1_KERNEL);
      expect(names).not.toContain(GRU_V3_KERNEL);
      v1.dispose();
      v3.dispose();
    }
  });
});

describe('fused GRU gates do not leak', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: numTensors flat over repeated forward and backward steps`, () => {
      const xp = tf.randomNormal([4, 9]);
      const hp = tf.randomNormal([4, 9]);
      const h = tf.randomNormal([4, 3]);
      const step = (): void => {
        tf.tidy(() => {
          tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(gruV1Gates(a, b, c)))([xp, hp, h]);
          tf.grads((a: tf.Tensor, c: tf.Tensor) => tf.sum(gruV3Gates(a, c, -1)))([xp, h]);
        });
      };
      expect(tensorGrowth(backend, step)).toBe(0);
      tf.dispose([xp, hp, h]);
    });
  }
});
