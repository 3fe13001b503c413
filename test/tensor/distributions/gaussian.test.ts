import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiagGaussian } from '../../../src/tensor/distributions/diag_gaussian.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { maxRelError, useTestBackend, values } from '../layers/helpers.js';

beforeAll(useTestBackend);

const LN2PI = Math.log(2 * Math.PI);
const mean = [[0.5, -1, 2], [0, 0.3, -0.7]];
const std = [[1, 0.5, 2], [0.2, 1.5, 0.8]];
const mean2 = [[0, 1, 1.5], [0.4, -0.2, 0]];
const std2 = [[0.7, 1, 1.2], [0.5, 0.9, 2]];

function dist(m: number[][], s: number[][]): DiagGaussian {
  return new DiagGaussian(tf.tensor2d(m), tf.tensor2d(s));
}

describe('DiagGaussian', () => {
  it('logProb and entropy follow the formulas, summed over the last axis', () => {
    const x = [[0, 0, 0], [1, -1, 0.5]];
    const want = x.map((row, b) =>
      row.reduce((acc, xi, d) => acc - 0.5 * ((xi - mean[b][d]) / std[b][d]) ** 2 - Math.log(std[b][d]) - 0.5 * LN2PI, 0),
    );
    expect(maxRelError(values(dist(mean, std).logProb(tf.tensor2d(x))), want)).toBeLessThan(1e-5);
    const wantH = std.map((row) => row.reduce((acc, s) => acc + 0.5 + 0.5 * LN2PI + Math.log(s), 0));
    expect(maxRelError(values(dist(mean, std).entropy()), wantH)).toBeLessThan(1e-5);
  });

  it('KL matches the closed form and a Monte-Carlo estimate', () => {
    const want = mean.map((row, b) =>
      row.reduce((acc, m, d) => {
        const [sp, sq, mq] = [std[b][d], std2[b][d], mean2[b][d]];
        return acc + Math.log(sq / sp) + (sp ** 2 + (m - mq) ** 2) / (2 * sq ** 2) - 0.5;
      }, 0),
    );
    const p = dist(mean, std);
    const q = dist(mean2, std2);
    expect(maxRelError(values(p.kl(q)), want)).toBeLessThan(1e-5);
    const N = 20000;
    const pN = new DiagGaussian(tf.tile(tf.tensor2d(mean), [N, 1]), tf.tile(tf.tensor2d(std), [N, 1]));
    const qN = new DiagGaussian(tf.tile(tf.tensor2d(mean2), [N, 1]), tf.tile(tf.tensor2d(std2), [N, 1]));
    const x = pN.sample(new TensorRng(5));
    const diff = tf.reshape(tf.sub(pN.logProb(x), qN.logProb(x)), [N, 2]);
    const mc = values(tf.mean(diff, 0));
    mc.forEach((v, b) => expect(Math.abs(v - want[b])).toBeLessThan(0.1 * Math.max(1, want[b])));
  });

  it('rsample is differentiable in mean and std; sample is not', () => {
    const m = tf.tensor2d([[0, 0]]);
    const s = tf.tensor2d([[1, 2]]);
    const [gm, gs] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(new DiagGaussian(a, b).rsample(new TensorRng(1))))([m, s]);
    expect(values(gm)).toEqual([1, 1]);
    const eps = values(new DiagGaussian(tf.zeros([1, 2]), tf.ones([1, 2])).rsample(new TensorRng(1)));
    expect(maxRelError(values(gs), eps)).toBeLessThan(1e-6);
    const noPath = (): tf.Tensor => tf.grad((a: tf.Tensor) => tf.sum(new DiagGaussian(a, s).sample(new TensorRng(1))))(m);
    expect(noPath).toThrow(/Cannot compute gradient/);
  });
});
