import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../../envs/classic/cartpole.js';
import { InvalidActionError, InvalidSeedError, ResetNeededError, EnvError } from '../../../src/util/errors.js';
import { describeGolden, openThroughMake } from './golden.js';

describeGolden('CartPole-v1', (seed) => {
  const env = new CartPoleEnv();
  env.reset({ seed });
  return {
    env,
    hasTimeLimit: false,
    setState: (v) => (env.state = v),
    getState: () => env.state!,
  };
}, 'directly on the class');

describeGolden('CartPole-v1', openThroughMake('CartPole-v1'), 'through make()');

describe('CartPoleEnv', () => {
  it('reproduces the Gymnasium docstring example reset(seed=123, options={low: 0, high: 1})', () => {
    const { obs } = new CartPoleEnv().reset({ seed: 123, options: { low: 0, high: 1 } });
    const docstring = [0.6823519, 0.05382102, 0.22035988, 0.18437181]; // printed to 8 digits
    docstring.forEach((v, i) => expect(Math.abs(obs[i] - v)).toBeLessThan(1e-7));
  });

  it('reset() without a seed continues the generator: reset(seed=7) then reset() = draws 5..8 of seed 7', () => {
    const a = new CartPoleEnv();
    a.reset({ seed: 7 });
    const second = a.reset().obs;
    const b = new CartPoleEnv();
    b.reset({ seed: 7 });
    const draws = b.npRandom.uniform(-0.05, 0.05, 4);
    expect(Array.from(second)).toEqual(Array.from(Float32Array.from(draws)));
  });

  it('rejects actions outside Discrete(2) with InvalidActionError naming the action and the space', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    for (const bad of [2, -1, 0.5, '1', Number.NaN]) {
      expect(() => env.step(bad as number)).toThrow(InvalidActionError);
    }
    expect(() => env.step(2)).toThrow(/action 2 .*Discrete\(2\)/);
  });

  it('throws ResetNeededError when stepped before reset', () => {
    expect(() => new CartPoleEnv().step(0)).toThrow(ResetNeededError);
  });

  it('validates seeds and reset options', () => {
    const env = new CartPoleEnv();
    expect(() => env.reset({ seed: -3 })).toThrow(InvalidSeedError);
    expect(() => env.reset({ options: { low: 0.2, high: 0.1 } })).toThrow(/low \(0.2\) must be <= high/);
    expect(() => env.reset({ options: { low: 'abc' } })).toThrow(EnvError);
  });

  it('Sutton-Barto reward: 0 per step, -1 on and after termination', () => {
    const env = new CartPoleEnv({ suttonBartoReward: true });
    env.reset({ seed: 0 });
    const rewards: number[] = [];
    let terminatedAt = -1;
    for (let t = 0; t < 40 && terminatedAt < 0; t++) {
      const r = env.step(1);
      rewards.push(r.reward);
      if (r.terminated) terminatedAt = t;
    }
    expect(terminatedAt).toBeGreaterThan(0);
    expect(rewards.slice(0, terminatedAt).every((r) => r === 0)).toBe(true);
    expect(rewards[terminatedAt]).toBe(-1);
    expect(env.step(1).reward).toBe(-1);
  });

  it('has Gymnasium metadata and spaces', () => {
    const env = new CartPoleEnv();
    expect(env.metadata.renderModes).toEqual(['human', 'rgb_array']);
    expect(env.metadata.renderFps).toBe(50);
    expect(env.actionSpace.toString()).toBe('Discrete(2)');
    expect(Array.from(env.observationSpace.high)).toEqual([4.800000190734863, Infinity, 0.41887903213500977, Infinity]);
  });
});
