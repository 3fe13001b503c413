import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import { fusedLayerNorm, fusedRmsNorm } from '../../../src/tensor/kernels/fused/norm.js';
import { LAYER_NORM_KERNEL, RMS_NORM_KERNEL } from '../../../src/tensor/kernels/names.js';
import { MLP } from '../../../src/tensor/layers/mlp.js';
import { LayerNorm, RMSNorm } from '../../../src/tensor/layers/norm.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { Data } from '../kernels/compare.js';
import { BACKENDS, expectSame, gradsOf, scaled, tensorGrowth } from './helpers.js';

const data = new Data(91);
/** x shapes: one row, one feature, rank 3, a DreamerV3-like width. */
// (D = 2 is left out: there dx = rstd·(a1 − a2)/2·eps/(var + eps), and the float32 composite reference is
// dominated by cancellation, not the fused kernel.)
const SHAPES = [[1, 5], [4, 1], [4, 3], [3, 8], [2, 3, 7], [16, 96]];
const EPSILONS = [1e-3, 1e-5];
/** x far from zero mean and unit variance, so the normalisation does real work. */
const X_SCALE = 3;
const X_SHIFT = 1.5;

beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
});

/** LayerNorm from its definition in composite ops: (x − mean) / sqrt(var + eps) · scale + offset. */
const layerNormReference = (eps: number) => (x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor => {
  const { mean, variance } = tf.moments(x, x.rank - 1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), scale), offset);
};

/** RMSNorm from its definition: x / sqrt(mean(x²) + eps) · scale. */
const rmsNormReference = (eps: number) => (x: tf.Tensor, scale: tf.Tensor): tf.Tensor =>
  tf.mul(tf.div(x, tf.sqrt(tf.add(tf.mean(tf.square(x), x.rank - 1, true), eps))), scale);

function xOf(shape: number[]) {
  const x = scaled(data.normal(shape), X_SCALE);
  return { ...x, values: x.values.map((v) => v + X_SHIFT) };
}

describe('fused LayerNorm and RMSNorm equal their composite definitions', () => {
  for (const backend of BACKENDS) {
    for (const shape of SHAPES) {
      for (const eps of EPSILONS) {
        const D = shape[shape.length - 1];
        it(`${backend}, x ${JSON.stringify(shape)}, eps ${eps}: LayerNorm forward and gradients of x, scale, offset`, () => {
          const inputs = [xOf(shape), data.normal([D]), data.normal([D])];
          const fused = (x: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Tensor => fusedLayerNorm(x, s, o, eps);
          expectSame(backend, fused, layerNormReference(eps), inputs);
          expectSame(backend, gradsOf(fused), gradsOf(layerNormReference(eps)), [...inputs, data.normal(shape)], 'cpu');
        });
        // With D = 1, RMSNorm's dx is a·eps/(x² + eps)^1.5 and the float32 composite reference is all cancellation.
        if (D === 1) continue;
        it(`${backend}, x ${JSON.stringify(shape)}, eps ${eps}: RMSNorm forward and gradients of x, scale`, () => {
          const inputs = [xOf(shape), data.normal([D])];
          const fused = (x: tf.Tensor, s: tf.Tensor): tf.Tensor => fusedRmsNorm(x, s, eps);
          expectSame(backend, fused, rmsNormReference(eps), inputs);
          expectSame(backend, gradsOf(fused), gradsOf(rmsNormReference(eps)), [...inputs, data.normal(shape)], 'cpu');
        });
      }
    }
  }
});

describe('MLP with norms: fused vs the layers\' own composite ops', () => {
  for (const backend of BACKENDS) {
    for (const norm of ['layer', 'rms'] as const) {
      it(`${backend}, ${norm}: output and every variable's gradient`, () => {
        tf.setBackend(backend);
        const mlp = new MLP('mlp', 6, [9, 9], 4, { norm, act: 'silu', rng: new TensorRng(5) });
        const vars = [...mlp.variables().values()];
        // non-trivial scales and offsets, so their gradients and effects are checked too
        tf.tidy(() => vars.filter((v) => v.rank === 1).forEach((v, i) => v.assign(tf.randomNormal(v.shape, 0.5, 1, 'float32', i))));
        const step = (x: tf.Tensor, dy: tf.Tensor): tf.Tensor[] => {
          // The scalar Σ(out·dy) itself is not compared: it adds nothing to the elementwise check of `out`, and its
          // relative error is a cancellation's (terms of both signs), which the GEMM's summation order moves.
          const { grads } = tf.variableGrads(() => tf.sum(tf.mul(mlp.apply(x), dy)), vars);
          return [mlp.apply(x), ...vars.map((v) => grads[v.name])];
        };
        expectSame(backend, step, step, [xOf([5, 6]), data.normal([5, 4])]);
        mlp.dispose();
      });
    }
  }

  it('runs the fused kernels on cpu and wasm, and the composite ops when switched off', async () => {
    for (const backend of BACKENDS) {
      tf.setBackend(backend);
      const layer = new LayerNorm('ln', 4);
      const rms = new RMSNorm('rms', 4);
      const kernelsOf = async (): Promise<string[]> =>
        (await tf.profile(() => tf.tidy(() => [layer.apply(tf.ones([2, 4])), rms.apply(tf.ones([2, 4]))]))).kernelNames;
      expect(await kernelsOf()).toEqual(expect.arrayContaining([LAYER_NORM_KERNEL, RMS_NORM_KERNEL]));
      const previous = setFusedKernelsEnabled(false);
      const names = await kernelsOf();
      setFusedKernelsEnabled(previous);
      expect(names).not.toContain(LAYER_NORM_KERNEL);
      expect(names).not.toContain(RMS_NORM_KERNEL);
      tf.dispose([layer.scale, layer.offset, rms.scale]);
    }
  });
});

describe('fused norms do not leak', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: numTensors flat over repeated forward and backward passes`, () => {
      const x = tf.randomNormal([4, 6]);
      const s = tf.randomNormal([6]);
      const step = (): void => {
        tf.tidy(() => {
          tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(fusedLayerNorm(a, b, c, 1e-3)))([x, s, s]);
          tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(fusedRmsNorm(a, b, 1e-3)))([x, s]);
        });
      };
      expect(tensorGrowth(backend, step)).toBe(0);
      tf.dispose([x, s]);
    });
  }
});
