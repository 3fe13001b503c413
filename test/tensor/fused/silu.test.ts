import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { JS_EXP_LOOP_MAX_ELEMENTS } from '../../../src/tensor/kernels/fused/math.js';
import { silu, siluComposite } from '../../../src/tensor/kernels/fused/silu.js';
import { SILU_KERNEL } from '../../../src/tensor/kernels/names.js';
import { Data } from '../kernels/compare.js';
import { BACKENDS, expectSame, gradsOf, scaled } from './helpers.js';

const data = new Data(91);
/** Shapes incl. a single element and a rank-3 tensor. */
const SHAPES = [[1], [7, 5], [2, 3, 4], [64, 128]];
/** Inputs spread over about [-8, 8]: both saturated ends of the sigmoid and the linear middle. */
const SPREAD = 3;

beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
});

describe('fused SiLU equals x·σ(x) from the composite ops', () => {
  for (const backend of BACKENDS) {
    for (const shape of SHAPES) {
      it(`${backend}, shape [${shape}]: forward and gradient`, () => {
        const x = scaled(data.normal(shape), SPREAD);
        const dy = data.normal(shape);
        expectSame(backend, silu, siluComposite, [x]);
        expectSame(backend, gradsOf(silu), gradsOf(siluComposite), [x, dy], 'cpu');
      });
    }
  }

  it('is one kernel forward below the JS loops’ size limit and the composite ops above it', async () => {
    const small = tf.ones([4, 8]);
    const large = tf.ones([JS_EXP_LOOP_MAX_ELEMENTS + 1]);
    const names = async (x: tf.Tensor): Promise<string[]> => (await tf.profile(() => void silu(x))).kernels.map((k) => k.name);
    expect(await names(small)).toEqual([SILU_KERNEL]);
    expect(await names(large)).toEqual(['Sigmoid', 'Multiply']);
    tf.dispose([small, large]);
  });
});
