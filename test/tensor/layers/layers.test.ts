import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../../../src/tensor/layers/dense.js';
import { GRUCell } from '../../../src/tensor/layers/gru.js';
import { MLP } from '../../../src/tensor/layers/mlp.js';
import { LayerNorm, RMSNorm } from '../../../src/tensor/layers/norm.js';
import { truncNormalFanAvg, uniformScaled } from '../../../src/tensor/layers/init.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { matmul, maxRelError, numericGrad, useTestBackend, values } from './helpers.js';

beforeAll(useTestBackend);

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Plain-arithmetic GRU step for one row, gates in order reset, update, candidate. */
function gruReference(x: number[], h: number[], Wx: number[], bx: number[], Wh: number[], bh: number[], resetAfter: boolean): number[] {
  const U = h.length;
  const xs = matmul(x, Wx, 1, x.length, 3 * U).map((v, i) => v + bx[i]);
  const hs = matmul(h, Wh, 1, U, 3 * U).map((v, i) => v + bh[i]);
  const r = h.map((_, j) => sigmoid(xs[j] + hs[j]));
  const u = h.map((_, j) => sigmoid(xs[U + j] + hs[U + j]));
  let cand: number[];
  if (resetAfter) {
    cand = h.map((_, j) => Math.tanh(xs[2 * U + j] + r[j] * hs[2 * U + j]));
  } else {
    const rh = h.map((v, j) => r[j] * v);
    const WhC = Array.from({ length: U * U }, (_, k) => Wh[Math.floor(k / U) * 3 * U + 2 * U + (k % U)]);
    const c = matmul(rh, WhC, 1, U, U);
    cand = h.map((_, j) => Math.tanh(xs[2 * U + j] + c[j]));
  }
  return h.map((v, j) => u[j] * v + (1 - u[j]) * cand[j]);
}

describe('Dense and initialisers', () => {
  it('computes x @ W + b', () => {
    const d = new Dense('d', 3, 2, { rng: new TensorRng(1) });
    d.bias?.assign(tf.tensor1d([0.5, -1]));
    const x = [1, 2, 3, -1, 0, 2];
    const want = matmul(x, values(d.kernel), 2, 3, 2).map((v, i) => v + [0.5, -1][i % 2]);
    expect(maxRelError(values(d.apply(tf.tensor2d(x, [2, 3]))), want)).toBeLessThan(1e-6);
  });

  it('initialisers have the stated spread', () => {
    const rng = new TensorRng(2);
    const glorot = values(new Dense('g', 300, 200, { rng }).kernel);
    expect(Math.max(...glorot.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 500));
    const tn = values(truncNormalFanAvg(1)([300, 200], rng));
    const variance = tn.reduce((a, v) => a + v * v, 0) / tn.length;
    expect(Math.abs(variance - 1 / 250) / (1 / 250)).toBeLessThan(0.05);
    expect(values(uniformScaled(0)([3, 2], rng))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('norms', () => {
  it('LayerNorm and RMSNorm normalise the last axis', () => {
    const row = [1, 2, 3, 6];
    const mean = 3;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / 4;
    const ln = values(new LayerNorm('ln', 4).apply(tf.tensor2d([row])));
    expect(maxRelError(ln, row.map((v) => (v - mean) / Math.sqrt(variance + 1e-3)))).toBeLessThan(1e-5);
    const ms = row.reduce((a, v) => a + v * v, 0) / 4;
    const rms = values(new RMSNorm('rms', 4).apply(tf.tensor2d([row])));
    expect(maxRelError(rms, row.map((v) => v / Math.sqrt(ms + 1e-3)))).toBeLessThan(1e-5);
  });
});

describe('GRUCell', () => {
  for (const resetAfter of [false, true]) {
    it(`v1 (resetAfter ${resetAfter}) matches the GRU equations`, () => {
      const g = new GRUCell('g', 3, 4, { rng: new TensorRng(3), resetAfter });
      const vars = g.variables();
      const bx = tf.randomNormal([12], 0, 0.5, 'float32', 1);
      vars.get('g/input/bias')?.assign(bx);
      const x = [0.5, -1, 2];
      const h = [0.1, -0.3, 0.7, 0];
      const Wh = values(vars.get('g/recurrent/kernel') as tf.Variable);
      const bh = resetAfter ? values(vars.get('g/recurrent/bias') as tf.Variable) : new Array(12).fill(0);
      const want = gruReference(x, h, values(vars.get('g/input/kernel') as tf.Variable), values(bx), Wh, bh, resetAfter);
      expect(maxRelError(values(g.apply(tf.tensor2d([x]), tf.tensor2d([h]))), want)).toBeLessThan(1e-5);
    });
  }

  it('v3 matches DreamerV3 equations', () => {
    const g = new GRUCell('g', 2, 3, { variant: 'v3', rng: new TensorRng(4) });
    const x = [0.5, -1];
    const h = [0.2, -0.4, 0.9];
    const W = values(g.variables().get('g/dense/kernel') as tf.Variable);
    const y = matmul([...x, ...h], W, 1, 5, 9);
    const mu = y.reduce((a, b) => a + b, 0) / 9;
    const sd = Math.sqrt(y.reduce((a, b) => a + (b - mu) ** 2, 0) / 9 + 1e-3);
    const n = y.map((v) => (v - mu) / sd);
    const want = h.map((hj, j) => {
      const cand = Math.tanh(sigmoid(n[j]) * n[3 + j]);
      const u = sigmoid(n[6 + j] - 1);
      return u * cand + (1 - u) * hj;
    });
    expect(maxRelError(values(g.apply(tf.tensor2d([x]), tf.tensor2d([h]))), want)).toBeLessThan(1e-5);
  });

  it('gradients agree with finite differences', () => {
    const g = new GRUCell('g', 2, 3, { rng: new TensorRng(5) });
    const x = tf.tensor2d([[0.3, -0.8], [1, 0.2]]);
    const h = tf.tensor2d([[0.1, 0.5, -0.2], [0, -0.6, 0.4]]);
    const w = tf.tensor2d([[1, -2, 0.5], [0.3, 1, -1]]);
    const loss = (): tf.Scalar => tf.sum(tf.mul(w, g.apply(x, g.apply(x, h))));
    const kernel = g.variables().get('g/recurrent/kernel') as tf.Variable;
    const analytic = values(tf.variableGrads(loss, [kernel]).grads[kernel.name]);
    const numeric = numericGrad(() => tf.tidy(() => loss().dataSync()[0]), kernel);
    expect(maxRelError(analytic, numeric)).toBeLessThan(2e-3);
  });
});

describe('MLP', () => {
  it('gradients agree with finite differences (LayerNorm + SiLU)', () => {
    const net = new MLP('m', 3, [5, 4], 2, { act: 'silu', norm: 'layer', rng: new TensorRng(6) });
    const x = tf.tensor2d([[0.5, -1, 0.2], [1, 0.3, -0.7]]);
    const loss = (): tf.Scalar => tf.sum(tf.square(net.apply(x)));
    for (const name of ['m/dense0/kernel', 'm/norm1/scale', 'm/out/kernel']) {
      const v = net.variables().get(name) as tf.Variable;
      const analytic = values(tf.variableGrads(loss, [v]).grads[v.name]);
      const numeric = numericGrad(() => tf.tidy(() => loss().dataSync()[0]), v);
      expect(maxRelError(analytic, numeric)).toBeLessThan(3e-3);
    }
  });

  it('names children dense<i>, norm<i>, out and has the expected parameter count', () => {
    const net = new MLP('enc', 5, [200, 200], 10, { norm: 'rms' });
    expect([...net.variables().keys()]).toEqual([
      'enc/dense0/kernel', 'enc/norm0/scale', 'enc/dense1/kernel', 'enc/norm1/scale', 'enc/out/kernel', 'enc/out/bias',
    ]);
    expect(net.numParams()).toBe(5 * 200 + 200 + 200 * 200 + 200 + 200 * 10 + 10);
  });
});
