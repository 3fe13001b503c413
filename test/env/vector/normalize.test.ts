import { describe, expect, it } from 'vitest';
import { SyncVectorEnv, VectorNormalizeObservation, VectorNormalizeReward } from '../../../src/env/vector/index.js';
import { CounterEnv, EchoEnv } from '../helpers/scripted-envs.js';

/** Gymnasium's RunningMeanStd starts with count = epsilon = 1e-4 (a virtual sample set of mean 0, variance 1). */
const PRIOR = 1e-4;

/** Population mean and variance of `samples` plus the virtual prior, computed directly. */
function priorMoments(samples: number[]): { mean: number; var: number } {
  const total = PRIOR + samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / total;
  const m2 = PRIOR + PRIOR * mean * mean + samples.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, var: m2 / total };
}

describe('VectorNormalizeObservation', () => {
  it('updates one set of statistics with the whole batch and normalises every row', () => {
    const envs = new VectorNormalizeObservation(new SyncVectorEnv<Float32Array, Float32Array>([() => new EchoEnv(-9, 9), () => new EchoEnv(-9, 9)]) as never);
    const seen: number[][] = [[0, 0], [0, 0]]; // element j of both reset obs
    envs.reset();
    const batches = [
      [1, 2, 3, -4],
      [0.5, 0.5, -2, 6],
    ];
    for (const batch of batches) {
      const obs = envs.step(Float32Array.from(batch) as never).obs;
      expect(obs).toBeInstanceOf(Float32Array);
      for (let k = 0; k < 4; k++) seen[k % 2].push(Math.fround(batch[k]));
      for (let k = 0; k < 4; k++) {
        const ref = priorMoments(seen[k % 2]);
        expect(obs[k]).toBeCloseTo((Math.fround(batch[k]) - ref.mean) / Math.sqrt(ref.var + 1e-8), 4);
      }
    }
    expect((envs.observationSpace as unknown as { shape: number[] }).shape).toEqual([2, 2]);
  });
});

describe('VectorNormalizeReward', () => {
  it('keeps one discounted return per sub-env and scales by the std of all of them', () => {
    const gamma = 0.5;
    const envs = new VectorNormalizeReward(new SyncVectorEnv([() => new CounterEnv({ terminateAt: 2 }), () => new CounterEnv()]), gamma);
    envs.reset();
    const returns: number[] = [];
    const g = [0, 0];
    for (let t = 1; t <= 3; t++) {
      const { rewards, terminations } = envs.step(Float64Array.from([0, 1]));
      // NextStep: sub-env 0 terminates at t = 2 and its t = 3 step is the reset step with reward 0.
      const raw = [t === 3 ? 0 : 10 * t, 10 * t + 1];
      for (let i = 0; i < 2; i++) {
        g[i] = g[i] * gamma * (1 - terminations[i]) + raw[i];
        returns.push(g[i]);
      }
      const ref = priorMoments(returns);
      for (let i = 0; i < 2; i++) expect(rewards[i]).toBeCloseTo(raw[i] / Math.sqrt(ref.var + 1e-8), 10);
    }
    expect(Array.from(envs.accumulatedReward)).toEqual(g);
  });
});
