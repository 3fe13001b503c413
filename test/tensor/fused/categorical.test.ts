import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CategoricalLatent, sampleLatent } from '../../../agents/dreamer/latent.js';
import { straightThrough } from '../../../src/tensor/math/straight_through.js';
import { initBackend } from '../../../src/tensor/backend.js';
import { categoricalSample } from '../../../src/tensor/kernels/fused/categorical.js';
import { CATEGORICAL_SAMPLE_KERNEL } from '../../../src/tensor/kernels/names.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { Data } from '../kernels/compare.js';
import { BACKENDS, expectSame, scaled } from './helpers.js';

// The fused latent draw against composite ops (the maths of OneHotCategorical's fallback): the same one-hot draws from the same noise, the same
// straight-through gradient, and draws that follow the mixed probabilities.
const data = new Data(123);
const CASES = [{ groups: 1, classes: 2, n: 3 }, { groups: 4, classes: 8, n: 16 }, { groups: 32, classes: 32, n: 5 }];
const UNIMIX = 0.01;

beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
});

describe('fused categorical draw equals the composite ops', () => {
  for (const backend of BACKENDS) {
    for (const { groups, classes, n } of CASES) {
      it(`${backend}, ${n} rows of ${groups} × ${classes}: draws and the straight-through gradient`, () => {
        const logits = scaled(data.normal([n, groups * classes]), 2);
        const noise = { values: Float32Array.from({ length: n * groups * classes }, (_, i) => ((i * 7919) % 997 + 1) / 999), shape: [n, groups * classes] };
        const w = data.normal([n, groups * classes]);
        const fused = (l: tf.Tensor, u: tf.Tensor): tf.Tensor => categoricalSample(l as tf.Tensor2D, u as tf.Tensor2D, classes, UNIMIX);
        const composite = (l: tf.Tensor, u: tf.Tensor): tf.Tensor => compositeSample(l, u, groups, classes);
        expectSame(backend, fused, composite, [logits, noise]);
        const grad = (f: (l: tf.Tensor, u: tf.Tensor) => tf.Tensor) => (l: tf.Tensor, u: tf.Tensor, wt: tf.Tensor): tf.Tensor =>
          tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x, u), wt)))(l);
        expectSame(backend, grad(fused), grad(composite), [logits, noise, w], 'cpu');
      });
    }
  }

  it('draws each class about as often as its mixed probability says', () => {
    const classes = 4;
    const rows = 4000;
    const logits = tf.tile(tf.tensor2d([[2, 1, 0, -1]]), [rows, 1]) as tf.Tensor2D;
    const draws = categoricalSample(logits, new TensorRng(5).uniform([rows, classes], 1e-6, 1 - 1e-6) as tf.Tensor2D, classes, UNIMIX);
    const freq = Array.from(tf.mean(draws, 0).dataSync());
    const p = Array.from(tf.add(tf.mul(tf.softmax(tf.tensor1d([2, 1, 0, -1])), 1 - UNIMIX), UNIMIX / classes).dataSync());
    freq.forEach((f, c) => expect(Math.abs(f - p[c]!)).toBeLessThan(0.03)); // 4000 draws: sd ≤ 0.008
    expect(Array.from(tf.sum(draws, 1).dataSync()).every((s) => s === 1)).toBe(true);
    tf.dispose([logits, draws]);
  });

  it('is one kernel forward (plus the noise) in the agent latent', async () => {
    const latent = new CategoricalLatent(4, 8, UNIMIX);
    const stats = tf.zeros([2, 32]) as tf.Tensor2D;
    const names = (await tf.profile(() => void sampleLatent(latent, stats, new TensorRng(1)))).kernels.map((k) => k.name);
    expect(names.filter((k) => k === CATEGORICAL_SAMPLE_KERNEL)).toHaveLength(1);
    expect(names.length).toBeLessThanOrEqual(2);
    stats.dispose();
  });
});

/** softmax, uniform mixing, Gumbel-max on the log-probabilities, straight-through to the mixed probabilities. */
function compositeSample(logits: tf.Tensor, u: tf.Tensor, groups: number, classes: number): tf.Tensor {
  const probs = tf.add(tf.mul(tf.softmax(tf.reshape(logits, [-1, groups, classes])), 1 - UNIMIX), UNIMIX / classes);
  const idx = tf.argMax(tf.add(tf.log(probs), tf.neg(tf.log(tf.neg(tf.log(tf.reshape(u, probs.shape)))))), -1);
  return tf.reshape(straightThrough(tf.cast(tf.oneHot(idx, classes), 'float32'), probs), logits.shape);
}
