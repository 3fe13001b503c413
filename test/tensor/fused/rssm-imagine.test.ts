import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import {
  fusedRssmImagineActive, rssmImagine, rssmImagineComposite, rssmImagineFused,
} from '../../../src/tensor/kernels/fused/rssm-imagine.js';
import { RSSM_IMAGINE_GRAD_KERNEL, RSSM_IMAGINE_KERNEL } from '../../../src/tensor/kernels/names.js';
import { BackendError } from '../../../src/util/errors.js';
import { Data } from '../kernels/compare.js';
import { expectSame, tensorGrowth } from './helpers.js';
import { featCotangent, IMAGINE_SHAPES, imagineFn, imagineGrads, imagineInputs, SCALARS } from './rssm-imagine-helpers.js';

// The whole imagination rollout as one kernel with its JS loops (what the cpu backend runs; the addon's C loops are
// compared with these in test/tensor/kernels/native-rssm-imagine.test.ts) against the per-step composite ops.
const data = new Data(29);
const SMALL = [3, 2, 2, 2, 3, 4, 5, 3, 4];
beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
  tf.setBackend('cpu');
});

/** The fused path through `rssmImagine` (stopGradient on the constants included). */
const fusedImagine: typeof rssmImagineComposite = (i, a, p, k) => rssmImagine(i, a, p, k, true);
const compositeImagine: typeof rssmImagineComposite = (i, a, p, k) => rssmImagine(i, a, p, k, false);

describe('the imagination rollout as one kernel equals the per-step ops, on cpu', () => {
  for (const shape of IMAGINE_SHAPES) {
    it(`H,N,S,A,D,U1,U2,Hi,Ho = ${shape}: feat, and the gradients of the start state and the actor's 6 weights`, () => {
      const inputs = imagineInputs(data, shape);
      expectSame('cpu', imagineFn(rssmImagineFused), imagineFn(rssmImagineComposite), inputs);
      expectSame('cpu', imagineGrads(fusedImagine), imagineGrads(compositeImagine), [...inputs, featCotangent(data, shape)]);
    });
  }

  it('is one kernel forward and one backward', async () => {
    const xs = imagineInputs(data, SMALL).map((i) => tf.tensor(i.values, i.shape));
    const dy = tf.onesLike(imagineFn(rssmImagineFused)(...xs));
    const profile = await tf.profile(() => tf.tidy(() => imagineGrads(fusedImagine)(...xs, dy)));
    expect(profile.kernelNames.filter((n) => n.startsWith('DreamerRssm'))).toEqual([RSSM_IMAGINE_KERNEL, RSSM_IMAGINE_GRAD_KERNEL]);
    expect(profile.kernelNames).not.toContain('BatchMatMul');
    tf.dispose([...xs, dy]);
  });

  it('does not leak: numTensors flat over forward and backward passes, recorded or not', () => {
    const xs = imagineInputs(data, SMALL).map((i) => tf.tensor(i.values, i.shape));
    const dy = tf.onesLike(imagineFn(rssmImagineFused)(...xs));
    const step = (): void => {
      tf.tidy(() => void imagineGrads(fusedImagine)(...xs, dy));
      imagineFn(fusedImagine)(...xs).dispose(); // outside any tape and tidy: the saved activations must go too
    };
    expect(tensorGrowth('cpu', step)).toBe(0);
    tf.dispose([...xs, dy]);
  });

  it('names the problem when the shapes do not fit', () => {
    const [s0, h0, w1, b1, w2, b2, w3, b3, epsA, epsS, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] =
      imagineInputs(data, SMALL).map((i) => tf.tensor(i.values, i.shape));
    const a = { w1, b1, w2, b2, w3, b3 };
    const p = { wi, bi, wx, bx, wh, bh, wo, bo, wd, bd };
    expect(() => rssmImagine({ s0, h0, epsA, epsS }, { ...a, w1: w2 }, p, SCALARS)).toThrow(BackendError);
    expect(() => rssmImagine({ s0, h0, epsA: tf.slice(epsA, 0, 5), epsS }, a, p, SCALARS)).toThrow(/time-major/);
    expect(() => rssmImagine({ s0, h0, epsA, epsS }, a, p, SCALARS).dispose()).not.toThrow();
    tf.dispose([s0, h0, epsA, epsS, ...Object.values(a), ...Object.values(p)]);
  });

  it('rssmImagine runs the composite ops where the loops are not native (here: cpu, wasm without the addon)', async () => {
    for (const backend of ['cpu', 'wasm']) {
      tf.setBackend(backend);
      expect(fusedRssmImagineActive()).toBe(false);
      const xs = imagineInputs(data, SMALL).map((i) => tf.tensor(i.values, i.shape));
      const { kernelNames } = await tf.profile(() => tf.tidy(() => imagineFn(rssmImagine)(...xs)));
      expect(kernelNames).not.toContain(RSSM_IMAGINE_KERNEL);
      expect(kernelNames).toContain('_FusedMatMul');
      tf.dispose(xs);
    }
    tf.setBackend('cpu');
  });
});
