import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaReturn } from '../../../src/tensor/math/lambda_return.js';
import { quantile, ReturnNormaliser } from '../../../src/tensor/math/return_normaliser.js';
import { TwoHot } from '../../../agents/dreamer/twohot.js';
import { symlog } from '../../../src/tensor/math/symlog.js';
import { twoHotEncode } from '../../../src/tensor/math/two_hot.js';
import { useCpu } from './helpers.js';

beforeAll(useCpu);

describe('lambdaReturn', () => {
  it('matches a hand-computed two-step example', () => {
    // R2 = v2 = 3; R1 = 2 + 0.8 (0.5*3 + 0.5*3) = 4.4; R0 = 1 + 0.9 (0.5*1 + 0.5*4.4) = 3.43
    // The library's layout is batch-major [N, H]; continue flags 0.9, 0.8 with gamma 1 are the discounts.
    const out = lambdaReturn(tf.tensor2d([[1, 2]]), tf.tensor2d([[0.9, 0.8]]), tf.tensor2d([[0.5, 1, 3]]), 1, 0.5);
    expect(out.shape).toEqual([1, 2]);
    const [r0, r1] = out.dataSync();
    expect(r0).toBeCloseTo(3.43, 5);
    expect(r1).toBeCloseTo(4.4, 5);
  });

  it('time-major (timeAxis 0) gives the transpose of the batch-major result, bit for bit', () => {
    const reward = tf.tensor2d([[1, -2, 0.5], [0.3, 0.1, 4]]); // [B=2, H=3]
    const cont = tf.tensor2d([[1, 0.9, 0.2], [0.5, 1, 1]]);
    const value = tf.tensor2d([[0.5, 1, 3, -1], [2, 0, 1, 7]]);
    const batchMajor = lambdaReturn(reward, cont, value, 0.99, 0.95);
    const timeMajor = lambdaReturn(tf.transpose(reward), tf.transpose(cont), tf.transpose(value), 0.99, 0.95, 0);
    expect(timeMajor.shape).toEqual([3, 2]);
    expect(Array.from(timeMajor.dataSync())).toEqual(Array.from(tf.transpose(batchMajor).dataSync()));
  });

  it('with lambda = 1 and no discounting is the reward sum plus the final value', () => {
    const out = lambdaReturn(tf.tensor2d([[1, 1, 1]]), tf.ones([1, 3]), tf.tensor2d([[9, 9, 9, 5]]), 1, 1);
    expect(Array.from(out.dataSync())).toEqual([8, 7, 6]);
  });
});

describe('ReturnNormaliser', () => {
  it('tracks the 5th-95th percentile range with an EMA and never scales below 1', () => {
    const norm = new ReturnNormaliser({ decay: 0.5 });
    const returns = Float32Array.from({ length: 101 }, (_, i) => i); // P5 = 5, P95 = 95
    expect(quantile(Float32Array.from(returns), 0.05)).toBeCloseTo(5, 6);
    expect(norm.update(returns)).toBeCloseTo(45, 5); // 0.5 * 95 - 0.5 * 5
    expect(norm.update(returns)).toBeCloseTo(67.5, 5);
    expect(new ReturnNormaliser({ decay: 0.5 }).update(new Float32Array(10).fill(0.3))).toBe(1);
  });

  it('next() gives the statistics update() would set without setting them (usable inside a gradient tape)', () => {
    const norm = new ReturnNormaliser({ decay: 0.5 });
    const returns = Float32Array.from({ length: 101 }, (_, i) => i);
    const next = norm.next(returns);
    expect(norm.getState()).toEqual({ low: 0, high: 0 });
    expect(norm.scaleOf(next)).toBeCloseTo(45, 5);
    expect(norm.update(returns)).toBeCloseTo(45, 5);
    expect(norm.getState()).toEqual(next);
  });

  it('skips a batch with NaN or Inf (a skipped update must not poison the statistics)', () => {
    const norm = new ReturnNormaliser({ decay: 0.5 });
    norm.update(Float32Array.from({ length: 101 }, (_, i) => i));
    const before = norm.getState();
    expect(norm.update(Float32Array.from([1, Number.NaN, 3]))).toBeCloseTo(45, 5);
    expect(norm.update(Float32Array.from([Infinity, 0]))).toBeCloseTo(45, 5);
    expect(norm.getState()).toEqual(before);
  });
});

describe('TwoHot', () => {
  it('encodes onto the two neighbouring bins with weights that decode back to the value', () => {
    const th = new TwoHot(41); // bins 1 apart in symlog space
    const ys = [0, 0.5, -3, 100, -1234.5];
    const enc = twoHotEncode(symlog(tf.tensor1d(ys)), th.bins);
    const rows = enc.arraySync();
    rows.forEach((row, i) => {
      expect(row.filter((w) => w > 0).length).toBeLessThanOrEqual(2);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const centre = row.reduce((s, w, j) => s + w * (-20 + j), 0);
      expect(centre).toBeCloseTo(Math.sign(ys[i]!) * Math.log1p(Math.abs(ys[i]!)), 4);
    });
    // Logits = log of the encoding decode to the value (the mean of the two-hot distribution).
    const decoded = th.dist(tf.log(tf.add(enc, 1e-12)) as tf.Tensor2D).mean().dataSync();
    ys.forEach((y, i) => expect(decoded[i]).toBeCloseTo(y, Math.abs(y) > 100 ? 0 : 3));
  });
});
