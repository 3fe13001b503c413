import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaReturn } from '../../../src/tensor/math/lambda_return.js';
import { quantile, ReturnNormaliser } from '../../../src/tensor/math/return_normaliser.js';
import { stopGradient } from '../../../src/tensor/math/stop_gradient.js';
import { symexp, symlog } from '../../../src/tensor/math/symlog.js';
import { twoHotDecode, twoHotEncode, DREAMER_V3_BINS } from '../../../src/tensor/math/two_hot.js';
import { maxRelError, useTestBackend, values } from '../layers/helpers.js';

beforeAll(useTestBackend);

describe('symlog / symexp', () => {
  it('match sign(x)·ln(1+|x|) and invert each other', () => {
    const xs = [-1000, -3.5, -1, 0, 0.25, 1, 7, 12345];
    const got = values(symlog(tf.tensor(xs)));
    expect(maxRelError(got, xs.map((x) => Math.sign(x) * Math.log(1 + Math.abs(x))))).toBeLessThan(1e-6);
    expect(maxRelError(values(symexp(symlog(tf.tensor(xs)))), xs)).toBeLessThan(1e-5);
    expect(maxRelError(values(symlog(symexp(tf.tensor([-5, -0.5, 0, 2, 9])))), [-5, -0.5, 0, 2, 9])).toBeLessThan(1e-6);
  });
});

describe('two-hot', () => {
  const bins = { low: 0, high: 4, count: 5 };
  it('puts weight on the two neighbouring bins in proportion to closeness', () => {
    const hot = values(twoHotEncode(tf.tensor([1.25, -3, 9, 2]), bins));
    expect(hot.slice(0, 5)).toEqual([0, 0.75, 0.25, 0, 0]);
    expect(hot.slice(5, 10)).toEqual([1, 0, 0, 0, 0]);
    expect(hot.slice(10, 15)).toEqual([0, 0, 0, 0, 1]);
    expect(hot.slice(15, 20)).toEqual([0, 0, 1, 0, 0]);
  });

  it('round-trips values inside the range over 255 bins', () => {
    const xs = tf.tidy(() => tf.randomUniform([200], -20, 20, 'float32', 3));
    const back = twoHotDecode(twoHotEncode(xs, DREAMER_V3_BINS), DREAMER_V3_BINS);
    expect(maxRelError(values(back), values(xs))).toBeLessThan(1e-4);
  });
});

describe('lambdaReturn', () => {
  it('matches a hand-computed example', () => {
    // row 0: R2 = 30; R1 = 2 + .9·.5·(.2·30 + .8·30) = 15.5; R0 = 1 + .9·(.2·20 + .8·15.5) = 15.76
    // row 1: R1 = .9·(.2·2 + .8·2) = 1.8; R0 = .9·(.2·1 + .8·1.8) = 1.476
    const reward = tf.tensor2d([[1, 2], [0, 0]]);
    const cont = tf.tensor2d([[1, 0.5], [1, 1]]);
    const value = tf.tensor2d([[10, 20, 30], [0, 1, 2]]);
    const ret = lambdaReturn(reward, cont, value, 0.9, 0.8);
    expect(ret.shape).toEqual([2, 2]);
    expect(maxRelError(values(ret), [15.76, 15.5, 1.476, 1.8])).toBeLessThan(1e-6);
  });

  it('with λ = 0 is the one-step TD target', () => {
    const ret = lambdaReturn(tf.tensor2d([[1, 2, 3]]), tf.ones([1, 3]), tf.tensor2d([[5, 6, 7, 8]]), 0.5, 0);
    expect(maxRelError(values(ret), [1 + 0.5 * 6, 2 + 0.5 * 7, 3 + 0.5 * 8])).toBeLessThan(1e-6);
  });
});

describe('ReturnNormaliser', () => {
  it('quantile interpolates as NumPy', () => {
    expect(quantile(Float32Array.from([1, 2, 3, 4]), 0.5)).toBeCloseTo(2.5, 6);
    expect(quantile(Float32Array.from([0, 10]), 0.05)).toBeCloseTo(0.5, 6);
  });

  it('tracks EMAs of the 5th and 95th percentiles and scales by max(1, P95 - P5)', () => {
    const norm = new ReturnNormaliser();
    expect(norm.scale).toBe(1);
    // 0, 100, ..., 10000: P5 = 500, P95 = 9500; after one update from 0 with decay 0.99: 5 and 95
    norm.update(tf.mul(tf.range(0, 101), 100));
    expect(norm.offset).toBeCloseTo(5, 4);
    expect(norm.scale).toBeCloseTo(90, 4);
    const copy = new ReturnNormaliser();
    copy.setState(norm.getState());
    expect(copy.scale).toBe(norm.scale);
  });
});

describe('stopGradient', () => {
  it('passes values and blocks gradients', () => {
    const x = tf.tensor([1, 2, 3]);
    // d/dx [x · sg(x)] = sg(x) = x (not 2x)
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(v, stopGradient(v))))(x);
    expect(values(g)).toEqual([1, 2, 3]);
  });
});
