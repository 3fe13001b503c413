import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { gruV1Composite, gruV1Gates, gruV3Composite, gruV3Gates } from '../../../src/tensor/kernels/fused/gru.js';
import {
  fusedMath, JS_FUSED_MATH, nativeFusedMath, type AdamUpdateScalars, type FusedMath, type NativeFusedFunctions,
} from '../../../src/tensor/kernels/fused/math.js';
import { fusedLayerNorm } from '../../../src/tensor/kernels/fused/norm.js';
import { silu, siluComposite } from '../../../src/tensor/kernels/fused/silu.js';
import { disableNativeBlas, enableNativeBlas, loadAddon } from '../../../src/tensor/kernels/native-blas.js';
import { Data, gradsOf, relativeError, TOLERANCE, wasmVsCpu } from './compare.js';

// The addon's C loops (native/src/fused.cc) against the JS loops they replace, and through the kernels on wasm.
const addon = loadAddon() as (ReturnType<typeof loadAddon> & Partial<NativeFusedFunctions>) | undefined;
const native: FusedMath | undefined = addon ? nativeFusedMath(addon) : undefined;
if (!native) console.log('native fused-kernel tests skipped: the addon is not built (run `npm run build:native`)');

/** Seeded normal values scaled by `scale` (large scales reach the saturated ends of sigmoid and tanh). */
function values(n: number, seed: number, scale = 2): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 1) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0; // LCG: uniform in [0, 1) from the top bits
    const u1 = (s + 1) / 4294967297;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u2 = s / 4294967296;
    out[i] = scale * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return out;
}

const SHAPES: [number, number][] = [[1, 1], [3, 7], [16, 200]];

describe.skipIf(!native)('native fused loops equal the JS loops', () => {
  for (const [b, u] of SHAPES) {
    for (const scale of [1, 8]) {
      it(`GRU v1 and v3 forward and backward, B=${b} U=${u}, inputs ×${scale}`, () => {
        const [xp, hp, y] = [values(3 * b * u, 1, scale), values(3 * b * u, 2, scale), values(3 * b * u, 3, scale)];
        const [h, dy] = [values(b * u, 4), values(b * u, 5)];
        const run = (m: FusedMath): Float32Array[] => {
          const o = [b * u, 3 * b * u, 3 * b * u, b * u, b * u, 3 * b * u, b * u].map((n) => new Float32Array(n));
          m.gruV1Forward(u, xp, hp, h, o[0]);
          m.gruV1Backward(u, xp, hp, h, dy, o[1], o[2], o[3]);
          m.gruV3Forward(u, y, h, -1, o[4]);
          m.gruV3Backward(u, y, h, -1, dy, o[5], o[6]);
          return o;
        };
        const [got, want] = [run(native!), run(JS_FUSED_MATH)];
        got.forEach((g, i) => expect(relativeError(g, want[i])).toBeLessThanOrEqual(TOLERANCE));
      });
    }
  }

  it('SiLU forward and backward over saturated and linear inputs', () => {
    const [x, dy] = [values(5000, 11, 4), values(5000, 12)];
    const run = (m: FusedMath): Float32Array[] => {
      const [out, dx] = [new Float32Array(5000), new Float32Array(5000)];
      m.siluForward(x, out);
      m.siluBackward(x, dy, dx);
      return [out, dx];
    };
    const [got, want] = [run(native!), run(JS_FUSED_MATH)];
    got.forEach((g, i) => expect(relativeError(g, want[i])).toBeLessThanOrEqual(TOLERANCE));
  });

  it('LayerNorm forward and backward, rows of 1, 7 and 512', () => {
    for (const width of [1, 7, 512]) {
      const rows = 9;
      const [x, scale, offset, dy] = [values(rows * width, 21, 3), values(width, 22), values(width, 23), values(rows * width, 24)];
      const run = (m: FusedMath): Float32Array[] => {
        const o = [rows * width, rows * width, width, width].map((k) => new Float32Array(k));
        m.layerNormForward(x, scale, offset, 1e-3, o[0]);
        m.layerNormBackward(x, scale, 1e-3, dy, o[1], o[2], o[3]);
        return o;
      };
      const [got, want] = [run(native!), run(JS_FUSED_MATH)];
      got.forEach((g, i) => expect(relativeError(g, want[i]), `width ${width}, output ${i}`).toBeLessThanOrEqual(TOLERANCE));
    }
  });

  it('categorical draw and its straight-through gradient, 8 and 32 classes', () => {
    for (const classes of [8, 32]) {
      const n = 64 * classes;
      const [logits, dy] = [values(n, 31, 3), values(n, 32)];
      const u = values(n, 33).map((v) => Math.min(Math.max(Math.abs(v) / 4, 1e-6), 1 - 1e-6));
      const run = (m: FusedMath): Float32Array[] => {
        const [out, dl] = [new Float32Array(n), new Float32Array(n)];
        m.categoricalSample(classes, 0.01, logits, u, out);
        m.categoricalSampleBackward(classes, 0.01, logits, dy, dl);
        return [out, dl];
      };
      const [got, want] = [run(native!), run(JS_FUSED_MATH)];
      expect(Array.from(got[0])).toEqual(Array.from(want[0]));
      expect(relativeError(got[1], want[1])).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('Adam update with clipping, decay and bias correction', () => {
    const n = 1000;
    const [param, m, grad] = [values(n, 6), values(n, 7, 0.1), values(n, 8)];
    const v = values(n, 9, 0.1).map((x) => x * x);
    const s: AdamUpdateScalars = {
      beta1: 0.9, beta2: 0.999, eps: 1e-5, stepSize: 6e-4 / (1 - 0.9 ** 3), invSqrtBiasCorrection2: 1 / Math.sqrt(1 - 0.999 ** 3),
      keep: 1 - 6e-4 * 0.01, gradScale: 0.5,
    };
    const run = (math: FusedMath): Float32Array[] => {
      const o = [0, 1, 2].map(() => new Float32Array(n));
      math.adamUpdate(param, m, v, grad, s, o[0], o[1], o[2]);
      return o;
    };
    const [got, want] = [run(native!), run(JS_FUSED_MATH)];
    got.forEach((g, i) => expect(relativeError(g, want[i])).toBeLessThanOrEqual(TOLERANCE));
    // The update itself moved the parameters (a no-op loop would leave them equal to `param`).
    expect(relativeError(got[0], param)).toBeGreaterThan(1e-6);
  });

  it('rejects arrays shorter than their shape and non-float arrays, naming the kernel', () => {
    const h = new Float32Array(4);
    expect(() => native!.gruV1Forward(2, new Float32Array(3), new Float32Array(12), h, new Float32Array(4)))
      .toThrow(/shorter than its shape/);
    expect(() => native!.gruV3Forward(2, new Float64Array(12) as unknown as Float32Array, h, 0, new Float32Array(4)))
      .toThrow(/Float32Array/);
  });
});

describe.skipIf(!native)('with the addon enabled on wasm, the fused GRU equals the composite ops on cpu', () => {
  const data = new Data(5);
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' });
    enableNativeBlas('auto', 1);
  });
  afterAll(() => disableNativeBlas());

  it('routes the loops to the addon, and back to JS when switched off', () => {
    expect(fusedMath().kind).toBe('native');
    disableNativeBlas();
    expect(fusedMath().kind).toBe('js');
    enableNativeBlas('auto', 1);
    expect(fusedMath().kind).toBe('native');
  });

  it('LayerNorm [40, 512] and SiLU [800, 200]: forward and gradients equal the composite ops on cpu', () => {
    const [x, scale, offset, dy] = [data.normal([40, 512]), data.normal([512]), data.normal([512]), data.normal([40, 512])];
    const eps = 1e-3;
    const norm = (...t: tf.Tensor[]): tf.Tensor => {
      if (tf.getBackend() !== 'cpu') return fusedLayerNorm(t[0]!, t[1]!, t[2]!, eps);
      const { mean, variance } = tf.moments(t[0]!, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(t[0]!, mean), tf.sqrt(tf.add(variance, eps))), t[1]!), t[2]!);
    };
    expect(wasmVsCpu(norm, [x, scale, offset])).toBeLessThanOrEqual(TOLERANCE);
    expect(wasmVsCpu(gradsOf(norm), [x, scale, offset, dy])).toBeLessThanOrEqual(TOLERANCE);
    const [s, ds] = [data.normal([800, 200]), data.normal([800, 200])];
    const act = (t: tf.Tensor): tf.Tensor => (tf.getBackend() === 'cpu' ? siluComposite(t) : silu(t));
    expect(wasmVsCpu(act, [s])).toBeLessThanOrEqual(TOLERANCE);
    expect(wasmVsCpu(gradsOf(act), [s, ds])).toBeLessThanOrEqual(TOLERANCE);
  });

  // 800 × 200 is imagination's size: above the JS loops' limit, fused with the native ones.
  for (const [b, u] of [[2, 3], [800, 200]] as const) {
    it(`v1 and v3, B=${b} U=${u}: forward and gradients`, () => {
      const [xp, hp, h, y] = [data.normal([b, 3 * u]), data.normal([b, 3 * u]), data.normal([b, u]), data.normal([b, 3 * u])];
      const dy = data.normal([b, u]);
      const v1 = (...t: tf.Tensor[]): tf.Tensor => tf.getBackend() === 'cpu' ? gruV1Composite(t[0], t[1], t[2]) : gruV1Gates(t[0], t[1], t[2]);
      const v3 = (...t: tf.Tensor[]): tf.Tensor => tf.getBackend() === 'cpu' ? gruV3Composite(t[0], t[1], -1) : gruV3Gates(t[0], t[1], -1);
      expect(wasmVsCpu(v1, [xp, hp, h])).toBeLessThanOrEqual(TOLERANCE);
      expect(wasmVsCpu(gradsOf(v1), [xp, hp, h, dy])).toBeLessThanOrEqual(TOLERANCE);
      expect(wasmVsCpu(v3, [y, h])).toBeLessThanOrEqual(TOLERANCE);
      expect(wasmVsCpu(gradsOf(v3), [y, h, dy])).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
