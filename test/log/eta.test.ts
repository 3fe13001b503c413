import { describe, expect, it } from 'vitest';
import { EtaEstimator } from '../../src/log/eta.js';
import type { MetricRecord } from '../../src/log/types.js';

const log = (step: number, time: number, updates: number, trainFrac: number): MetricRecord => ({
  step,
  time,
  wallTime: time,
  scalars: { 'train/updates': updates, 'time/train_frac': trainFrac, fps: 0 },
});

describe('EtaEstimator', () => {
  // A run of 1000 env steps and 100 updates: 0.01 s per env step, 0.9 s per update once timed, so after the
  // prefill (100 steps) and its catch-up (11 updates) 890 steps and 89 updates are left: 8.9 + 80.1 = 89 s.
  it('is unknown during the prefill, then times env steps and updates apart (not one fps)', () => {
    const eta = new EtaEstimator(1000, 100);
    eta.observe(log(100, 1, 0, 0)); // prefill: 100 steps in 1 s, no update yet
    expect(eta.secondsLeft()).toBeUndefined(); // a plain fps would say 9 s
    eta.observe(log(110, 11, 11, 0.99)); // the catch-up: 11 updates in 9.9 s, 10 env steps in 0.1 s
    expect(eta.secondsLeft()).toBeCloseTo(89, 6); // a plain fps over the window (1 step/s) would say 890 s
  });

  it('ignores records without the time split (episode ends) and counts a resumed run from its start', () => {
    const eta = new EtaEstimator(1000, 100, { step: 500, updates: 50 });
    eta.observe({ step: 520, time: 0.5, wallTime: 0.5, scalars: { 'episode/return': 3 } });
    eta.observe(log(600, 10, 60, 0.5)); // 100 steps in 5 s, 10 updates in 5 s
    expect(eta.secondsLeft()).toBeCloseTo(400 * 0.05 + 40 * 0.5, 6);
  });

  it('needs no update timing for an agent that does not learn', () => {
    const eta = new EtaEstimator(1000, 0);
    eta.observe(log(200, 2, 0, 0));
    expect(eta.secondsLeft()).toBeCloseTo(8, 6);
  });
});
