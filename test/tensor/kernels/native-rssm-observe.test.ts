import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import { JS_FUSED_MATH, nativeFusedMath, type FusedMath, type NativeFusedFunctions } from '../../../src/tensor/kernels/fused/math.js';
import { savedWidth, type RssmDims } from '../../../src/tensor/kernels/fused/rssm-observe-math.js';
import {
  fusedRssmObserveActive, rssmObserve, rssmObserveComposite, rssmObserveFused,
} from '../../../src/tensor/kernels/fused/rssm-observe.js';
import { disableNativeBlas, enableNativeBlas, loadAddon } from '../../../src/tensor/kernels/native-blas.js';
import { RSSM_OBSERVE_GRAD_KERNEL, RSSM_OBSERVE_KERNEL } from '../../../src/tensor/kernels/names.js';
import { expectSame, gradsOf, tensorGrowth } from '../fused/helpers.js';
import { cotangent, MIN_STD, observeFn, RSSM_SHAPES, rssmInputs } from '../fused/rssm-helpers.js';
import { Data, relativeError, TOLERANCE } from './compare.js';

// The addon's observation sequence (native/src/rssm_observe.cc) against its JS twin, and through the kernel on
// wasm against the per-step composite ops.
const addon = loadAddon() as (ReturnType<typeof loadAddon> & Partial<NativeFusedFunctions>) | undefined;
const native: FusedMath | undefined = addon ? nativeFusedMath(addon) : undefined;
const hasSeq = native?.nativeRssmObserve === true;
if (!hasSeq) console.log('native RSSM observe tests skipped: the addon is not built or predates rssm_observe.cc (run `npm run build:native`)');

const data = new Data(23);
/** The reference step's sizes (T 50, B 16, S 30, A 2, E 200, Hi 200, D 200, Ho 200) with a shorter T included. */
const NATIVE_SHAPES = [...RSSM_SHAPES, [5, 16, 30, 2, 200, 200, 200, 200], [3, 7, 5, 3, 33, 17, 65, 9]];

describe.skipIf(!hasSeq)('native RSSM observe loops equal the JS loops', () => {
  // with 2 threads the batch rows are split into blocks, one per thread (B = 1: one block; B = 7: 3 + 4 rows)
  for (const [shape, threads] of [...NATIVE_SHAPES.map((s) => [s, 1] as const), ...NATIVE_SHAPES.map((s) => [s, 2] as const)]) {
    it(`T,B,S,A,E,Hi,D,Ho = ${shape}, ${threads} thread(s): the four outputs, saved and all 15 gradients`, () => {
      addon!.setThreads(threads);
      const [T, B, S, A, E, Hi, D, Ho] = shape;
      const d: RssmDims = { T, B, S, A, E, Hi, D, Ho };
      const ins = rssmInputs(data, shape).map((i) => i.values as Float32Array);
      const N = T * B;
      const grads = [[N, S], [N, D], [N, S], [N, S]].map((s) => data.normal(s).values as Float32Array);
      const run = (m: FusedMath): Float32Array[] => {
        const [s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = ins;
        const f = [N * S, N * D, N * S, N * S, N * savedWidth(d)].map((n) => new Float32Array(n));
        m.rssmObserveForward(d, MIN_STD, s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd, f[0], f[1], f[2], f[3], f[4]);
        const g = [s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd].map((a) => new Float32Array(a.length));
        m.rssmObserveBackward(d, s0, h0, act, embed, eps, wi, wx, wh, wo, wd, f[0], f[1], f[3], f[4], grads[0], grads[1],
          grads[2], grads[3], g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12], g[13], g[14]);
        return [...f, ...g];
      };
      const [got, want] = [run(native!), run(JS_FUSED_MATH)];
      got.forEach((g, i) => expect(relativeError(g, want[i]), `output ${i}`).toBeLessThanOrEqual(TOLERANCE));
      addon!.setThreads(1);
    });
  }

  it('rejects arrays shorter than the shapes say', () => {
    const a = new Float32Array(4);
    const arrays = Array.from({ length: 20 }, () => a);
    expect(() => addon!.rssmObserveForward!(...arrays, 2, 2, 2, 2, 2, 2, 2, 2, 0.1)).toThrow(/shorter than its shape/);
  });
});

describe.skipIf(!hasSeq)('the RSSM observe kernel on wasm with the addon', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' });
    enableNativeBlas('auto', 1);
  });
  afterAll(() => disableNativeBlas());

  it('is what rssmObserve runs: one kernel forward, one backward; the per-step ops when switched off', async () => {
    expect(fusedRssmObserveActive()).toBe(true);
    const xs = rssmInputs(data, [3, 2, 2, 2, 3, 4, 5, 3]).map((i) => tf.tensor(i.values, i.shape));
    const kernels = async (): Promise<string[]> =>
      (await tf.profile(() => tf.tidy(() => tf.grads((...v: tf.Tensor[]) => tf.sum(observeFn(rssmObserve)(...v)))(xs)))).kernelNames;
    const fused = await kernels();
    expect(fused.filter((n) => n.startsWith('DreamerRssm'))).toEqual([RSSM_OBSERVE_KERNEL, RSSM_OBSERVE_GRAD_KERNEL]);
    expect(fused).not.toContain('BatchMatMul');
    const previous = setFusedKernelsEnabled(false);
    const composite = await kernels();
    setFusedKernelsEnabled(previous);
    expect(composite).not.toContain(RSSM_OBSERVE_KERNEL);
    expect(composite).toContain('BatchMatMul');
    tf.dispose(xs);
  });

  for (const shape of NATIVE_SHAPES) {
    it(`T,B,S,A,E,Hi,D,Ho = ${shape}: outputs and gradients equal the per-step ops (wasm and cpu)`, () => {
      const inputs = rssmInputs(data, shape);
      const dy = cotangent(data, shape);
      const [fused, composite] = [observeFn(rssmObserveFused), observeFn(rssmObserveComposite)];
      expectSame('wasm', fused, composite, inputs);
      expectSame('wasm', gradsOf(fused), gradsOf(composite), [...inputs, dy]);
      expectSame('wasm', gradsOf(fused), gradsOf(composite), [...inputs, dy], 'cpu');
    });
  }

  it('does not leak: numTensors flat over recorded and unrecorded sequences', () => {
    const xs = rssmInputs(data, [4, 3, 2, 2, 3, 4, 5, 3]).map((i) => tf.tensor(i.values, i.shape));
    const step = (): void => {
      tf.tidy(() => void tf.grads((...v: tf.Tensor[]) => tf.sum(observeFn(rssmObserve)(...v)))(xs));
      tf.tidy(() => void observeFn(rssmObserve)(...xs));
      const [s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = xs;
      tf.dispose(Object.values(rssmObserve({ s0, h0, act, embed, eps }, { wi, bi, wx, bx, wh, bh, wo, bo, wd, bd }, MIN_STD)));
    };
    expect(tensorGrowth('wasm', step)).toBe(0);
    tf.dispose(xs);
  });
});
