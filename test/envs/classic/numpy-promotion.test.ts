import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MountainCarContinuousEnv } from '../../../envs/classic/mountain-car-continuous.js';
import { PendulumEnv } from '../../../envs/classic/pendulum.js';

/** Single steps computed by NumPy itself (test/fixtures/make-numpy-env-steps.py), float32 and float64 actions. */
interface Fixture {
  numpy_version: string;
  mountain_car_continuous: {
    action_dtype: 'float32' | 'float64';
    action: number;
    prev_state: number[];
    prev_state_dtype: 'float32' | 'float64';
    state: number[];
    reward: number;
    terminated: boolean;
  }[];
  pendulum: { action_dtype: 'float32' | 'float64'; action: number; prev_state: number[]; state: number[]; reward: number }[];
}

const fixture = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../fixtures/numpy-env-steps.json'), 'utf8'),
) as Fixture;
/** Pendulum's new state goes through sin(θ): V8 and NumPy may differ by an ULP there. */
const SIN_ULP_TOL = 1e-15;

const asAction = (dtype: string, a: number): Float32Array | Float64Array =>
  dtype === 'float32' ? Float32Array.of(a) : Float64Array.of(a);

describe(`NumPy ${fixture.numpy_version} promotion rules, float32 and float64 actions`, () => {
  it('MountainCarContinuous matches NumPy bit for bit (state, reward, flag)', () => {
    const problems: string[] = [];
    fixture.mountain_car_continuous.forEach((r, i) => {
      const env = new MountainCarContinuousEnv();
      env.state = r.prev_state_dtype === 'float32' ? Float32Array.from(r.prev_state) : Float64Array.from(r.prev_state);
      const res = env.step(asAction(r.action_dtype, r.action));
      const got = [res.obs[0], res.obs[1], res.reward, res.terminated];
      const want = [r.state[0], r.state[1], r.reward, r.terminated];
      if (got.some((v, k) => v !== want[k])) problems.push(`${i} (${r.action_dtype}): ${got.join(', ')} vs ${want.join(', ')}`);
    });
    expect(problems).toEqual([]);
    expect(new Set(fixture.mountain_car_continuous.map((r) => r.action_dtype))).toEqual(new Set(['float32', 'float64']));
  });

  it('Pendulum matches NumPy: reward exactly, state to an ULP of sin', () => {
    const problems: string[] = [];
    fixture.pendulum.forEach((r, i) => {
      const env = new PendulumEnv();
      env.state = r.prev_state;
      const res = env.step(asAction(r.action_dtype, r.action));
      const s = env.state!;
      if (res.reward !== r.reward) problems.push(`${i} (${r.action_dtype}) reward ${res.reward} vs ${r.reward}`);
      if (Math.abs(s[0] - r.state[0]) > SIN_ULP_TOL || Math.abs(s[1] - r.state[1]) > SIN_ULP_TOL) {
        problems.push(`${i} (${r.action_dtype}) state ${Array.from(s).join(', ')} vs ${r.state.join(', ')}`);
      }
    });
    expect(problems).toEqual([]);
  });
});
