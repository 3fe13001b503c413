import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, saveResolvedConfig } from '../../src/config/index.js';
import { checkResumeConfig } from '../../src/run/resume-policy.js';

const REPO = resolve(import.meta.dirname, '../..');
const startDir = process.cwd();
afterEach(() => process.chdir(startDir));

/** A folder with an env file (and, when asked, a config beside it). */
function project(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'env-path-'));
  writeFileSync(join(dir, 'my-env.js'), 'export class MyEnv {}\n');
  if (yaml !== undefined) writeFileSync(join(dir, 'exp.yaml'), yaml);
  return dir;
}

describe('env file paths in configs are stored absolute', () => {
  it('an override is resolved against the current folder; the typed form is kept for display', () => {
    const dir = project();
    process.chdir(dir);
    const cfg = loadConfig({ overrides: ['env.id=./my-env.js:MyEnv'] });
    expect(cfg.env.id).toBe(`${join(process.cwd(), 'my-env.js')}:MyEnv`);
    expect(cfg.env.id_as_typed).toBe('./my-env.js:MyEnv');
  });

  it('the point_mass preset works from any folder: its env path is relative to configs/', () => {
    process.chdir(tmpdir());
    const cfg = loadConfig({ config: 'point_mass' });
    expect(cfg.env.id).toBe(`${join(REPO, 'envs', 'examples', 'point-mass.ts')}:PointMass`);
  });

  it('a config file resolves its env path against its own folder, not the current one', () => {
    const dir = project('env:\n  id: ./my-env.js:MyEnv\n');
    process.chdir(tmpdir());
    expect(loadConfig({ config: join(dir, 'exp.yaml') }).env.id).toBe(`${join(dir, 'my-env.js')}:MyEnv`);
  });

  it("a run's saved config.yaml loads back unchanged from another folder", () => {
    const dir = project();
    process.chdir(dir);
    const run = join(dir, 'runs', 'a');
    saveResolvedConfig(run, loadConfig({ overrides: ['env.id=./my-env.js:MyEnv'] }));
    process.chdir(tmpdir());
    const back = loadConfig({ config: join(run, 'config.yaml') });
    expect([back.env.id, back.env.id_as_typed]).toEqual([`${join(dir, 'my-env.js')}:MyEnv`, './my-env.js:MyEnv']);
  });

  it('a run folder written before paths were absolute keeps its relative env id, so its resume compares equal', () => {
    const dir = project();
    process.chdir(dir);
    const saved = loadConfig({ overrides: ['env.id=./my-env.js:MyEnv'] });
    // What an older version wrote: the id as typed, relative to the folder the run was started in.
    const legacy = { ...saved, env: { ...saved.env, id: './my-env.js:MyEnv', id_as_typed: '' } };
    saveResolvedConfig(join(dir, 'old-run'), legacy);
    const loaded = loadConfig({ config: join(dir, 'old-run', 'config.yaml') });
    expect(loaded.env.id).toBe('./my-env.js:MyEnv');
    expect(() => checkResumeConfig(legacy, loaded, 'old-run/checkpoints/ckpt-1')).not.toThrow();
  });

  it('a preset written relative to the folder it is run from still works (current-folder fallback)', () => {
    const dir = project();
    mkdirSync(join(dir, 'configs'));
    writeFileSync(join(dir, 'configs', 'exp.yaml'), 'env:\n  id: ./my-env.js:MyEnv\n');
    process.chdir(dir);
    expect(loadConfig({ config: join(dir, 'configs', 'exp.yaml') }).env.id).toBe(`${join(process.cwd(), 'my-env.js')}:MyEnv`);
  });

  it('registered ids and module ids are left alone', () => {
    expect(loadConfig({ overrides: ['env.id=Pendulum-v1'] }).env).toMatchObject({ id: 'Pendulum-v1', id_as_typed: '' });
    expect(loadConfig({ overrides: ['env.id=my-package:MyEnv-v0'] }).env).toMatchObject({ id: 'my-package:MyEnv-v0', id_as_typed: '' });
  });
});
