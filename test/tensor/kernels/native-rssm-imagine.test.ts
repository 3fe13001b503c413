import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import { JS_FUSED_MATH, nativeFusedMath, type FusedMath, type NativeFusedFunctions } from '../../../src/tensor/kernels/fused/math.js';
import { imagineSavedWidth, type ImagineDims } from '../../../src/tensor/kernels/fused/rssm-imagine-math.js';
import {
  fusedRssmImagineActive, rssmImagine, rssmImagineComposite, type ImagineActorParams,
} from '../../../src/tensor/kernels/fused/rssm-imagine.js';
import { disableNativeBlas, enableNativeBlas, loadAddon } from '../../../src/tensor/kernels/native-blas.js';
import { RSSM_IMAGINE_GRAD_KERNEL, RSSM_IMAGINE_KERNEL } from '../../../src/tensor/kernels/names.js';
import { expectSame, tensorGrowth } from '../fused/helpers.js';
import { featCotangent, IMAGINE_SHAPES, imagineFn, imagineGrads, imagineInputs, SCALARS } from '../fused/rssm-imagine-helpers.js';
import { Data, relativeError, TOLERANCE } from './compare.js';

// The addon's imagination rollout (native/src/rssm_imagine.cc) against its JS twin, and through the kernel on wasm
// against the per-step composite ops.
const addon = loadAddon() as (ReturnType<typeof loadAddon> & Partial<NativeFusedFunctions>) | undefined;
const native: FusedMath | undefined = addon ? nativeFusedMath(addon) : undefined;
const hasRoll = native?.nativeRssmImagine === true;
if (!hasRoll) console.log('native RSSM imagine tests skipped: the addon is not built or predates rssm_imagine.cc (run `npm run build:native`)');

const data = new Data(31);
/** Gradient comparisons through the whole rollout (see where it is used). */
const BPTT_TOLERANCE = 3 * TOLERANCE;
/** The reference sizes (S 30, A 2, D 200, units 200) on fewer rows and steps, and an odd-sized one. */
const NATIVE_SHAPES = [...IMAGINE_SHAPES, [3, 40, 30, 2, 200, 200, 200, 200, 200], [3, 7, 5, 3, 65, 17, 9, 33, 11]];
const fusedImagine: typeof rssmImagineComposite = (i, a, p, k) => rssmImagine(i, a, p, k, true);
const compositeImagine: typeof rssmImagineComposite = (i, a, p, k) => rssmImagine(i, a, p, k, false);

describe.skipIf(!hasRoll)('native RSSM imagine loops equal the JS loops', () => {
  // with 2 threads the start rows are split into blocks, one per thread (N = 1: one block; N = 7: 3 + 4 rows)
  for (const [shape, threads] of [...NATIVE_SHAPES.map((s) => [s, 1] as const), ...NATIVE_SHAPES.map((s) => [s, 2] as const)]) {
    it(`H,N,S,A,D,U1,U2,Hi,Ho = ${shape}, ${threads} thread(s): feat, saved and the 8 gradients`, () => {
      addon!.setThreads(threads);
      const [H, N, S, A, D, U1, U2, Hi, Ho] = shape;
      const d: ImagineDims = { H, N, S, A, D, U1, U2, Hi, Ho };
      const ins = imagineInputs(data, shape).map((i) => i.values as Float32Array);
      const gFeat = featCotangent(data, shape).values as Float32Array;
      const run = (m: FusedMath): Float32Array[] => {
        const [s0, h0, w1, b1, w2, b2, w3, b3, epsA, epsS, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = ins;
        const [feat, saved] = [H * N * (S + D), H * N * imagineSavedWidth(d)].map((n) => new Float32Array(n));
        m.rssmImagineForward(d, SCALARS, s0, h0, epsA, epsS, w1, b1, w2, b2, w3, b3, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd, feat, saved);
        const g = [s0, h0, w1, b1, w2, b2, w3, b3].map((a) => new Float32Array(a.length));
        m.rssmImagineBackward(d, SCALARS, s0, h0, epsA, epsS, w1, w2, w3, wi, wx, wh, wo, wd, feat, saved, gFeat,
          g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
        return [feat, saved, ...g];
      };
      const [got, want] = [run(native!), run(JS_FUSED_MATH)];
      got.forEach((g, i) => expect(relativeError(g, want[i]), `output ${i}`).toBeLessThanOrEqual(TOLERANCE));
      addon!.setThreads(1);
    });
  }

  it('rejects arrays shorter than the shapes say', () => {
    const a = new Float32Array(4);
    const arrays = Array.from({ length: 22 }, () => a);
    expect(() => addon!.rssmImagineForward!(...arrays, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0.1, 5, 0.5, 1e-4)).toThrow(/shorter than its shape/);
  });
});

describe.skipIf(!hasRoll)('the RSSM imagine kernel on wasm with the addon', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' });
    enableNativeBlas('auto', 1);
  });
  afterAll(() => disableNativeBlas());

  it('is what rssmImagine runs: one kernel forward, one backward; the per-step ops when switched off', async () => {
    expect(fusedRssmImagineActive()).toBe(true);
    const xs = imagineInputs(data, [3, 2, 2, 2, 3, 4, 5, 3, 4]).map((i) => tf.tensor(i.values, i.shape));
    const dy = tf.onesLike(imagineFn(rssmImagine)(...xs));
    const kernels = async (): Promise<string[]> => (await tf.profile(() => tf.tidy(() => imagineGrads(rssmImagine)(...xs, dy)))).kernelNames;
    const fused = await kernels();
    expect(fused.filter((n) => n.startsWith('DreamerRssm'))).toEqual([RSSM_IMAGINE_KERNEL, RSSM_IMAGINE_GRAD_KERNEL]);
    expect(fused).not.toContain('BatchMatMul');
    const previous = setFusedKernelsEnabled(false);
    const composite = await kernels();
    setFusedKernelsEnabled(previous);
    expect(composite).not.toContain(RSSM_IMAGINE_KERNEL);
    expect(composite).toContain('BatchMatMul');
    tf.dispose([...xs, dy]);
  });

  for (const shape of NATIVE_SHAPES) {
    it(`H,N,S,A,D,U1,U2,Hi,Ho = ${shape}: feat and gradients equal the per-step ops (wasm and cpu)`, () => {
      const inputs = imagineInputs(data, shape);
      const dy = featCotangent(data, shape);
      expectSame('wasm', imagineFn(fusedImagine), imagineFn(compositeImagine), inputs);
      // Gradients through H steps of BPTT: the kernel forms each weight gradient as one product over the stacked
      // H·N rows, the per-step ops as H products summed, so float32 rounding differs by more than in one product
      // (1.07e-5 seen on an AVX-512 GEMM); a wrong gradient is off by orders of magnitude more than this bound.
      expectSame('wasm', imagineGrads(fusedImagine), imagineGrads(compositeImagine), [...inputs, dy], 'wasm', BPTT_TOLERANCE);
      expectSame('wasm', imagineGrads(fusedImagine), imagineGrads(compositeImagine), [...inputs, dy], 'cpu', BPTT_TOLERANCE);
    });
  }

  it('gives no gradient to the dynamics: variableGrads over the actor only, as the actor loss takes it', () => {
    const xs = imagineInputs(data, [2, 3, 2, 2, 3, 4, 5, 3, 4]).map((i) => tf.tensor(i.values, i.shape));
    const [s0, h0, w1, b1, w2, b2, w3, b3, epsA, epsS, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = xs;
    const actor: ImagineActorParams = { w1: tf.variable(w1), b1: tf.variable(b1), w2: tf.variable(w2), b2: tf.variable(b2), w3: tf.variable(w3), b3: tf.variable(b3) };
    const dynamics = { wi: tf.variable(wi), bi, wx, bx, wh, bh, wo, bo, wd, bd };
    const { grads, value } = tf.variableGrads(() => tf.sum(rssmImagine({ s0, h0, epsA, epsS }, actor, dynamics, SCALARS)) as tf.Scalar);
    expect(Object.keys(grads)).toHaveLength(6); // the dynamics' wi variable is a constant to the rollout
    tf.dispose([...xs, ...Object.values(actor), dynamics.wi, ...Object.values(grads), value]);
  });

  it('does not leak: numTensors flat over recorded and unrecorded rollouts', () => {
    const xs = imagineInputs(data, [4, 3, 2, 2, 3, 4, 5, 3, 4]).map((i) => tf.tensor(i.values, i.shape));
    const dy = tf.onesLike(imagineFn(rssmImagine)(...xs));
    const step = (): void => {
      tf.tidy(() => void imagineGrads(rssmImagine)(...xs, dy));
      imagineFn(rssmImagine)(...xs).dispose();
    };
    expect(tensorGrowth('wasm', step)).toBe(0);
    tf.dispose([...xs, dy]);
  });
});
