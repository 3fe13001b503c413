import { describe, expect, it } from 'vitest';
import { getSchema, type Config, type EnvConfig, type LogConfig, type ReplayConfig, type RunConfig } from '../../src/config/index.js';

// TypeScript checks that each object lists exactly the fields of its interface (a missing or extra field does not
// compile); the test then checks that the same names are the keys of defaults.yaml.
const ENV: Record<keyof EnvConfig, true> = { id: true, id_as_typed: true, num_envs: true, max_episode_steps: true, action_repeat: true, kwargs: true, vectorization: true, eval_num_envs: true, obs: true, image_size: true, grayscale: true };
const RUN: Record<keyof RunConfig, true> = {
  steps: true,
  seed: true,
  train_ratio: true,
  prefill: true,
  prefill_hold: true,
  eval_every: true,
  eval_episodes: true,
  log_every: true,
  checkpoint_every: true,
  keep_checkpoints: true,
  logdir: true,
  max_nonfinite_updates: true,
  gc_every: true,
  incremental_marking: true,
};
const REPLAY: Record<keyof ReplayConfig, true> = { capacity: true, batch_size: true, seq_len: true, save_in_checkpoint: true };
const LOG: Record<keyof LogConfig, true> = { sinks: true, console: true, line_interval: true };
const TOP: Record<keyof Config, true> = { backend: true, native_blas: true, threads: true, env: true, run: true, replay: true, log: true, agent: true };

describe('the Config interface', () => {
  const schema = getSchema();
  const keysOf = (section: string): string[] =>
    [...schema.entries.keys(), ...schema.sections].filter((k) => k.startsWith(`${section}.`) && !k.slice(section.length + 1).includes('.')).map((k) => k.slice(section.length + 1)).sort();

  it.each([
    ['env', ENV],
    ['run', RUN],
    ['replay', REPLAY],
    ['log', LOG],
  ] as const)('has the fields of the `%s` section of defaults.yaml', (section, fields) => {
    expect(Object.keys(fields).sort()).toEqual(keysOf(section));
  });

  it('has the top-level keys and sections of defaults.yaml', () => {
    const top = [...schema.entries.keys(), ...schema.sections].filter((k) => k !== '' && !k.includes('.')).sort();
    expect(Object.keys(TOP).sort()).toEqual(top);
  });
});
