import { describe, expect, it } from 'vitest';
import { CLASSIC_CONTROL } from '../../../envs/register.js';
import { CartPoleEnv } from '../../../envs/classic/cartpole.js';
import { MountainCarEnv } from '../../../envs/classic/mountain-car.js';
import { PendulumEnv } from '../../../envs/classic/pendulum.js';
import type { Frame } from '../../../src/env/env.js';
import { make } from '../../../src/env/make.js';
import { spec } from '../../../src/env/registry.js';
import { loadGolden } from './golden.js';

describe('classic-control registration', () => {
  it.each(CLASSIC_CONTROL.map((c) => c.id))('%s has the golden record’s limit, threshold and spaces', (id) => {
    const golden = loadGolden(id) as unknown as {
      max_episode_steps: number;
      reward_threshold: number | null;
      render_fps: number;
      observation_space: { shape: number[] };
    };
    const s = spec(id);
    expect(s.maxEpisodeSteps).toBe(golden.max_episode_steps);
    expect(s.rewardThreshold ?? null).toBe(golden.reward_threshold);
    const env = make<Float32Array, unknown>(id);
    expect(env.metadata.renderFps).toBe(golden.render_fps);
    expect(env.observationSpace.shape).toEqual(golden.observation_space.shape);
  });

  it('make passes camelCase kwargs to the constructors', () => {
    expect((make('CartPole-v1', { suttonBartoReward: true }).unwrapped as CartPoleEnv).suttonBartoReward).toBe(true);
    expect((make('Pendulum-v1', { g: 9.81 }).unwrapped as PendulumEnv).g).toBe(9.81);
    expect((make('MountainCar-v0', { goalVelocity: 0.01 }).unwrapped as MountainCarEnv).goalVelocity).toBe(0.01);
  });

  it('rgb_array_list collects one frame per reset and step', () => {
    const env = make<Float32Array, number>('CartPole-v1', { renderMode: 'rgb_array_list' });
    env.reset({ seed: 0 });
    env.step(0);
    env.step(1);
    const frames = env.render() as Frame[];
    expect(frames).toHaveLength(3);
    expect(frames[0].shape).toEqual([400, 600, 3]);
  });

  it('TimeLimit truncates Pendulum at step 200', () => {
    const env = make<Float32Array, Float32Array>('Pendulum-v1');
    env.reset({ seed: 0 });
    const flags: boolean[] = [];
    for (let t = 0; t < 200; t++) flags.push(env.step(Float32Array.of(0)).truncated);
    expect(flags.indexOf(true)).toBe(199);
  });
});
