import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import {
  FUSED_GRU_CELL_MAX_STATE, fusedGruCellActive, gruCellV1, gruCellV1Composite, gruCellV1Fused,
} from '../../../src/tensor/kernels/fused/gru-cell.js';
import { JS_FUSED_MATH, nativeFusedMath, type FusedMath, type NativeFusedFunctions } from '../../../src/tensor/kernels/fused/math.js';
import { disableNativeBlas, enableNativeBlas, loadAddon } from '../../../src/tensor/kernels/native-blas.js';
import { GRU_CELL_V1_GRAD_KERNEL, GRU_CELL_V1_KERNEL } from '../../../src/tensor/kernels/names.js';
import { Dense } from '../../../src/tensor/layers/dense.js';
import { GRUCell } from '../../../src/tensor/layers/gru.js';
import { Adam } from '../../../src/tensor/optim/adam.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { expectSame, gradsOf, scaled, tensorGrowth } from '../fused/helpers.js';
import { Data, relativeError, TOLERANCE } from './compare.js';

// The addon's GRU cell (native/src/gru_cell.cc: our sgemm + the gates) against its JS twin, and through the kernel
// on wasm against the composite ops (two dense products + the fused gates).
const addon = loadAddon() as (ReturnType<typeof loadAddon> & Partial<NativeFusedFunctions>) | undefined;
const native: FusedMath | undefined = addon ? nativeFusedMath(addon) : undefined;
const hasCell = native?.nativeGruCell === true;
if (!hasCell) console.log('native GRU cell tests skipped: the addon is not built or predates gru_cell.cc (run `npm run build:native`)');

const data = new Data(5);
/** [B, I, U]: the reference step's observation loop (16, 200, 200) and imagination (800, 200, 200) included. */
const SHAPES: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [16, 200, 200], [37, 33, 65]];

describe.skipIf(!hasCell)('native GRU cell loops equal the JS loops', () => {
  for (const [B, I, U] of SHAPES) {
    for (const scale of [1, 6]) {
      it(`B=${B} I=${I} U=${U}, inputs ×${scale}: forward, saved gates and all six gradients`, () => {
        const [x, h, wx, bx, wh, bh, dy] = [[B, I], [B, U], [I, 3 * U], [3 * U], [U, 3 * U], [3 * U], [B, U]]
          .map((s, i) => scaled(data.normal(s), i < 2 ? scale : i === 6 ? 1 : 1 / Math.sqrt(s[0])).values as Float32Array);
        const run = (m: FusedMath): Float32Array[] => {
          const sizes = [B * U, 4 * B * U, B * I, B * U, I * 3 * U, 3 * U, U * 3 * U, 3 * U];
          const o = sizes.map((n) => new Float32Array(n));
          m.gruCellV1Forward(B, I, U, x, h, wx, bx, wh, bh, o[0], o[1]);
          m.gruCellV1Backward(B, I, U, x, h, wx, wh, o[1], dy, o[2], o[3], o[4], o[5], o[6], o[7]);
          return o;
        };
        const [got, want] = [run(native!), run(JS_FUSED_MATH)];
        got.forEach((g, i) => expect(relativeError(g, want[i]), `output ${i}`).toBeLessThanOrEqual(TOLERANCE));
      });
    }
  }

  it('rejects arrays shorter than the shapes say', () => {
    const a = new Float32Array(4);
    expect(() => addon!.gruCellV1Forward!(a, a, a, a, a, a, a, a, 2, 3, 4)).toThrow(/shorter than its shape/);
  });
});

describe.skipIf(!hasCell)('the fused GRU cell on wasm with the addon', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' });
    enableNativeBlas('auto', 1);
  });
  afterAll(() => disableNativeBlas());

  it('is what gruCellV1 and GRUCell run: one kernel forward, one backward; composite when switched off', async () => {
    expect(fusedGruCellActive()).toBe(true);
    const gru = new GRUCell('g', 4, 3, { resetAfter: true, rng: new TensorRng(1) });
    const x = tf.ones([2, 4]);
    const kernels = async (): Promise<string[]> =>
      (await tf.profile(() => tf.tidy(() => tf.grads((a: tf.Tensor) => tf.sum(gru.apply(a, tf.zeros([2, 3]))))([x])))).kernelNames;
    const fused = await kernels();
    expect(fused).toEqual(expect.arrayContaining([GRU_CELL_V1_KERNEL, GRU_CELL_V1_GRAD_KERNEL]));
    expect(fused).not.toContain('BatchMatMul');
    const previous = setFusedKernelsEnabled(false);
    const composite = await kernels();
    setFusedKernelsEnabled(previous);
    expect(composite).not.toContain(GRU_CELL_V1_KERNEL);
    expect(composite).toContain('BatchMatMul');
    tf.dispose(x);
    gru.dispose();
  });

  it(`runs the composite ops above ${FUSED_GRU_CELL_MAX_STATE} state elements`, async () => {
    expect(fusedGruCellActive(FUSED_GRU_CELL_MAX_STATE)).toBe(true);
    expect(fusedGruCellActive(FUSED_GRU_CELL_MAX_STATE + 1)).toBe(false);
    const [U, B] = [8, FUSED_GRU_CELL_MAX_STATE / 8 + 1];
    const p = { wx: tf.ones([3, 3 * U]), bx: tf.zeros([3 * U]), wh: tf.ones([U, 3 * U]), bh: tf.zeros([3 * U]) };
    const { kernelNames } = await tf.profile(() => tf.tidy(() => gruCellV1(tf.ones([B, 3]), tf.zeros([B, U]), p)));
    expect(kernelNames).not.toContain(GRU_CELL_V1_KERNEL);
    tf.dispose(Object.values(p));
  });

  for (const [B, I, U] of [[1, 1, 1], [3, 5, 7], [16, 200, 200], [800, 32, 200]] as const) {
    it(`B=${B} I=${I} U=${U}: h' and gradients equal the composite ops (wasm and cpu)`, () => {
      const shapes = [[B, I], [B, U], [I, 3 * U], [3 * U], [U, 3 * U], [3 * U]];
      const inputs = shapes.map((s, i) => scaled(data.normal(s), i < 2 ? 1.5 : 1 / Math.sqrt(s[0])));
      const dy = data.normal([B, U]);
      const fused = (x: tf.Tensor, h: tf.Tensor, wx: tf.Tensor, bx: tf.Tensor, wh: tf.Tensor, bh: tf.Tensor) => gruCellV1Fused(x, h, { wx, bx, wh, bh });
      const composite = (x: tf.Tensor, h: tf.Tensor, wx: tf.Tensor, bx: tf.Tensor, wh: tf.Tensor, bh: tf.Tensor) =>
        gruCellV1Composite(x, h, { wx, bx, wh, bh });
      expectSame('wasm', fused, composite, inputs);
      expectSame('wasm', gradsOf(fused), gradsOf(composite), [...inputs, dy]);
      expectSame('wasm', gradsOf(fused), gradsOf(composite), [...inputs, dy], 'cpu');
    });
  }

  it('does not leak: numTensors flat over recorded and unrecorded steps', () => {
    const gru = new GRUCell('g', 6, 5, { resetAfter: true, rng: new TensorRng(2) });
    const [x, h] = [tf.randomNormal([4, 6]), tf.randomNormal([4, 5])];
    const step = (): void => {
      tf.tidy(() => {
        tf.variableGrads(() => tf.sum(gru.apply(x, gru.apply(x, h))) as tf.Scalar);
        gru.apply(x, h);
      });
      gru.apply(x, h).dispose(); // outside any tape and tidy: the saved gates must go too
    };
    expect(tensorGrowth('wasm', step)).toBe(0);
    tf.dispose([x, h]);
    gru.dispose();
  });

  it('training is unchanged: losses of 8 Adam updates of a small recurrent model, fused cell vs composite', () => {
    // a GRU unrolled over T steps with a readout, fitted to a fixed random target sequence
    const [T, B, I, U] = [6, 4, 3, 16];
    const train = (fusedCell: boolean): number[] => {
      const rng = new TensorRng(7);
      const gru = new GRUCell('g', I, U, { resetAfter: true, rng });
      const head = new Dense('head', U, 1, { rng });
      const xs = tf.randomNormal([T, B, I], 0, 1, 'float32', 3);
      const ys = tf.randomNormal([T, B, 1], 0, 1, 'float32', 4);
      const vars = new Map([...gru.variables(), ...head.variables()]);
      const adam = new Adam('opt', vars, { lr: 1e-2, eps: 1e-5, clip: 100 });
      const losses: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        const previous = setFusedKernelsEnabled(true);
        losses.push(adam.minimize(() => {
          // the composite run switches only the cell off (fusedGruCellActive), the rest stays as it is
          const x = tf.unstack(xs);
          const y = tf.unstack(ys);
          let h: tf.Tensor = tf.zeros([B, U]);
          let loss: tf.Tensor = tf.scalar(0);
          for (let t = 0; t < T; t += 1) {
            h = fusedCell ? gru.apply(x[t], h) : gruCellV1Composite(x[t], h, {
              wx: gru.variables().get('g/input/kernel')!, bx: gru.variables().get('g/input/bias')!,
              wh: gru.variables().get('g/recurrent/kernel')!, bh: gru.variables().get('g/recurrent/bias')!,
            });
            loss = tf.add(loss, tf.mean(tf.square(tf.sub(head.apply(h), y[t]))));
          }
          return loss as tf.Scalar;
        }).loss);
        setFusedKernelsEnabled(previous);
      }
      tf.dispose([xs, ys]);
      gru.dispose();
      head.dispose();
      return losses;
    };
    const [fused, composite] = [train(true), train(false)];
    expect(composite[7]).toBeLessThan(composite[0]); // it learns
    fused.forEach((l, i) => expect(Math.abs(l - composite[i]) / Math.abs(composite[i]), `update ${i}`).toBeLessThan(1e-4));
  });
});
