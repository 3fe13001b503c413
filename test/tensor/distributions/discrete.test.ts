import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bernoulli } from '../../../src/tensor/distributions/bernoulli.js';
import { OneHotCategorical } from '../../../src/tensor/distributions/one_hot_categorical.js';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import { CATEGORICAL_SAMPLE_KERNEL } from '../../../src/tensor/kernels/names.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { maxRelError, useTestBackend, values } from '../layers/helpers.js';

beforeAll(useTestBackend);

const softmax = (l: number[]): number[] => {
  const e = l.map((v) => Math.exp(v - Math.max(...l)));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
};
const mix = (p: number[], u: number): number[] => p.map((v) => (1 - u) * v + u / p.length);

describe('OneHotCategorical', () => {
  const logits = [[1, 0, -1, 2], [0.5, 0.5, -2, 0]];

  it('mixes 1 % uniform into the probabilities and computes entropy and KL from them', () => {
    const other = [[0, 0, 0, 0], [2, -1, 0, 1]];
    const p = logits.map((l) => mix(softmax(l), 0.01));
    const q = other.map((l) => mix(softmax(l), 0.01));
    const dp = new OneHotCategorical(tf.tensor2d(logits), { unimix: 0.01 });
    const dq = new OneHotCategorical(tf.tensor2d(other), { unimix: 0.01 });
    expect(maxRelError(values(dp.probs), p.flat())).toBeLessThan(1e-6);
    const wantH = p.map((pb) => -pb.reduce((a, v) => a + v * Math.log(v), 0));
    expect(maxRelError(values(dp.entropy()), wantH)).toBeLessThan(1e-5);
    const wantKL = p.map((pb, b) => pb.reduce((a, v, i) => a + v * Math.log(v / q[b][i]), 0));
    expect(maxRelError(values(dp.kl(dq)), wantKL)).toBeLessThan(1e-5);
  });

  it('sums logProb and KL over groups for [B, G, C] latents', () => {
    const grouped = tf.tensor3d([logits, [[0, 0, 0, 0], [2, -1, 0, 1]]]); // [2, 2, 4]
    const d = new OneHotCategorical(grouped);
    const perGroup = new OneHotCategorical(tf.reshape(grouped, [4, 4]));
    const x = tf.oneHot(tf.tensor1d([3, 0, 1, 2], 'int32'), 4);
    const want = values(tf.sum(tf.reshape(perGroup.logProb(x), [2, 2]), 1));
    expect(maxRelError(values(d.logProb(tf.reshape(x, [2, 2, 4]))), want)).toBeLessThan(1e-6);
    expect(d.kl(d).shape).toEqual([2]);
  });

  it('samples one-hot vectors with the right frequencies', () => {
    const N = 20000;
    const d = new OneHotCategorical(tf.tile(tf.tensor2d([logits[0]]), [N, 1]));
    const s = d.sample(new TensorRng(3));
    expect(values(tf.sum(s, 1))).toEqual(new Array(N).fill(1));
    const freq = values(tf.mean(s, 0));
    softmax(logits[0]).forEach((p, i) => expect(Math.abs(freq[i] - p)).toBeLessThan(0.015));
  });

  it('straight-through: rsample has the one-hot value and the gradient of the probabilities', () => {
    const w = tf.tensor2d([[1, -2, 3, 0.5], [0, 1, 0, -1]]);
    const l = tf.tensor2d(logits);
    const rng = (): TensorRng => new TensorRng(7);
    const viaSample = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(w, new OneHotCategorical(x, { unimix: 0.01 }).rsample(rng()))))(l);
    const viaProbs = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(w, new OneHotCategorical(x, { unimix: 0.01 }).probs)))(l);
    expect(maxRelError(values(viaSample), values(viaProbs))).toBeLessThan(1e-6);
    const hard = values(new OneHotCategorical(l, { unimix: 0.01 }).rsample(rng()));
    expect(hard.every((v) => Math.abs(v) < 1e-6 || Math.abs(v - 1) < 1e-6)).toBe(true);
    expect(values(new OneHotCategorical(l).mode())).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
  });
});

describe('Bernoulli', () => {
  const l = [2, -1, 0];
  const sig = (v: number): number => 1 / (1 + Math.exp(-v));

  it('logProb, entropy and KL follow the formulas', () => {
    const x = [1, 0, 1];
    const d = new Bernoulli(tf.tensor2d([l]));
    const wantLp = l.reduce((a, v, i) => a + (x[i] ? Math.log(sig(v)) : Math.log(1 - sig(v))), 0);
    expect(values(d.logProb(tf.tensor2d([x])))[0]).toBeCloseTo(wantLp, 5);
    const wantH = l.reduce((a, v) => a - sig(v) * Math.log(sig(v)) - (1 - sig(v)) * Math.log(1 - sig(v)), 0);
    expect(values(d.entropy())[0]).toBeCloseTo(wantH, 5);
    const lq = [0, 1, -3];
    const wantKL = l.reduce((a, v, i) => {
      const [p, q] = [sig(v), sig(lq[i])];
      return a + p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }, 0);
    expect(values(d.kl(new Bernoulli(tf.tensor2d([lq]))))[0]).toBeCloseTo(wantKL, 5);
    expect(values(d.mode())).toEqual([1, 0, 0]);
  });

  it('samples with frequency p', () => {
    const N = 20000;
    const s = new Bernoulli(tf.fill([N, 1], 1)).sample(new TensorRng(2));
    expect(Math.abs(values(tf.mean(s))[0] - sig(1))).toBeLessThan(0.015);
  });
});

describe('OneHotCategorical picks its kernel and reads flat grouped logits', () => {
  const flat = tf.tensor2d([[1, 0, -1, 2, 0.5, 0.5, -2, 0], [0, 3, 1, -1, 2, 2, 0, 1]]); // [2, 2 groups · 4 classes]
  const grouped = tf.reshape(flat, [2, 2, 4]);

  it('runs the fused draw where the backend has it, and draws the same classes and gradient without it', async () => {
    const previous = tf.getBackend();
    await tf.setBackend('cpu');
    try {
      const draw = (x: tf.Tensor): tf.Tensor => new OneHotCategorical(x, { classes: 4, unimix: 0.01 }).rsample(new TensorRng(9));
      const w = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8], [-1, 0, 2, 1, 0, 3, 1, 1]]);
      const grad = (): number[] => values(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(draw(x), w)))(flat));
      const kernels = (await tf.profile(() => void draw(flat))).kernels.map((k) => k.name);
      expect(kernels).toContain(CATEGORICAL_SAMPLE_KERNEL);
      const [fusedDraw, fusedGrad] = [values(draw(flat)), grad()];
      setFusedKernelsEnabled(false);
      try {
        expect((await tf.profile(() => void draw(flat))).kernels.map((k) => k.name)).not.toContain(CATEGORICAL_SAMPLE_KERNEL);
        expect(values(draw(flat))).toEqual(fusedDraw);
        expect(maxRelError(grad(), fusedGrad)).toBeLessThan(1e-5);
      } finally {
        setFusedKernelsEnabled(true);
      }
      expect(fusedDraw.reduce((a, b) => a + b, 0)).toBe(4); // one class per group and row
    } finally {
      await tf.setBackend(previous);
    }
  });

  it('with `classes`, flat [B, G·C] logits mean the same as the [B, G, C] view', () => {
    const d = new OneHotCategorical(flat, { classes: 4, unimix: 0.01 });
    const v = new OneHotCategorical(grouped, { unimix: 0.01 });
    const other = new OneHotCategorical(tf.reverse(flat, 1), { classes: 4, unimix: 0.01 });
    const otherView = new OneHotCategorical(tf.reshape(tf.reverse(flat, 1), [2, 2, 4]), { unimix: 0.01 });
    const x = d.mode();
    expect(x.shape).toEqual([2, 8]);
    expect(values(x)).toEqual(values(v.mode()));
    expect(maxRelError(values(d.logProb(x)), values(v.logProb(tf.reshape(x, [2, 2, 4]))))).toBeLessThan(1e-6);
    expect(maxRelError(values(d.entropy()), values(v.entropy()))).toBeLessThan(1e-6);
    expect(maxRelError(values(d.kl(other)), values(v.kl(otherView)))).toBeLessThan(1e-6);
    expect(d.rsample(new TensorRng(1)).shape).toEqual([2, 8]);
    expect(() => new OneHotCategorical(flat, { classes: 3 })).toThrow(/not a multiple of classes 3/);
  });
});
