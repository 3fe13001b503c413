import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../envs/register.js';
import { checkEnv, type Finding } from '../../src/env/checker.js';
import { make } from '../../src/env/make.js';
import { Box } from '../../src/env/spaces/box.js';
import { Dict } from '../../src/env/spaces/dict.js';
import { register } from '../../src/env/registry.js';
import { resetWarnings } from '../../src/env/warn-once.js';
import type { Env } from '../../src/env/env.js';
import type { Frame } from '../../src/env/env.js';
import {
  BadStepTypesEnv,
  GoodEnv,
  NanObsEnv,
  NoSpaceEnv,
  NoSuperResetEnv,
  UnseededEnv,
  WrongShapeEnv,
} from './helpers/core-envs.js';

beforeEach(() => void vi.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => {
  resetWarnings();
  vi.restoreAllMocks();
});

const errors = (f: Finding[]): string[] => f.filter((x) => x.level === 'error').map((x) => x.message);
const run = (env: Env<unknown, unknown>): Finding[] => checkEnv(env, { skipRenderCheck: true });

/** rgb_array render returns a frame whose byte count does not match its shape. */
class BadFrameEnv extends GoodEnv {
  override render(): Frame {
    return { data: new Uint8Array(5), shape: [4, 6, 3] };
  }
}

register('CheckerTest/Good-v0', GoodEnv, { maxEpisodeSteps: 10 });
register('CheckerTest/BadFrame-v0', BadFrameEnv);

describe('checkEnv', () => {
  it('finds nothing wrong with a good env, including its render modes via the spec', () => {
    expect(run(new GoodEnv())).toEqual([]);
    const env = make('CheckerTest/Good-v0');
    expect(checkEnv(env.unwrapped)).toEqual([]);
  });

  it('warns that a wrapped env should be checked unwrapped', () => {
    const findings = checkEnv(make('CheckerTest/Good-v0'), { skipRenderCheck: true });
    expect(findings).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringContaining('env.unwrapped') })]);
  });

  it('NaN in the step obs is an error naming NaN (and the obs is outside the space)', () => {
    const e = errors(run(new NanObsEnv()));
    expect(e.some((m) => m.includes('Encountered NaN value in observations (step)'))).toBe(true);
    expect(e.some((m) => m.includes('The obs returned by the `step()` method is not within the observation space'))).toBe(true);
  });

  it('an obs of the wrong shape is an error at reset', () => {
    const e = errors(run(new WrongShapeEnv()));
    expect(e[0]).toContain('The obs returned by the `reset()` method is not within the observation space');
  });

  it('non-deterministic seeding (Math.random) is an error', () => {
    const e = errors(run(new UnseededEnv()));
    expect(e.some((m) => m.includes('reset({ seed: 123 })` is non-deterministic'))).toBe(true);
  });

  it('ignoring the seed (no super.reset) is an error that names super.reset', () => {
    const e = errors(run(new NoSuperResetEnv()));
    expect(e.some((m) => m.includes('super.reset(opts)'))).toBe(true);
  });

  it('wrong step result types are errors', () => {
    const e = errors(run(new BadStepTypesEnv()));
    expect(e).toEqual(
      expect.arrayContaining([
        'Expects `terminated` signal to be a boolean, actual type: number.',
        'The reward returned by `step()` must be a number, actual type: string.',
      ]),
    );
  });

  it('a space that is not a Space stops the check with an error', () => {
    const findings = run(new NoSpaceEnv());
    expect(findings).toHaveLength(1);
    expect(findings[0].level).toBe('error');
    expect(findings[0].message).toContain('observation space does not implement Space');
  });

  it('checks rgb_array frames of each declared render mode', () => {
    const env = make('CheckerTest/BadFrame-v0');
    expect(errors(checkEnv(env.unwrapped))).toEqual([expect.stringContaining("render() in 'rgb_array' mode must return")]);
  });

  it('reports a throwing reset as an error instead of throwing', () => {
    class Throws extends GoodEnv {
      override reset(): never {
        throw new Error('boom');
      }
    }
    expect(errors(run(new Throws()))).toEqual([expect.stringContaining('reset() threw Error: boom')]);
  });

  it('gives the space-limit warnings Gymnasium’s check_env gives for CartPole-v1 and Pendulum-v1', () => {
    const warnings = (id: string): string[] => checkEnv(make(id).unwrapped).map((f) => `${f.level}: ${f.message}`);
    expect(warnings('CartPole-v1')).toEqual([
      'warning: A Box observation space minimum value is -infinity. This is probably too low.',
      'warning: A Box observation space maximum value is infinity. This is probably too high.',
    ]);
    expect(warnings('Pendulum-v1')).toEqual([expect.stringMatching(/^warning: For Box action spaces, we recommend using a symmetric and normalized space/)]);
  });

  it('runs the Box checks on a space from another copy of the spaces module (a user file loaded through tsx)', () => {
    const own = new Box({ low: -Infinity, high: Infinity, shape: [2] });
    // Not an instance of this module's Box: only the Space methods, delegating to a real Box.
    const foreign = {
      shape: own.shape, dtype: own.dtype, npRandom: own.npRandom,
      sample: () => own.sample(), contains: (x: unknown) => own.contains(x), seed: (n?: number) => own.seed(n),
      toJSON: () => own.toJSON(), toString: () => own.toString(),
    };
    class ForeignSpaceEnv extends GoodEnv {
      constructor() {
        super();
        this.observationSpace = foreign as unknown as Box;
      }
      protected override obs(): Float32Array {
        return Float64Array.from([this.position, this.t]) as unknown as Float32Array; // wrong dtype for a float32 Box
      }
    }
    const messages = run(new ForeignSpaceEnv()).map((f) => f.message);
    expect(messages).toContain('A Box observation space minimum value is -infinity. This is probably too low.');
    expect(messages.some((m) => m.includes('was expecting dtype float32, actual dtype: float64'))).toBe(true);
  });
  it('a Dict obs with the wrong keys is an error, as Gymnasium asserts (severity set where it is found)', () => {
    class WrongKeysEnv extends GoodEnv {
      constructor() {
        super();
        (this as Env<unknown, number>).observationSpace = new Dict({ pos: new Box({ low: -10, high: 10, shape: [1] }) });
      }
      protected override obs(): Float32Array {
        return { position: Float32Array.from([this.position]) } as unknown as Float32Array;
      }
    }
    const findings = run(new WrongKeysEnv() as unknown as Env<unknown, unknown>);
    expect(findings).toContainEqual({
      level: 'error',
      message: 'The obs returned by the `reset()` method has keys [position], but the Dict space has [pos].',
    });
  });
});
