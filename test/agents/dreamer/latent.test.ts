import * as tf from '@tensorflow/tfjs';
import * as math from 'mathjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CategoricalLatent, FullCovLatent, GaussianLatent, latentKl, sampleLatent } from '../../../agents/dreamer/latent.js';
import { TensorRng } from '../../../src/tensor/index.js';
import { useCpu } from './helpers.js';

beforeAll(useCpu);

const D = 3;
const MIN_STD = 0.1;
const softplus = (x: number): number => Math.log1p(Math.exp(x));

/** Cholesky factor and mean from raw stats, computed independently of the code under test. */
function reference(stats: number[]): { mu: number[]; cov: math.Matrix } {
  const mu = stats.slice(0, D);
  const L = math.zeros(D, D) as math.Matrix;
  for (let i = 0; i < D; i++) {
    for (let j = 0; j <= i; j++) {
      const raw = stats[D + i * D + j]!;
      L.set([i, j], i === j ? softplus(raw) + MIN_STD : raw);
    }
  }
  return { mu, cov: math.multiply(L, math.transpose(L)) as math.Matrix };
}

function closedFormKl(q: number[], p: number[]): number {
  const a = reference(q);
  const b = reference(p);
  const pInv = math.inv(b.cov);
  const diff = math.subtract(b.mu, a.mu) as number[];
  const trace = math.trace(math.multiply(pInv, a.cov) as math.Matrix) as number;
  const maha = math.dot(diff, math.multiply(pInv, diff) as unknown as number[]) as number;
  return 0.5 * (trace + maha - D + Math.log((math.det(b.cov) as number) / (math.det(a.cov) as number)));
}

describe('full-covariance latent', () => {
  const q = [0.3, -1, 2, 0.5, 9, 9, -0.7, 0.2, 9, 1.5, 0.3, -0.4];
  const p = [-0.2, 0.4, 1, -0.3, 9, 9, 0.6, 1.1, 9, -0.5, 0.9, 0.8];

  it('KL(q || p) matches the closed form computed with mathjs', () => {
    const latent = new FullCovLatent(D, MIN_STD);
    const kl = latentKl(latent, tf.tensor2d([q, p]), tf.tensor2d([p, q])).dataSync();
    expect(kl[0]).toBeCloseTo(closedFormKl(q, p), 4);
    expect(kl[1]).toBeCloseTo(closedFormKl(p, q), 4);
    expect(latentKl(latent, tf.tensor2d([q]), tf.tensor2d([q])).dataSync()[0]).toBeCloseTo(0, 5);
  });

  it('builds the lower-triangular factor of the reference (entries above the diagonal are ignored)', () => {
    const L = new FullCovLatent(D, MIN_STD).dist(tf.tensor2d([q])).scaleTril.arraySync()[0]!;
    expect(L[0]![1]).toBe(0);
    expect(L[0]![2]).toBe(0);
    expect(L[1]![2]).toBe(0);
    const cov = reference(q).cov.toArray() as number[][];
    const LLt = L.map((row) => L.map((other) => row.reduce((s, v, k) => s + v * other[k]!, 0)));
    LLt.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(cov[i]![j]!, 5)));
  });
});

describe('diagonal Gaussian and categorical latents', () => {
  it('Gaussian KL matches the per-dimension closed form', () => {
    const latent = new GaussianLatent(2, MIN_STD);
    const q = [0.5, -1, 0.2, -0.3];
    const p = [0, 1, 1.2, 0.4];
    const sq = q.slice(2).map((r) => softplus(r) + MIN_STD);
    const sp = p.slice(2).map((r) => softplus(r) + MIN_STD);
    let expected = 0;
    for (let i = 0; i < 2; i++) expected += Math.log(sp[i]! / sq[i]!) + (sq[i]! ** 2 + (q[i]! - p[i]!) ** 2) / (2 * sp[i]! ** 2) - 0.5;
    expect(latentKl(latent, tf.tensor2d([q]), tf.tensor2d([p])).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('categorical samples are one-hot per group and the straight-through gradient equals the probabilities gradient', () => {
    const latent = new CategoricalLatent(2, 3, 0.01);
    const stats = tf.tensor2d([[0.1, 2, -1, 0, 0, 3]]);
    const sample = sampleLatent(latent, stats, new TensorRng(0)).arraySync()[0]!;
    expect(sample.slice(0, 3).reduce((a, b) => a + b)).toBe(1);
    expect(sample.slice(3).reduce((a, b) => a + b)).toBe(1);
    const w = tf.tensor2d([[1, 2, 3, 4, 5, 6]]);
    const viaSample = tf.grad((s: tf.Tensor) => tf.sum(tf.mul(sampleLatent(latent, s as tf.Tensor2D, new TensorRng(0)), w)))(stats);
    const viaProbs = tf.grad((s: tf.Tensor) => tf.sum(tf.mul(tf.reshape(latent.dist(s as tf.Tensor2D).probs, [1, 6]), w)))(stats);
    // equal up to float rounding (the fused kernel computes the softmax gradient in double)
    const [a, b] = [Array.from(viaSample.dataSync()), Array.from(viaProbs.dataSync())];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.01); // a real gradient, not zeros
  });
});
