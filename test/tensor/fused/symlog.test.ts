import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { fusedSymlog, symlogComposite } from '../../../src/tensor/kernels/fused/symlog.js';
import { SYMLOG_KERNEL } from '../../../src/tensor/kernels/names.js';
import { Data } from '../kernels/compare.js';
import { BACKENDS, expectSame, gradsOf, run, scaled } from './helpers.js';

const data = new Data(211);

beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
});

describe('fused symlog equals sign(x)·log1p(|x|)', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: forward and gradient over [-300, 300]`, () => {
      const x = scaled(data.normal([33, 7]), 100);
      expectSame(backend, fusedSymlog, symlogComposite, [x]);
      expectSame(backend, gradsOf(fusedSymlog), gradsOf(symlogComposite), [x, data.normal([33, 7])], 'cpu');
    });

    it(`${backend}: the derivative at 0 is 1 (the composite ops' sign/abs gradients give 0 there)`, () => {
      const [g] = run(backend, true, (x: tf.Tensor) => tf.grad(fusedSymlog)(x), [{ values: new Float32Array([0, -1, 1]), shape: [3] }]);
      expect(Array.from(g!)).toEqual([1, 0.5, 0.5]);
    });
  }

  it('is one kernel', async () => {
    const x = tf.ones([4, 5]);
    expect((await tf.profile(() => void fusedSymlog(x))).kernels.map((k) => k.name)).toEqual([SYMLOG_KERNEL]);
    x.dispose();
  });
});
