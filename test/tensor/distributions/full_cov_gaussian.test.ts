import * as tf from '@tensorflow/tfjs';
import * as math from 'mathjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FullCovGaussian, trilSize } from '../../../src/tensor/distributions/full_cov_gaussian.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { maxRelError, useTestBackend, values } from '../layers/helpers.js';

beforeAll(useTestBackend);

const D = 4;
const B = 2;
const LN2PI = Math.log(2 * Math.PI);

/** A seeded FullCovGaussian built from random raw params, and its L matrices as plain arrays. */
function randomDist(seed: number): { dist: FullCovGaussian; L: number[][][]; mu: number[][] } {
  const rng = new TensorRng(seed);
  const mean = rng.normal([B, D]) as tf.Tensor2D;
  const dist = FullCovGaussian.fromParams(mean, rng.normal([B, trilSize(D)]));
  return { dist, L: dist.scaleTril.arraySync(), mu: mean.arraySync() };
}

const cov = (L: number[][]): math.Matrix => math.multiply(math.matrix(L), math.transpose(math.matrix(L))) as math.Matrix;

describe('FullCovGaussian', () => {
  it('fromParams gives a lower-triangular L with a positive diagonal, even for very negative raw values', () => {
    const raw = tf.fill([1, trilSize(3)], -50);
    const L = FullCovGaussian.fromParams(tf.zeros([1, 3]) as tf.Tensor2D, raw).scaleTril.arraySync()[0];
    for (let i = 0; i < 3; i += 1) {
      expect(L[i][i]).toBeGreaterThan(0);
      for (let j = i + 1; j < 3; j += 1) expect(L[i][j]).toBe(0);
    }
    expect(L[2][0]).toBe(-50);
  });

  it('logProb and entropy match the density formula (mathjs inverse and determinant)', () => {
    const { dist, L, mu } = randomDist(1);
    const x = [[0.3, -1, 2, 0.5], [1, 1, -1, 0]];
    const want = x.map((xb, b) => {
      const S = cov(L[b]);
      const d = math.subtract(xb, mu[b]) as number[];
      const maha = math.dot(d, math.multiply(math.inv(S), d).toArray() as number[]);
      return -0.5 * maha - 0.5 * Math.log(math.det(S) as number) - 0.5 * D * LN2PI;
    });
    expect(maxRelError(values(dist.logProb(tf.tensor2d(x))), want)).toBeLessThan(1e-4);
    const wantH = L.map((Lb) => 0.5 * D * (1 + LN2PI) + 0.5 * Math.log(math.det(cov(Lb)) as number));
    expect(maxRelError(values(dist.entropy()), wantH)).toBeLessThan(1e-4);
  });

  it('KL matches the closed form and a Monte-Carlo estimate', () => {
    const p = randomDist(2);
    const q = randomDist(3);
    const want = p.mu.map((mp, b) => {
      const Sp = cov(p.L[b]);
      const Sq = cov(q.L[b]);
      const Sqi = math.inv(Sq);
      const d = math.subtract(q.mu[b], mp) as number[];
      const tr = math.trace(math.multiply(Sqi, Sp)) as number;
      const maha = math.dot(d, math.multiply(Sqi, d).toArray() as number[]);
      return 0.5 * (tr + maha - D + Math.log((math.det(Sq) as number) / (math.det(Sp) as number)));
    });
    expect(maxRelError(values(p.dist.kl(q.dist)), want)).toBeLessThan(1e-4);
    const N = 8000;
    const rep = (d: FullCovGaussian): FullCovGaussian =>
      new FullCovGaussian(tf.tile(d.mean, [N, 1]), tf.tile(d.scaleTril, [N, 1, 1]));
    const [pN, qN] = [rep(p.dist), rep(q.dist)];
    const x = pN.sample(new TensorRng(9));
    const mc = values(tf.mean(tf.reshape(tf.sub(pN.logProb(x), qN.logProb(x)), [N, B]), 0));
    mc.forEach((v, b) => expect(Math.abs(v - want[b])).toBeLessThan(0.08 * Math.max(1, want[b])));
  });

  it('samples have the requested covariance (empirical)', () => {
    const { dist, L, mu } = randomDist(4);
    const N = 40000;
    const one = new FullCovGaussian(tf.tile(tf.slice(dist.mean, [0, 0], [1, D]), [N, 1]), tf.tile(tf.slice(dist.scaleTril, [0, 0, 0], [1, D, D]), [N, 1, 1]));
    const x = one.sample(new TensorRng(11));
    const m = tf.mean(x, 0);
    const centred = tf.sub(x, m);
    const empirical = values(tf.div(tf.matMul(centred, centred, true, false), N - 1));
    const want = (cov(L[0]).toArray() as number[][]).flat();
    const scale = Math.max(...want.map(Math.abs));
    empirical.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(0.05 * scale));
    values(m).forEach((v, i) => expect(Math.abs(v - mu[0][i])).toBeLessThan(0.05 * Math.sqrt(scale)));
  });

  it('accepts the raw factor as a square matrix, ignoring its upper triangle', () => {
    const flat = tf.tensor2d([[1, 2, 3]]);
    const square = tf.tensor3d([[[1, 99], [2, 3]]]);
    const mean = tf.zeros([1, 2]) as tf.Tensor2D;
    const a = FullCovGaussian.fromParams(mean, flat).scaleTril;
    const b = FullCovGaussian.fromParams(mean, square).scaleTril;
    expect(values(a)).toEqual(values(b));
    expect(() => FullCovGaussian.fromParams(mean, tf.zeros([1, 4]))).toThrow(/needs 3/);
  });
});
