import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MSEDist, SymlogMSE } from '../../../src/tensor/distributions/mse.js';
import { SymlogTwoHot } from '../../../src/tensor/distributions/symlog_two_hot.js';
import { TanhGaussian } from '../../../src/tensor/distributions/tanh_gaussian.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { maxRelError, useTestBackend, values } from '../layers/helpers.js';

beforeAll(useTestBackend);

const LN2PI = Math.log(2 * Math.PI);

describe('TanhGaussian', () => {
  it('fromParams applies DreamerV1 mean and std transforms', () => {
    const d = TanhGaussian.fromParams(tf.tensor2d([[0, 20]]), tf.tensor2d([[0, -1]]));
    const softplus = (v: number): number => Math.log1p(Math.exp(v));
    expect(maxRelError(values(d.base.mean), [0, 5 * Math.tanh(4)])).toBeLessThan(1e-6);
    expect(maxRelError(values(d.base.std), [softplus(0.5413) + 1e-4, softplus(-0.4587) + 1e-4])).toBeLessThan(1e-6);
  });

  it('logProb is the base density at atanh(y) minus the log-det of tanh', () => {
    const [m, s] = [[0.3, -1], [0.8, 0.5]];
    const y = [0.5, -0.9];
    const d = new TanhGaussian(tf.tensor2d([m]), tf.tensor2d([s]));
    const want = y.reduce((a, yi, i) => {
      const x = Math.atanh(yi);
      return a - 0.5 * ((x - m[i]) / s[i]) ** 2 - Math.log(s[i]) - 0.5 * LN2PI - Math.log(1 - yi * yi);
    }, 0);
    expect(values(d.logProb(tf.tensor2d([y])))[0]).toBeCloseTo(want, 4);
    const samples = values(d.sample(new TensorRng(1)));
    expect(samples.every((v) => v > -1 && v < 1)).toBe(true);
  });
});

describe('SymlogTwoHot', () => {
  const bins = { low: -2, high: 2, count: 5 };
  it('predicts symexp of the expected bin and scores targets by two-hot cross-entropy', () => {
    const logits = [[0, 1, 2, 0, -1]];
    const p = logits[0].map(Math.exp);
    const z = p.reduce((a, b) => a + b, 0);
    const probs = p.map((v) => v / z);
    const expected = probs.reduce((a, v, i) => a + v * (i - 2), 0);
    const d = new SymlogTwoHot(tf.tensor2d(logits), bins);
    expect(values(d.mean())[0]).toBeCloseTo(Math.sign(expected) * (Math.exp(Math.abs(expected)) - 1), 5);
    // target symexp(0.25) has symlog 0.25: 75 % on bin 0 (index 2), 25 % on bin 1 (index 3)
    const target = Math.exp(0.25) - 1;
    const want = 0.75 * Math.log(probs[2]) + 0.25 * Math.log(probs[3]);
    expect(values(d.logProb(tf.tensor1d([target])))[0]).toBeCloseTo(want, 5);
  });

  it('recovers a value when its logits are the log of its two-hot code', () => {
    const d = new SymlogTwoHot(tf.log(tf.tensor2d([[1e-9, 1e-9, 0.4, 0.6, 1e-9]])), bins);
    expect(values(d.mean())[0]).toBeCloseTo(Math.exp(0.6) - 1, 4);
  });
});

describe('MSE heads', () => {
  it('MSEDist scores by negative squared error; SymlogMSE compares in symlog space', () => {
    expect(values(new MSEDist(tf.tensor2d([[1, 2]])).logProb(tf.tensor2d([[0, 4]])))).toEqual([-5]);
    const d = new SymlogMSE(tf.tensor2d([[Math.log(2)]]));
    expect(values(d.mode())[0]).toBeCloseTo(1, 6);
    expect(values(d.logProb(tf.tensor2d([[1]])))[0]).toBeCloseTo(0, 6);
    expect(() => d.entropy()).toThrow(/SymlogMSE has no entropy/);
  });
});
