import { describe, expect, it } from 'vitest';
import '../../envs/register.js';
import { randomScore } from '../../src/bsuite/random-score.js';
import { normalisedScore, scoreCapabilities, scoreTask } from '../../src/bsuite/scoring.js';
import { BSUITE_TASKS, threshold, type BsuiteTask } from '../../src/bsuite/tasks.js';

const task = (name: string): BsuiteTask => {
  const found = BSUITE_TASKS.find((t) => t.name === name);
  if (!found) throw new Error(`no task ${name}`);
  return found;
};

describe('battery table', () => {
  it('every task random score is what a seeded random rollout measures (10,000 episodes)', () => {
    for (const t of BSUITE_TASKS) {
      const measured = randomScore(t.envId, 10_000, 0) / t.rewardScale;
      // Noise tasks record the clean task's number (the noise has mean 0); allow their sampling error.
      const tolerance = t.capability === 'noise' ? 0.05 * Math.abs(t.optimum - t.random) : 0.001 * Math.max(1, Math.abs(t.random));
      expect(Math.abs(measured - t.random), t.name).toBeLessThanOrEqual(tolerance);
    }
  }, 60_000);

  it('thresholds sit at the random score plus 80 % of the gap to the optimum', () => {
    expect(threshold(task('catch'))).toBeCloseTo(-0.598 + 0.8 * 1.598, 12);
    expect(threshold(task('cartpole_noise'))).toBeCloseTo(22.09 + 0.8 * (500 - 22.09), 12);
    for (const t of BSUITE_TASKS) {
      expect(threshold(t)).toBeGreaterThan(t.random);
      expect(threshold(t)).toBeLessThan(t.optimum);
    }
  });
});

describe('scoring', () => {
  it('normalises 0 at random, 1 at the optimum, clipped', () => {
    const c = task('catch');
    expect(normalisedScore(c, c.random)).toBe(0);
    expect(normalisedScore(c, 1)).toBe(1);
    expect(normalisedScore(c, 0.2)).toBeCloseTo((0.2 + 0.598) / 1.598, 12);
    expect(normalisedScore(c, -1)).toBe(0);
    expect(normalisedScore(c, 2)).toBe(1);
  });

  it('divides the scale tasks returns by their scale before scoring', () => {
    const small = scoreTask(task('catch_scale_small'), [0.001, 0.0006]);
    expect(small.returns[0]).toBeCloseTo(1, 12);
    expect(small.meanReturn).toBeCloseTo(0.8, 12);
    expect(small.pass).toBe(true); // 0.8 >= 0.6804
    const large = scoreTask(task('cartpole_scale_large'), [300_000]);
    expect(large.meanReturn).toBeCloseTo(300, 9);
    expect(large.pass).toBe(false); // below 404.4
    expect(large.score).toBeCloseTo((300 - 22.09) / (500 - 22.09), 9);
  });

  it('one row per capability: the mean task score, pass only if every task passes', () => {
    const scores = [
      scoreTask(task('catch'), [1, 1]),
      scoreTask(task('bandit'), [0.508]),
      scoreTask(task('memory_length'), [1]),
    ];
    const rows = scoreCapabilities(scores);
    expect(rows.map((r) => r.capability)).toEqual(['basic', 'memory']);
    expect(rows[0]?.score).toBeCloseTo(0.5, 12);
    expect(rows[0]?.pass).toBe(false);
    expect(rows[0]?.tasks).toEqual(['catch', 'bandit']);
    expect(rows[1]).toMatchObject({ score: 1, threshold: 0.8, pass: true });
  });

  it('a task without runs scores 0 and fails', () => {
    expect(scoreTask(task('deep_sea'), [])).toMatchObject({ pass: false, score: 0, meanReturn: Number.NaN });
  });
});
