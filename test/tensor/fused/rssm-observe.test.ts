import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import {
  fusedRssmObserveActive, rssmObserve, rssmObserveComposite, rssmObserveFused, type RssmObserveParams,
} from '../../../src/tensor/kernels/fused/rssm-observe.js';
import { RSSM_OBSERVE_GRAD_KERNEL, RSSM_OBSERVE_KERNEL } from '../../../src/tensor/kernels/names.js';
import { BackendError } from '../../../src/util/errors.js';
import { Data } from '../kernels/compare.js';
import { expectSame, gradsOf, tensorGrowth } from './helpers.js';
import { cotangent, MIN_STD, observeFn, RSSM_SHAPES, rssmInputs } from './rssm-helpers.js';

// The whole observation sequence as one kernel with its JS loops (what the cpu backend runs; the addon's C loops
// are compared with these in test/tensor/kernels/native-rssm-observe.test.ts) against the per-step composite ops.
const data = new Data(17);
beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
  tf.setBackend('cpu');
});

describe('the RSSM observation sequence as one kernel equals the per-step ops, on cpu', () => {
  for (const shape of RSSM_SHAPES) {
    it(`T,B,S,A,E,Hi,D,Ho = ${shape}: outputs and the gradients of all 15 inputs`, () => {
      const inputs = rssmInputs(data, shape);
      expectSame('cpu', observeFn(rssmObserveFused), observeFn(rssmObserveComposite), inputs);
      expectSame('cpu', gradsOf(observeFn(rssmObserveFused)), gradsOf(observeFn(rssmObserveComposite)),
        [...inputs, cotangent(data, shape)]);
    });
  }

  it('is one kernel forward and one backward', async () => {
    const xs = rssmInputs(data, [3, 2, 2, 2, 3, 4, 5, 3]).map((i) => tf.tensor(i.values, i.shape));
    const profile = await tf.profile(() => tf.tidy(() => tf.grads((...v: tf.Tensor[]) => tf.sum(observeFn(rssmObserveFused)(...v)))(xs)));
    expect(profile.kernelNames.filter((n) => n.startsWith('DreamerRssm'))).toEqual([RSSM_OBSERVE_KERNEL, RSSM_OBSERVE_GRAD_KERNEL]);
    expect(profile.kernelNames).not.toContain('BatchMatMul');
    tf.dispose(xs);
  });

  it('does not leak: numTensors flat over forward and backward passes, recorded or not', () => {
    const xs = rssmInputs(data, [3, 2, 2, 2, 3, 4, 5, 3]).map((i) => tf.tensor(i.values, i.shape));
    const step = (): void => {
      tf.tidy(() => void tf.grads((...v: tf.Tensor[]) => tf.sum(observeFn(rssmObserveFused)(...v)))(xs));
      const [s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = xs;
      const o = rssmObserveFused({ s0, h0, act, embed, eps }, { wi, bi, wx, bx, wh, bh, wo, bo, wd, bd }, MIN_STD);
      tf.dispose(Object.values(o)); // outside any tape and tidy: the saved activations must go too
    };
    expect(tensorGrowth('cpu', step)).toBe(0);
    tf.dispose(xs);
  });

  it('names the problem when the shapes do not fit', () => {
    const [s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] =
      rssmInputs(data, [2, 2, 2, 2, 3, 4, 5, 3]).map((i) => tf.tensor(i.values, i.shape));
    const p: RssmObserveParams = { wi, bi, wx, bx, wh, bh, wo, bo, wd, bd };
    expect(() => rssmObserve({ s0, h0, act, embed, eps }, { ...p, wo: wx }, MIN_STD)).toThrow(BackendError);
    expect(() => rssmObserve({ s0, h0, act: tf.slice(act, 0, 3), embed, eps }, p, MIN_STD)).toThrow(/time-major/);
    expect(() => tf.dispose(Object.values(rssmObserve({ s0, h0, act, embed, eps }, p, MIN_STD)))).not.toThrow();
    tf.dispose([s0, h0, act, embed, eps, ...Object.values(p)]);
  });

  it('rssmObserve runs the composite ops where the loops are not native (here: cpu, wasm without the addon)', async () => {
    for (const backend of ['cpu', 'wasm']) {
      tf.setBackend(backend);
      expect(fusedRssmObserveActive()).toBe(false);
      const xs = rssmInputs(data, [2, 2, 2, 2, 3, 4, 5, 3]).map((i) => tf.tensor(i.values, i.shape));
      const { kernelNames } = await tf.profile(() => tf.tidy(() => observeFn(rssmObserve)(...xs)));
      expect(kernelNames).not.toContain(RSSM_OBSERVE_KERNEL);
      expect(kernelNames).toContain('_FusedMatMul');
      tf.dispose(xs);
    }
    tf.setBackend('cpu');
  });
});
