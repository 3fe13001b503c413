import { describe, expect, it } from 'vitest';
import { Box } from '../../../src/env/spaces/box.js';
import { NormalizeObservation, NormalizeReward } from '../../../src/env/wrappers/index.js';

/** Gymnasium's RunningMeanStd starts with count = epsilon = 1e-4. */
const GYM_RMS_INITIAL_COUNT = 1e-4;
import { CounterEnv, EchoEnv } from '../helpers/scripted-envs.js';

/**
 * Independent reference: the running statistics after samples x_1..x_k equal the population statistics of the
 * samples plus a virtual prior of weight eps with mean 0 and variance 1 (what the parallel merge computes exactly).
 */
function priorMoments(samples: number[], eps = GYM_RMS_INITIAL_COUNT): { mean: number; var: number } {
  const total = eps + samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / total;
  const m2 = eps * 1 + eps * mean * mean + samples.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, var: m2 / total };
}

describe('NormalizeObservation', () => {
  const actions = [
    [1, -2],
    [3, 4],
    [-0.5, 0.25],
    [2, 2],
  ];

  it('normalises each element with its running mean and variance (float32)', () => {
    const env = new NormalizeObservation(new EchoEnv(-10, 10));
    const seen: number[][] = [[0], [0]];
    const first = env.reset().obs;
    const ref0 = priorMoments(seen[0]);
    expect(first[0]).toBeCloseTo((0 - ref0.mean) / Math.sqrt(ref0.var + 1e-8), 5);
    for (const a of actions) {
      const { obs } = env.step(Float32Array.from(a));
      expect(obs).toBeInstanceOf(Float32Array);
      for (let j = 0; j < 2; j++) {
        seen[j].push(Math.fround(a[j]));
        const ref = priorMoments(seen[j]);
        const expected = (Math.fround(a[j]) - ref.mean) / Math.sqrt(ref.var + 1e-8);
        expect(obs[j]).toBeCloseTo(expected, 4);
      }
    }
    const space = env.observationSpace as unknown as Box<'float32'>;
    expect(space.dtype).toBe('float32');
    expect(Array.from(space.low)).toEqual([-Infinity, -Infinity]);
    expect(env.obsRms.count).toBeCloseTo(GYM_RMS_INITIAL_COUNT + 1 + actions.length, 10);
  });

  it('freezes with updateRunningMean = false and restores statistics from a checkpoint', () => {
    const env = new NormalizeObservation(new EchoEnv(-10, 10));
    env.reset();
    for (const a of actions) env.step(Float32Array.from(a));
    const saved = JSON.parse(JSON.stringify(env.getStatistics()));
    env.updateRunningMean = false;
    const a = env.step(Float32Array.from([1, 1])).obs;
    const b = env.step(Float32Array.from([1, 1])).obs;
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(env.getStatistics()).toEqual(saved);

    const restored = new NormalizeObservation(new EchoEnv(-10, 10));
    restored.setStatistics(saved);
    restored.updateRunningMean = false;
    restored.reset();
    expect(Array.from(restored.step(Float32Array.from([1, 1])).obs)).toEqual(Array.from(a));
    expect(() => restored.setStatistics({ mean: [0], var: [1], count: 1 })).toThrow(/same observation shape/);
  });
});

describe('NormalizeReward', () => {
  it('divides by the std of the discounted return, which the terminating step cuts (as Gymnasium)', () => {
    const gamma = 0.9;
    const env = new NormalizeReward(new CounterEnv({ terminateAt: 2 }), gamma);
    env.reset();
    // rewards 10 t + action. Gymnasium multiplies by (1 - terminated) of the *current* step, so the
    // terminating step 2 already starts a new return: G = 10, 20, 20 * gamma + 31 (no reset in between).
    const rewards = [10, 20, 31];
    const returns = [10, 20, 20 * gamma + 31];
    for (let k = 0; k < 3; k++) {
      const { reward } = env.step(k === 2 ? 1 : 0);
      const ref = priorMoments(returns.slice(0, k + 1));
      expect(reward).toBeCloseTo(rewards[k] / Math.sqrt(ref.var + 1e-8), 10);
    }
    expect(env.discountedReward).toBeCloseTo(20 * gamma + 31, 12);
  });

  it('keeps the return across reset and truncation, and checkpoints it', () => {
    const env = new NormalizeReward(new CounterEnv({ truncateAt: 1 }), 0.5);
    env.reset();
    env.step(0); // G = 10, truncated
    env.reset();
    env.step(0); // G = 10 * 0.5 + 10
    expect(env.discountedReward).toBe(15);
    const saved = env.getStatistics();
    const other = new NormalizeReward(new CounterEnv({ truncateAt: 1 }), 0.5);
    other.setStatistics(saved);
    other.updateRunningMean = false;
    other.reset();
    expect(other.step(0).reward).toBeCloseTo(10 / Math.sqrt(saved.var[0] + 1e-8), 12);
    expect(other.getStatistics().count).toBe(saved.count);
  });
});
