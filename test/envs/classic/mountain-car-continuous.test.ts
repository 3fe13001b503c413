import { describe, expect, it } from 'vitest';
import { MountainCarContinuousEnv } from '../../../envs/classic/mountain-car-continuous.js';
import { describeGolden, openThroughMake } from './golden.js';

// The recorded state after a step is float32 (Gymnasium stores it so); the initial state is float64.
describeGolden('MountainCarContinuous-v0', (seed) => {
  const env = new MountainCarContinuousEnv();
  env.reset({ seed });
  return {
    env,
    hasTimeLimit: false,
    setState: (v, i) => (env.state = i === 0 ? Float64Array.from(v) : Float32Array.from(v)),
    getState: () => env.state!,
  };
}, 'directly on the class');

describeGolden('MountainCarContinuous-v0', openThroughMake('MountainCarContinuous-v0', (raw, v, i) => (raw.state = i === 0 ? Float64Array.from(v) : Float32Array.from(v))), 'through make()');

describe('MountainCarContinuousEnv', () => {
  it('stores the state as float32 after a step and returns that array as the obs', () => {
    const env = new MountainCarContinuousEnv();
    env.reset({ seed: 0 });
    expect(env.state).toBeInstanceOf(Float64Array);
    const r = env.step(Float32Array.of(0.3));
    expect(env.state).toBe(r.obs);
    expect(env.state).toBeInstanceOf(Float32Array);
  });

  it('charges the unclipped action: 1.25 costs 0.15625 and moves like 1.0', () => {
    const a = new MountainCarContinuousEnv();
    const b = new MountainCarContinuousEnv();
    a.state = Float64Array.of(-0.5, 0);
    b.state = Float64Array.of(-0.5, 0);
    const ra = a.step(Float32Array.of(1.25));
    const rb = b.step(Float32Array.of(1.0));
    expect(ra.reward).toBe(-0.15625);
    expect(Array.from(ra.obs)).toEqual(Array.from(rb.obs));
  });

  it('float32 arithmetic follows NumPy 2: the goal test compares against float32(0.45)', () => {
    const env = new MountainCarContinuousEnv();
    // position lands exactly on float32(0.45) < 0.45: terminated under float32 rules
    const p = Math.fround(0.45);
    env.state = Float32Array.of(p, 0);
    const r = env.step(Float32Array.of(0));
    const pos = r.obs[0];
    expect(pos >= Math.fround(0.45)).toBe(r.terminated);
  });

  it('pays +100 again on each step that stays in the goal', () => {
    const env = new MountainCarContinuousEnv();
    env.state = Float32Array.of(0.5, 0.05);
    const first = env.step(Float32Array.of(1));
    const second = env.step(Float32Array.of(1));
    expect([first.terminated, second.terminated]).toEqual([true, true]);
    expect(first.reward).toBeCloseTo(99.9, 12);
    expect(second.reward).toBeCloseTo(99.9, 12);
  });
});
