import { describe, expect, it } from 'vitest';
import { angleNormalize, PendulumEnv } from '../../../envs/classic/pendulum.js';
import { EnvError, InvalidActionError } from '../../../src/util/errors.js';
import { describeGolden, openThroughMake } from './golden.js';

describeGolden('Pendulum-v1', (seed) => {
  const env = new PendulumEnv();
  env.reset({ seed });
  return { env, hasTimeLimit: false, setState: (v) => (env.state = v), getState: () => env.state! };
}, 'directly on the class');

describeGolden('Pendulum-v1', openThroughMake('Pendulum-v1'), 'through make()');

describe('PendulumEnv', () => {
  it('angleNormalize uses floor modulo: results lie in [-π, π) for negative inputs too', () => {
    expect(angleNormalize(-Math.PI - 0.5)).toBeCloseTo(Math.PI - 0.5, 14);
    expect(angleNormalize(3 * Math.PI + 0.25)).toBeCloseTo(-Math.PI + 0.25, 14);
    expect(angleNormalize(-0.3)).toBeCloseTo(-0.3, 15);
  });

  it('clips the torque before dynamics and cost: 5 and 2 give the same step', () => {
    const a = new PendulumEnv();
    const b = new PendulumEnv();
    a.reset({ seed: 3 });
    b.reset({ seed: 3 });
    const ra = a.step(Float32Array.of(5));
    const rb = b.step(Float32Array.of(2));
    expect(ra.reward).toBe(rb.reward);
    expect(Array.from(ra.obs)).toEqual(Array.from(rb.obs));
  });

  it('float32 and float64 actions differ only by float32 rounding of the torque terms', () => {
    const a = new PendulumEnv();
    const b = new PendulumEnv();
    a.state = b.state = [1.0, 0.5];
    const r32 = a.step(Float32Array.of(0.1));
    const r64 = b.step(Float64Array.of(Math.fround(0.1)));
    expect(r32.reward).not.toBe(r64.reward); // 0.001·u² rounds to float32 in one, not the other
    expect(Math.abs(r32.reward - r64.reward)).toBeLessThan(1e-9);
  });

  it('reset options x_init / y_init bound θ and θ̇ symmetrically; g changes the dynamics', () => {
    const env = new PendulumEnv({ g: 9.81 });
    for (let i = 0; i < 20; i++) {
      env.reset({ seed: i, options: { x_init: 0.1, y_init: 0.2 } });
      expect(Math.abs(env.state![0])).toBeLessThanOrEqual(0.1);
      expect(Math.abs(env.state![1])).toBeLessThanOrEqual(0.2);
    }
    expect(() => env.reset({ options: { x_init: 'wide' } })).toThrow(EnvError);
    // From rest at θ = π/2 one step gives θ̇ = 3g/2 · sin(π/2) · dt.
    env.state = [Math.PI / 2, 0];
    env.step([0]);
    expect(env.state![1]).toBeCloseTo(1.5 * 9.81 * 0.05, 12);
  });

  it('rejects an action that is not an array of numbers', () => {
    const env = new PendulumEnv();
    env.reset({ seed: 0 });
    expect(() => env.step(0.5 as unknown as number[])).toThrow(InvalidActionError);
  });
});
