import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../envs/register.js';
import { make } from '../../src/env/make.js';
import { OrderEnforcing } from '../../src/env/wrappers/order-enforcing.js';
import { PassiveEnvChecker } from '../../src/env/wrappers/passive-env-checker.js';
import { RenderCollection } from '../../src/env/wrappers/render-collection.js';
import { TimeLimit } from '../../src/env/wrappers/time-limit.js';
import { resetWarnings, warnedMessages } from '../../src/env/warn-once.js';
import { EnvError, InvalidSeedError, RegistryError, ResetNeededError } from '../../src/util/errors.js';
import { GoodEnv, NanObsEnv, NoSpaceEnv, WrongShapeEnv } from './helpers/core-envs.js';

afterEach(() => {
  resetWarnings();
  vi.restoreAllMocks();
});
const silence = (): void => void vi.spyOn(console, 'warn').mockImplementation(() => undefined);

describe('TimeLimit (golden README semantics)', () => {
  it('truncates on the max-th step, keeps truncating after, and reset zeroes the count', () => {
    const env = new TimeLimit(new GoodEnv(), 3);
    env.reset({ seed: 0 });
    const flags = [1, 2, 3, 4, 5].map(() => env.step(1).truncated);
    expect(flags).toEqual([false, false, true, true, true]);
    expect(env.elapsedSteps).toBe(5);
    env.reset();
    expect(env.elapsedSteps).toBe(0);
    expect(env.step(0).truncated).toBe(false);
  });

  it('leaves terminated alone: both can be true', () => {
    const env = new TimeLimit(new GoodEnv({ terminateAt: 2 }), 2);
    env.reset({ seed: 0 });
    env.step(1);
    const r = env.step(1);
    expect([r.terminated, r.truncated]).toEqual([true, true]);
  });

  it('through make: the 200th MountainCar-v0 step is truncated, the ones after it too (golden README)', () => {
    const env = make<Float32Array, number>('MountainCar-v0');
    env.reset({ seed: 1 });
    const truncatedAt: number[] = [];
    for (let t = 1; t <= 202; t++) {
      const r = env.step(1); // no push: the car cannot reach the goal
      expect(r.terminated).toBe(false);
      if (r.truncated) truncatedAt.push(t);
    }
    expect(truncatedAt).toEqual([200, 201, 202]);
    env.reset();
    expect(env.step(1).truncated).toBe(false);
    expect(make('MountainCar-v0', { maxEpisodeSteps: -1 })).not.toBeInstanceOf(TimeLimit);
  });

  it('rejects a non-positive limit', () => {
    expect(() => new TimeLimit(new GoodEnv(), 0)).toThrow(RegistryError);
  });
});

describe('OrderEnforcing', () => {
  it('step and render before reset throw ResetNeededError with Gymnasium’s message', () => {
    const env = new OrderEnforcing(new GoodEnv());
    expect(() => env.step(0)).toThrow(ResetNeededError);
    expect(() => env.step(0)).toThrow('Cannot call env.step() before calling env.reset()');
    expect(() => env.render()).toThrow(/Cannot call `env.render\(\)` before calling `env.reset\(\)`/);
    expect(env.hasReset).toBe(false);
    env.reset();
    expect(env.hasReset).toBe(true);
    expect(env.step(1).obs[1]).toBe(1);
    const lax = new OrderEnforcing(new GoodEnv(), { disableRenderOrderEnforcing: true });
    expect(() => lax.render()).not.toThrow();
  });
});

describe('PassiveEnvChecker', () => {
  it('is silent for a good env and forwards results unchanged', () => {
    silence();
    const env = new PassiveEnvChecker(new GoodEnv());
    const r = env.reset({ seed: 1 });
    expect(r.obs).toBeInstanceOf(Float32Array);
    env.step(1);
    env.step(1);
    expect(warnedMessages()).toEqual([]);
  });

  it('warns once on the first step for NaN obs and only checks the first step', () => {
    silence();
    const env = new PassiveEnvChecker(new NanObsEnv());
    env.reset({ seed: 1 });
    env.step(1);
    const after1 = warnedMessages();
    expect(after1.some((m) => m.includes('Encountered NaN value in observations'))).toBe(true);
    expect(after1.some((m) => m.includes('not within the observation space'))).toBe(true);
    resetWarnings();
    env.step(1);
    expect(warnedMessages()).toEqual([]);
  });

  it('warns when reset returns an obs outside the space, never validates actions', () => {
    silence();
    const env = new PassiveEnvChecker(new WrongShapeEnv());
    env.reset();
    expect(warnedMessages().some((m) => m.includes('The obs returned by the `reset()` method is not within'))).toBe(true);
    expect(() => env.step(7)).not.toThrow();
  });

  it('throws when a space is not a Space', () => {
    expect(() => new PassiveEnvChecker(new NoSpaceEnv())).toThrow(EnvError);
  });
});

describe('RenderCollection', () => {
  it('collects a frame on reset and on each step; render returns and clears the list; reset clears it', () => {
    const env = new RenderCollection(new GoodEnv({ renderMode: 'rgb_array' }));
    expect(env.renderMode).toBe('rgb_array_list');
    expect(env.metadata.renderModes).toContain('rgb_array_list');
    env.reset({ seed: 0 });
    env.step(0);
    env.step(0);
    const frames = env.render();
    expect(frames.map((f) => f.data[0])).toEqual([0, 1, 2]);
    expect(env.render()).toEqual([]);
    env.step(0);
    env.reset();
    expect(env.render().map((f) => f.data[0])).toEqual([0]);
  });
});

describe('seeding through the wrapper stack', () => {
  it('a seed that is not an integer >= 0 is an InvalidSeedError', () => {
    const env = new TimeLimit(new OrderEnforcing(new PassiveEnvChecker(new GoodEnv())), 5);
    for (const seed of [-1, 1.5, NaN, '3' as unknown as number]) {
      expect(() => env.reset({ seed }), String(seed)).toThrow(InvalidSeedError);
    }
    expect(() => env.reset({ seed: 0 })).not.toThrow();
  });

  it('reset() without a seed keeps the generator; reset({ seed }) re-creates it identically', () => {
    const env = new TimeLimit(new OrderEnforcing(new GoodEnv()), 5);
    const first = env.reset({ seed: 7 }).obs[0];
    const rng = env.unwrapped.npRandom;
    const second = env.reset().obs[0];
    expect(env.unwrapped.npRandom).toBe(rng);
    expect(second).not.toBe(first);
    expect(env.reset({ seed: 7 }).obs[0]).toBe(first);
  });
});
