import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../../envs/classic/cartpole.js';
import { CartPoleVectorEnv } from '../../../envs/classic/cartpole-vector.js';
import { Pcg64Generator } from '../../../src/env/rng/pcg64.js';
import { InvalidActionError, ResetNeededError } from '../../../src/util/errors.js';

const N = 3;

/** Row i of the (4, n) state as [x, ẋ, θ, θ̇]. */
const column = (s: Float64Array, n: number, i: number): number[] => [0, 1, 2, 3].map((r) => s[r * n + i]);

describe('CartPoleVectorEnv (Gymnasium 1.4 vector entry point)', () => {
  it('reset(seed) seeds one generator and draws the (4, numEnvs) state row-major', () => {
    const env = new CartPoleVectorEnv({ numEnvs: N });
    const { obs } = env.reset({ seed: 3 });
    const draws = new Pcg64Generator(3).uniform(-0.05, 0.05, 4 * N);
    expect(Array.from(env.state!)).toEqual(Array.from(draws));
    // obs is state.T in float32: env i's row holds draws[i], draws[N + i], ...
    expect(Array.from(obs.subarray(4, 8))).toEqual(Array.from(Float32Array.from(column(draws, N, 1))));
  });

  it('steps each sub-env exactly like CartPoleEnv from the same state', () => {
    const vec = new CartPoleVectorEnv({ numEnvs: N });
    vec.reset({ seed: 1 });
    const singles = Array.from({ length: N }, (_, i) => {
      const e = new CartPoleEnv();
      e.state = column(vec.state!, N, i);
      return e;
    });
    const actions = [1, 0, 1];
    for (let t = 0; t < 5; t++) {
      const r = vec.step(actions);
      singles.forEach((e, i) => {
        const s = e.step(actions[i]);
        expect(Array.from(r.obs.subarray(4 * i, 4 * i + 4))).toEqual(Array.from(s.obs));
        expect(r.terminations[i]).toBe(s.terminated ? 1 : 0);
      });
    }
  });

  it('NextStep autoreset: the step after a termination redraws that sub-env with reward 0 and clear flags', () => {
    const env = new CartPoleVectorEnv({ numEnvs: N });
    env.reset({ seed: 0 });
    const replay = new Pcg64Generator(0);
    replay.uniform(-0.05, 0.05, 4 * N); // the reset draw
    let r = env.step([1, 1, 1]);
    let t = 1;
    while (!r.terminations.some(Boolean)) {
      r = env.step([1, 1, 1]);
      t++;
    }
    const done = Array.from(r.terminations, (d, i) => (d ? i : -1)).filter((i) => i >= 0);
    expect(t).toBeLessThan(100);
    const next = env.step([0, 0, 0]);
    const draws = replay.uniform(-0.05, 0.05, 4 * done.length);
    done.forEach((i, j) => {
      expect(next.rewards[i]).toBe(0);
      expect([next.terminations[i], next.truncations[i]]).toEqual([0, 0]);
      expect(column(env.state!, N, i)).toEqual([0, 1, 2, 3].map((row) => draws[row * done.length + j]));
    });
  });

  it('truncates at maxEpisodeSteps with its own counter', () => {
    const env = new CartPoleVectorEnv({ numEnvs: 2, maxEpisodeSteps: 3 });
    env.reset({ seed: 5, options: { low: 0, high: 0 } });
    const flags: number[][] = [];
    for (let t = 0; t < 3; t++) {
      const r = env.step(t % 2 === 0 ? [1, 0] : [0, 1]);
      flags.push(Array.from(r.truncations));
    }
    expect(flags).toEqual([[0, 0], [0, 0], [1, 1]]);
  });

  it('Sutton-Barto rewards are -terminated; errors for bad actions and stepping before reset', () => {
    const env = new CartPoleVectorEnv({ numEnvs: 2, suttonBartoReward: true });
    expect(() => env.step([0, 1])).toThrow(ResetNeededError);
    env.reset({ seed: 0 });
    expect(Array.from(env.step([0, 1]).rewards).map(Math.abs)).toEqual([0, 0]);
    expect(() => env.step([0, 2])).toThrow(InvalidActionError);
    expect(() => env.step([0])).toThrow(InvalidActionError);
  });

  it('renders one 400x600 frame per sub-env', () => {
    const env = new CartPoleVectorEnv({ numEnvs: 2, renderMode: 'rgb_array' });
    env.reset({ seed: 0 });
    const frames = env.render()!;
    expect(frames.map((f) => f.shape)).toEqual([[400, 600, 3], [400, 600, 3]]);
  });
});
