import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import {
  fusedGruCellActive, gruCellV1, gruCellV1Composite, gruCellV1Fused, type GruCellV1Params,
} from '../../../src/tensor/kernels/fused/gru-cell.js';
import { GRU_CELL_V1_KERNEL, GRU_V1_KERNEL } from '../../../src/tensor/kernels/names.js';
import { GRUCell } from '../../../src/tensor/layers/gru.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { BackendError } from '../../../src/util/errors.js';
import { Data } from '../kernels/compare.js';
import { expectSame, gradsOf, scaled, tensorGrowth } from './helpers.js';

// The fused GRU cell's kernel with its JS loops (what the cpu backend runs; the addon's C loops are compared with
// these in test/tensor/kernels/native-gru-cell.test.ts) against the composite ops: two dense products + gates.
const data = new Data(91);
/** [B, I, U]: single row, single input and single unit included. */
const SHAPES: [number, number, number][] = [[1, 1, 1], [1, 4, 6], [5, 1, 3], [3, 5, 7], [16, 12, 20]];

const cell = (fn: typeof gruCellV1Composite) => (x: tf.Tensor, h: tf.Tensor, wx: tf.Tensor, bx: tf.Tensor, wh: tf.Tensor, bh: tf.Tensor) =>
  fn(x, h, { wx, bx, wh, bh });

function inputsFor(B: number, I: number, U: number) {
  // pre-activations spread wide enough to reach the saturated parts of sigmoid and tanh
  return [
    scaled(data.normal([B, I]), 1.5), scaled(data.normal([B, U]), 1.5),
    scaled(data.normal([I, 3 * U]), 1), scaled(data.normal([3 * U]), 1),
    scaled(data.normal([U, 3 * U]), 1), scaled(data.normal([3 * U]), 1),
  ];
}

beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
  tf.setBackend('cpu');
});

describe('fused GRU cell (v1, reset after) equals two dense products and the gates, on cpu', () => {
  for (const [B, I, U] of SHAPES) {
    it(`B=${B} I=${I} U=${U}: h' and the gradients of x, h, wx, bx, wh, bh`, () => {
      const inputs = inputsFor(B, I, U);
      const dy = data.normal([B, U]);
      expectSame('cpu', cell(gruCellV1Fused), cell(gruCellV1Composite), inputs);
      expectSame('cpu', gradsOf(cell(gruCellV1Fused)), gradsOf(cell(gruCellV1Composite)), [...inputs, dy]);
    });
  }

  it('is one kernel forward and one backward', async () => {
    const [x, h, wx, bx, wh, bh] = inputsFor(2, 3, 4).map((i) => tf.tensor(i.values, i.shape));
    const profile = await tf.profile(() =>
      tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(gruCellV1Fused(a, b, { wx, bx, wh, bh })))([x, h])),
    );
    expect(profile.kernelNames.filter((n) => n.startsWith('DreamerGruCell'))).toEqual([GRU_CELL_V1_KERNEL, `${GRU_CELL_V1_KERNEL}Grad`]);
    expect(profile.kernelNames).not.toContain('BatchMatMul');
    tf.dispose([x, h, wx, bx, wh, bh]);
  });

  it('does not leak: numTensors flat over forward and backward steps, recorded or not', () => {
    const [x, h, wx, bx, wh, bh] = inputsFor(4, 3, 5).map((i) => tf.tensor(i.values, i.shape));
    const p: GruCellV1Params = { wx, bx, wh, bh };
    const step = (): void => {
      tf.tidy(() => {
        tf.grads((a: tf.Tensor, b: tf.Tensor, w: tf.Tensor) => tf.sum(gruCellV1Fused(a, b, { ...p, wx: w })))([x, h, wx]);
      });
      gruCellV1Fused(x, h, p).dispose(); // outside any tape and tidy: the saved gates must go too
    };
    expect(tensorGrowth('cpu', step)).toBe(0);
    tf.dispose([x, h, wx, bx, wh, bh]);
  });

  it('names the problem when the shapes do not fit', () => {
    const [x, h, wx, bx, wh, bh] = inputsFor(2, 3, 4).map((i) => tf.tensor(i.values, i.shape));
    expect(() => gruCellV1(x, h, { wx: wh, bx, wh, bh })).toThrow(BackendError);
    expect(() => gruCellV1(x, h, { wx, bx, wh, bh })).not.toThrow();
    tf.dispose([x, h, wx, bx, wh, bh]);
  });

  it('GRUCell runs the composite ops where the cell loops are not native (here: cpu, wasm without the addon)', async () => {
    for (const backend of ['cpu', 'wasm']) {
      tf.setBackend(backend);
      expect(fusedGruCellActive()).toBe(false);
      const gru = new GRUCell('g', 4, 3, { resetAfter: true, rng: new TensorRng(1) });
      const { kernelNames } = await tf.profile(() => tf.tidy(() => gru.apply(tf.ones([2, 4]), tf.zeros([2, 3]))));
      expect(kernelNames).toContain(GRU_V1_KERNEL);
      expect(kernelNames).not.toContain(GRU_CELL_V1_KERNEL);
      gru.dispose();
    }
    tf.setBackend('cpu');
    setFusedKernelsEnabled(true);
  });
});
