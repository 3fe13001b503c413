import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, saveResolvedConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/util/errors.js';

const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name);

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns exactly defaults.yaml when given nothing', () => {
    const cfg = loadConfig();
    expect(cfg).toEqual(parseYaml(readFileSync(join(import.meta.dirname, '..', '..', 'configs', 'defaults.yaml'), 'utf8')));
    expect(cfg.env.id).toBe('CartPole-v1');
    expect(cfg.backend).toBe('auto');
  });

  it('takes `--config defaults` as the one default config alone (what `dreamer train --config defaults` runs)', () => {
    expect(loadConfig({ config: 'defaults' })).toEqual(loadConfig());
    // The one default is not the cartpole preset `dreamer train` falls back to without --config.
    expect(loadConfig({ config: 'defaults' }).run.train_ratio).not.toBe(loadConfig({ config: 'cartpole' }).run.train_ratio);
  });

  it('parses override values as YAML scalars', () => {
    const cfg = loadConfig({
      overrides: ['run.steps=20000', 'run.train_ratio=0.5', 'replay.save_in_checkpoint=false', 'env.id=./my_env.js:MyEnv', 'log.sinks=[csv]', 'env.max_episode_steps=-1'],
    });
    expect(cfg.run.steps).toBe(20000);
    expect(cfg.run.train_ratio).toBe(0.5);
    expect(cfg.replay.save_in_checkpoint).toBe(false);
    expect(cfg.env.id).toBe(`${join(process.cwd(), 'my_env.js')}:MyEnv`); // env file paths are stored absolute
    expect(cfg.env.id_as_typed).toBe('./my_env.js:MyEnv');
    expect(cfg.log.sinks).toEqual(['csv']);
    expect(cfg.env.max_episode_steps).toBe(-1);
  });

  it('lets overrides set keys inside the free-form env.kwargs', () => {
    const cfg = loadConfig({ overrides: ['env.kwargs.g=9.8', 'env.kwargs.suttonBartoReward=true'] });
    expect(cfg.env.kwargs).toEqual({ g: 9.8, suttonBartoReward: true });
  });

  it('applies a preset over the defaults, touching only what it names', () => {
    const cfg = loadConfig({ config: fixture('small.yaml') });
    const defaults = loadConfig();
    expect(cfg.run.steps).toBe(2000);
    expect(cfg.env.num_envs).toBe(4);
    expect({ ...cfg.run, steps: 0, train_ratio: 0 }).toEqual({ ...defaults.run, steps: 0, train_ratio: 0 });
  });

  it('stacks a preset on its base, the later file winning, and overrides last', () => {
    const cfg = loadConfig({ config: fixture('stacked.yaml'), overrides: ['run.seed=9'] });
    expect(cfg.run.steps).toBe(3000); // stacked.yaml over small.yaml
    expect(cfg.run.train_ratio).toBe(8); // from small.yaml
    expect(cfg.env.num_envs).toBe(4); // from small.yaml
    expect(cfg.run.seed).toBe(9); // the override
    expect(cfg.log.sinks).toEqual(['jsonl', 'csv']);
  });

  it('names file, line and column of a YAML syntax error', () => {
    const message = configError(() => loadConfig({ config: fixture('bad_syntax.yaml') }));
    expect(message).toMatch(/bad_syntax\.yaml:\d+:\d+: YAML syntax error/);
    const line = Number(/bad_syntax\.yaml:(\d+)/.exec(message)![1]);
    expect(line).toBeGreaterThanOrEqual(3); // the unclosed `[` opens on line 3
  });

  it('rejects an unknown key with its file and line, and suggests the right one', () => {
    const message = configError(() => loadConfig({ config: fixture('unknown_key.yaml') }));
    expect(message).toContain('unknown config key `run.train_ration`');
    expect(message).toContain('unknown_key.yaml:4');
    expect(message).toContain('Did you mean `run.train_ratio`?');
  });

  it('suggests the section of a key given without one', () => {
    expect(configError(() => loadConfig({ overrides: ['train_ratio=2'] }))).toContain('Did you mean `run.train_ratio`?');
  });

  it('names the key and the expected type of a wrong value', () => {
    const fromFile = configError(() => loadConfig({ config: fixture('wrong_type.yaml') }));
    expect(fromFile).toContain('`replay.batch_size` must be an integer, got string "sixteen"');
    expect(fromFile).toContain('wrong_type.yaml:2');
    expect(configError(() => loadConfig({ overrides: ['run.steps=1.5'] }))).toContain('`run.steps` must be an integer, got number 1.5');
    expect(configError(() => loadConfig({ overrides: ['replay.save_in_checkpoint=yes please'] }))).toContain('must be true or false');
    expect(configError(() => loadConfig({ overrides: ['env.num_envs=null'] }))).toContain('`env.num_envs` must be an integer, got null');
  });

  it('checks enums, minimums and list items', () => {
    expect(configError(() => loadConfig({ overrides: ['backend=gpu'] }))).toContain('`backend` must be one of auto | tensorflow | wasm | cpu, got "gpu"');
    expect(configError(() => loadConfig({ overrides: ['env.num_envs=0'] }))).toContain('`env.num_envs` must be >= 1, got 0');
    expect(configError(() => loadConfig({ overrides: ['log.sinks=[console, tb]'] }))).toContain('got "tb"');
  });

  it('reports every problem at once', () => {
    const message = configError(() => loadConfig({ overrides: ['run.stepz=1', 'backend=gpu'] }));
    expect(message.split('\n')).toHaveLength(2);
  });

  it('refuses a value where a section belongs and an override without =', () => {
    expect(configError(() => loadConfig({ overrides: ['env=3'] }))).toContain('`env` is a section');
    expect(configError(() => loadConfig({ overrides: ['run.steps'] }))).toContain('is not key=value');
  });

  it('finds presets by name, suggests near names, and detects base cycles', () => {
    expect(configError(() => loadConfig({ config: 'defaultz' }))).toContain('did you mean `defaults`?');
    expect(configError(() => loadConfig({ config: fixture('cycle_a.yaml') }))).toContain('form a cycle');
    expect(configError(() => loadConfig({ config: fixture('missing.yaml') }))).toContain('does not exist');
  });

  it('saves the resolved config so that loading it gives the same config', () => {
    const cfg = loadConfig({ config: fixture('stacked.yaml'), overrides: ['env.kwargs.g=9.8'] });
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-config-'));
    const path = saveResolvedConfig(dir, cfg);
    expect(readFileSync(path, 'utf8')).toContain('train_ratio: 8');
    expect(loadConfig({ config: path })).toEqual(cfg);
  });
});
