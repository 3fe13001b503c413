import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Frame } from '../../../src/env/env.js';
import type { Rgb } from '../../../src/render/canvas.js';
import { AcrobotEnv } from '../../../envs/classic/acrobot.js';
import { CartPoleEnv } from '../../../envs/classic/cartpole.js';
import { MountainCarContinuousEnv } from '../../../envs/classic/mountain-car-continuous.js';
import { MountainCarEnv } from '../../../envs/classic/mountain-car.js';
import { PendulumEnv } from '../../../envs/classic/pendulum.js';
import { EnvError } from '../../../src/util/errors.js';
import { resetWarnings } from '../../../src/env/warn-once.js';

/** Mean column and row of the pixels of exactly `colour` (undefined if none). */
function centroid(f: Frame, colour: Rgb): { x: number; y: number; n: number } {
  const [, w] = f.shape;
  let sx = 0, sy = 0, n = 0;
  for (let i = 0; i < f.data.length; i += 3) {
    if (f.data[i] === colour[0] && f.data[i + 1] === colour[1] && f.data[i + 2] === colour[2]) {
      const p = i / 3;
      sx += p % w;
      sy += Math.floor(p / w);
      n++;
    }
  }
  return { x: sx / n, y: sy / n, n };
}

function nonWhite(f: Frame): number {
  let n = 0;
  for (let i = 0; i < f.data.length; i += 3) if (f.data[i] !== 255 || f.data[i + 1] !== 255 || f.data[i + 2] !== 255) n++;
  return n;
}

const POLE: Rgb = [202, 152, 101];
const ROD: Rgb = [204, 77, 77];
const LINK: Rgb = [0, 204, 204];
const WHEEL: Rgb = [128, 128, 128];

afterEach(() => {
  vi.restoreAllMocks();
  resetWarnings();
});

describe('rgb_array frames', () => {
  it.each([
    ['CartPole', () => new CartPoleEnv({ renderMode: 'rgb_array' }), [400, 600, 3]],
    ['Pendulum', () => new PendulumEnv({ renderMode: 'rgb_array' }), [500, 500, 3]],
    ['MountainCar', () => new MountainCarEnv({ renderMode: 'rgb_array' }), [400, 600, 3]],
    ['MountainCarContinuous', () => new MountainCarContinuousEnv({ renderMode: 'rgb_array' }), [400, 600, 3]],
    ['Acrobot', () => new AcrobotEnv({ renderMode: 'rgb_array' }), [500, 500, 3]],
  ] as const)('%s renders a Uint8Array HWC frame of Gymnasium’s size that is not blank', (_, make, shape) => {
    const env = make();
    expect(env.render()).toBeUndefined(); // no state before reset
    env.reset({ seed: 0 });
    const f = env.render()!;
    expect(f.shape).toEqual(shape);
    expect(f.data).toBeInstanceOf(Uint8Array);
    expect(f.data.length).toBe(shape[0] * shape[1] * 3);
    expect(nonWhite(f)).toBeGreaterThan(500);
  });

  it('CartPole: a positive angle leans the pole right and the pole top rises above the cart', () => {
    const env = new CartPoleEnv({ renderMode: 'rgb_array' });
    env.reset({ seed: 0 });
    env.state = [0, 0, 0, 0];
    const upright = centroid(env.render()!, POLE);
    env.state = [0, 0, 0.2, 0];
    const leaning = centroid(env.render()!, POLE);
    expect(upright.x).toBeCloseTo(300, 0);
    expect(leaning.x - upright.x).toBeGreaterThan(5);
    expect(upright.y).toBeLessThan(300); // rows count down: the pole stands above the track at row 300
    env.state = [1, 0, 0, 0];
    expect(centroid(env.render()!, POLE).x - upright.x).toBeCloseTo(125, -1); // 1 unit = 600/4.8 px
  });

  it('Pendulum: θ = 0 points the rod up, θ = π down', () => {
    const env = new PendulumEnv({ renderMode: 'rgb_array' });
    env.state = [0, 0];
    const up = centroid(env.render()!, ROD);
    env.state = [Math.PI, 0];
    const down = centroid(env.render()!, ROD);
    expect(up.y).toBeLessThan(250);
    expect(down.y).toBeGreaterThan(250);
  });

  it('MountainCar: the car (wheels) moves right as the position grows', () => {
    const env = new MountainCarEnv({ renderMode: 'rgb_array' });
    env.state = [-0.9, 0];
    const left = centroid(env.render()!, WHEEL);
    env.state = [0.3, 0];
    const right = centroid(env.render()!, WHEEL);
    expect(right.x - left.x).toBeCloseTo((1.2 * 600) / 1.8, -1);
  });

  it('Acrobot: hanging links are below the pivot, swung-up links above it', () => {
    const env = new AcrobotEnv({ renderMode: 'rgb_array' });
    env.state = [0, 0, 0, 0];
    const hanging = centroid(env.render()!, LINK);
    env.state = [Math.PI, 0, 0, 0];
    const up = centroid(env.render()!, LINK);
    expect(hanging.y).toBeGreaterThan(250);
    expect(up.y).toBeLessThan(250);
  });
});

describe('render modes', () => {
  it('render() without a mode warns and returns undefined', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    expect(env.render()).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/without specifying any render mode/));
  });

  it('"human" on a headless machine warns once and keeps stepping', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const env = new AcrobotEnv({ renderMode: 'human' });
    env.reset({ seed: 0 });
    for (let i = 0; i < 3; i++) env.step(1);
    expect(env.render()).toBeUndefined();
    expect(warn.mock.calls.filter(([m]) => /human/.test(String(m)))).toHaveLength(1);
  });

  it('an unknown render mode is an EnvError listing the supported ones', () => {
    expect(() => new PendulumEnv({ renderMode: 'ansi' })).toThrow(EnvError);
    expect(() => new PendulumEnv({ renderMode: 'ansi' })).toThrow(/human, rgb_array/);
  });

  it('metadata carries Gymnasium’s render fps', () => {
    expect([
      new CartPoleEnv().metadata.renderFps,
      new PendulumEnv().metadata.renderFps,
      new MountainCarEnv().metadata.renderFps,
      new MountainCarContinuousEnv().metadata.renderFps,
      new AcrobotEnv().metadata.renderFps,
    ]).toEqual([50, 30, 30, 30, 15]);
  });
});
