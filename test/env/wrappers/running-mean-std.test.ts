import { describe, expect, it } from 'vitest';
import { ReturnScaler } from '../../../src/env/wrappers/return-scaler.js';
import { RMS_INITIAL_COUNT, RunningMeanStd } from '../../../src/env/wrappers/running-mean-std.js';

/**
 * Closed form of what the running statistics hold after seeing `rows` ([n][size]): the prior (mean 0, var 1,
 * count epsilon) merged with the population mean and variance of all rows at once.
 */
function closedForm(rows: number[][], epsilon = RMS_INITIAL_COUNT): { mean: number[]; var: number[]; count: number } {
  const n = rows.length;
  const count = epsilon + n;
  const size = rows[0].length;
  const mean: number[] = [];
  const variance: number[] = [];
  for (let j = 0; j < size; j++) {
    const xs = rows.map((r) => r[j]);
    const m = xs.reduce((a, b) => a + b, 0) / n;
    const ss = xs.reduce((a, x) => a + (x - m) ** 2, 0);
    mean.push((n * m) / count);
    variance.push((epsilon * 1 + ss + (m * m * epsilon * n) / count) / count);
  }
  return { mean, var: variance, count };
}

const ROWS = [[1, -2], [3, 0.5], [-4, 2], [0.25, 7], [10, -1], [2, 2], [-3, 3], [6, -6], [0, 0]];

describe('RunningMeanStd', () => {
  it('holds the closed-form mean and variance whatever the batch split', () => {
    const want = closedForm(ROWS);
    for (const split of [[9], [3, 1, 5], [1, 1, 1, 1, 1, 1, 1, 1, 1]]) {
      const rms = new RunningMeanStd(2);
      let at = 0;
      for (const rows of split) {
        rms.update(ROWS.slice(at, at + rows).flat(), rows);
        at += rows;
      }
      expect(rms.count).toBeCloseTo(want.count, 12);
      want.mean.forEach((m, j) => expect(rms.mean[j]).toBeCloseTo(m, 12));
      want.var.forEach((v, j) => expect(rms.var[j]).toBeCloseTo(v, 12));
    }
  });

  it('normalises each element by its column statistics', () => {
    const rms = new RunningMeanStd(2, 'float32');
    rms.update(ROWS.flat(), ROWS.length);
    const { mean, var: variance } = closedForm(ROWS);
    const out = rms.normalize(Float32Array.from([5, 5, -1, 1]), 1e-8);
    [5, 5, -1, 1].forEach((x, k) => expect(out[k]).toBeCloseTo((x - mean[k % 2]) / Math.sqrt(variance[k % 2] + 1e-8), 5));
  });
});

describe('ReturnScaler', () => {
  it('scales rewards by the closed-form std of every discounted return so far, per env', () => {
    const gamma = 0.9;
    const rewards = [[1, 2], [0, -1], [3, 4], [1, 1]];
    const terminated = [[0, 0], [1, 0], [0, 0], [0, 1]];
    const scaler = new ReturnScaler(2, gamma, 1e-8);
    const g = [0, 0];
    const seen: number[][] = [];
    rewards.forEach((r, t) => {
      for (let i = 0; i < 2; i++) g[i] = g[i] * gamma * (1 - terminated[t][i]) + r[i];
      seen.push([g[0]], [g[1]]);
      const scaled = scaler.scale(r, terminated[t], true);
      const std = Math.sqrt(closedForm(seen).var[0] + 1e-8);
      expect(Array.from(scaler.returns)).toEqual(g);
      r.forEach((ri, i) => expect(scaled[i]).toBeCloseTo(ri / std, 12));
    });
  });
});
