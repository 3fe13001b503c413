import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Env, type ResetResult, type StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import { Dict } from '../../src/env/spaces/dict.js';
import { Discrete } from '../../src/env/spaces/discrete.js';
import type { Space } from '../../src/env/spaces/space.js';
import { flattenDictObservation } from '../../src/run/dict-observation.js';
import { buildRun } from '../../src/run/setup.js';
import { ConfigError } from '../../src/util/errors.js';
import { TINY } from '../agents/dreamer/helpers.js';

type Obs = Record<string, unknown>;

/** A Dict-observation env whose entries hold known numbers: `zeta` [2] = (1, 2), `alpha` [3] = (3, 4, 5). */
class TwoEntryEnv extends Env<Obs, number> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace = new Discrete(2);

  constructor(image = false) {
    super();
    const entries: [string, Box<'float64'> | Box<'uint8'>][] = [
      ['zeta', new Box({ low: -10, high: 10, shape: [2], dtype: 'float64' })],
      ['alpha', new Box({ low: -10, high: 10, shape: [3], dtype: 'float64' })],
    ];
    if (image) entries.push(['pixels', new Box({ low: 0, high: 255, shape: [4, 4, 3], dtype: 'uint8' })]);
    this.observationSpace = new Dict(entries) as Space<Obs>;
  }
  private obs(): Obs {
    const obs: Obs = { zeta: Float64Array.of(1, 2), alpha: Float64Array.of(3, 4, 5) };
    if ('pixels' in (this.observationSpace as unknown as Dict).spaces) obs.pixels = Uint8Array.from({ length: 48 }, (_, i) => 200 + i);
    return obs;
  }
  override reset(): ResetResult<Obs> {
    return { obs: this.obs(), info: {} };
  }
  override step(): StepResult<Obs> {
    return { obs: this.obs(), reward: 0, terminated: false, truncated: false, info: {} };
  }
}

describe('Dict observations reach the agent as one vector', () => {
  it('concatenates the entries in the key order of the Dict space', () => {
    const env = flattenDictObservation('two-entry', new TwoEntryEnv() as unknown as Parameters<typeof flattenDictObservation>[1]);
    expect(Array.from(env.reset().obs as ArrayLike<number>)).toEqual([1, 2, 3, 4, 5]);
    expect((env.observationSpace as Box).shape).toEqual([5]);
  });

  it('keeps an image entry in the row as its pixel values (the agent routes it to the CNN by the layout)', () => {
    const env = flattenDictObservation('two-entry', new TwoEntryEnv(true) as unknown as Parameters<typeof flattenDictObservation>[1]);
    const row = Array.from(env.reset().obs as ArrayLike<number>);
    expect(row.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(row.slice(5)).toEqual(Array.from({ length: 48 }, (_, i) => 200 + i));
  });

  it('refuses an entry the agent cannot take, naming it', () => {
    class BadEnv extends TwoEntryEnv {
      override readonly observationSpace = new Dict([['flat', new Box({ low: 0, high: 255, shape: [8, 8], dtype: 'uint8' })]]) as unknown as Space<Obs>;
    }
    const env = new BadEnv() as unknown as Parameters<typeof flattenDictObservation>[1];
    expect(() => flattenDictObservation('bad', env)).toThrow(ConfigError);
    expect(() => flattenDictObservation('bad', env)).toThrow(/entry "flat" .*without a channel axis/);
  });

  it('a DMC task (Dict observations) builds a run whose agent reads its 5 values (position 3, velocity 2)', async () => {
    const cfg = loadConfig({ overrides: [...TINY, 'env.id=dm_control/cartpole-balance-v0', 'backend=cpu'] });
    const parts = await buildRun(cfg);
    try {
      expect(parts.adapter.obsSize).toBe(5);
      parts.driver.reset(parts.explorer, 0);
      parts.driver.step(parts.explorer, 'explore');
      expect(parts.driver.row().obs).toHaveLength(5);
    } finally {
      parts.driver.close(parts.agent);
      parts.evalDriver.close(parts.agent);
    }
  }, 60_000);

});
