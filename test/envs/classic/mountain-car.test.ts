import { describe, expect, it } from 'vitest';
import { MountainCarEnv } from '../../../envs/classic/mountain-car.js';
import { InvalidActionError } from '../../../src/util/errors.js';
import { describeGolden, openThroughMake } from './golden.js';

describeGolden('MountainCar-v0', (seed) => {
  const env = new MountainCarEnv();
  env.reset({ seed });
  return { env, hasTimeLimit: false, setState: (v) => (env.state = v), getState: () => env.state! };
}, 'directly on the class');

describeGolden('MountainCar-v0', openThroughMake('MountainCar-v0'), 'through make()');

describe('MountainCarEnv', () => {
  it('stops the car at the left wall', () => {
    const env = new MountainCarEnv();
    env.state = [-1.19, -0.05];
    const r = env.step(0);
    expect(Array.from(env.state!)).toEqual([-1.2, 0]);
    expect(r.reward).toBe(-1);
  });

  it('goalVelocity raises the bar for termination', () => {
    const strict = new MountainCarEnv({ goalVelocity: 0.05 });
    const lax = new MountainCarEnv();
    strict.state = lax.state = [0.49, 0.02];
    expect(lax.step(2).terminated).toBe(true);
    expect(strict.step(2).terminated).toBe(false);
  });

  it('rejects actions outside Discrete(3)', () => {
    const env = new MountainCarEnv();
    env.reset({ seed: 0 });
    expect(() => env.step(3)).toThrow(InvalidActionError);
    expect(() => env.step(1.5)).toThrow(/Discrete\(3\)/);
  });

  it('reset options low/high set the position interval, velocity stays 0', () => {
    const env = new MountainCarEnv();
    env.reset({ seed: 5, options: { low: -0.3, high: -0.3 } });
    expect(Array.from(env.state!)).toEqual([-0.3, 0]);
  });
});
