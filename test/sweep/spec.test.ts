import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSweepFile } from '../../src/sweep/spec.js';
import { expandTrials, validateTrials } from '../../src/sweep/trials.js';
import { ConfigError } from '../../src/util/errors.js';

function sweepFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sweep-spec-')), 'sweep.yaml');
  writeFileSync(path, text);
  return path;
}

function errorOf(text: string): string {
  try {
    readSweepFile(sweepFile(text));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the sweep file', () => {
  it('reads the issue example: dotted keys, grid, random space, seeds as a count', () => {
    const spec = readSweepFile(sweepFile(`
base: cartpole
set: { run.steps: 20000 }
grid: { agent.model.lr: [1.0e-4, 3.0e-4], env.id: [CartPole-v1, Acrobot-v1] }
random:
  trials: 3
  space: { agent.behavior.entropy: { log_uniform: [1.0e-4, 1.0e-2] } }
seeds: 3
max_attempts: 2
`));
    expect(spec.base).toEqual(['cartpole']);
    expect(spec.set).toEqual({ 'run.steps': 20000 });
    expect(spec.grid['env.id']).toEqual(['CartPole-v1', 'Acrobot-v1']);
    expect(spec.random).toEqual({ trials: 3, seed: 0, space: { 'agent.behavior.entropy': { kind: 'log_uniform', low: 1e-4, high: 1e-2 } } });
    expect(spec.seeds).toEqual([0, 1, 2]);
    expect(spec.maxAttempts).toBe(2);
    expect(spec.summary).toEqual({ metric: 'eval/return_mean', mode: 'max', steps: [] });
  });

  it('reads the summary section, and names its mistakes', () => {
    const spec = readSweepFile(sweepFile('base: cartpole\nsummary: { metric: train/loss, mode: min, steps: [20000, 10000] }\n'));
    expect(spec.summary).toEqual({ metric: 'train/loss', mode: 'min', steps: [10000, 20000] });
    expect(errorOf('base: cartpole\nsummary: { stepz: [1] }\n')).toMatch(/unknown key `summary.stepz` .*Did you mean `summary.steps`\?/);
    expect(errorOf('base: cartpole\nsummary: { mode: best }\n')).toMatch(/`summary.mode: best` .* must be max \(higher is better\) or min/);
    expect(errorOf('base: cartpole\nsummary: { steps: [0, 1.5] }\n')).toMatch(/`summary.steps` .* must be a list of env steps \(whole numbers > 0\)/);
  });

  it('reads back its own resolved file (sweep.yaml of a sweep folder), random space included', async () => {
    const { resolvedSweepYaml } = await import('../../src/sweep/sweep-file.js');
    const spec = readSweepFile(sweepFile('base: cartpole\ngrid: { run.steps: [5, 6] }\nrandom: { trials: 2, seed: 3, space: { agent.model.lr: { log_uniform: [1.0e-4, 1.0e-3] }, env.id: { choice: [CartPole-v1, Acrobot-v1] } } }\nseeds: 2\nsummary: { steps: [100] }\n'));
    const again = readSweepFile(sweepFile(resolvedSweepYaml(spec, 8)));
    expect(again).toEqual(spec);
    expect(expandTrials(again).map((t) => t.id)).toEqual(expandTrials(spec).map((t) => t.id));
  });

  it('takes nested sections as well as dotted keys, and a list of seeds', () => {
    const spec = readSweepFile(sweepFile('base: cartpole\nset: { run: { steps: 10 } }\nseeds: [4, 7]\n'));
    expect(spec.set).toEqual({ 'run.steps': 10 });
    expect(spec.seeds).toEqual([4, 7]);
  });

  it('names a missing sweep file', () => {
    expect(() => readSweepFile('/nonexistent/lr.yaml')).toThrow(/sweep file \/nonexistent\/lr.yaml does not exist/);
  });

  it('names an unknown top-level key with the closest one', () => {
    expect(errorOf('base: cartpole\ngird: { run.steps: [1, 2] }\n')).toMatch(/unknown sweep key `gird` \(.*sweep\.yaml:2\)\. Did you mean `grid`\?/);
  });

  it('names a grid, set or random key the config schema does not have', () => {
    expect(errorOf('base: cartpole\ngrid: { run.step: [1, 2] }\n')).toMatch(/`grid` names `run.step` \(.*:2\), which is not a config key\. Did you mean `run.steps`\?/);
    expect(errorOf('base: cartpole\nset: { agent.modle.lr: 1 }\n')).toMatch(/`set` names `agent.modle.lr`.*Did you mean `agent.model.lr`\?/);
    expect(errorOf('base: cartpole\nrandom: { trials: 2, space: { run.nope: { uniform: [0, 1] } } }\n')).toMatch(/`random.space` names `run.nope`/);
  });

  it('names a bad distribution', () => {
    expect(errorOf('base: cartpole\nrandom: { trials: 2, space: { agent.model.lr: { log_uniformm: [1.0e-4, 1.0e-3] } } }\n')).toMatch(
      /random.space `agent.model.lr` .*unknown distribution `log_uniformm`\. Did you mean `log_uniform`\?/,
    );
    expect(errorOf('base: cartpole\nrandom: { trials: 2, space: { agent.model.lr: { log_uniform: [0, 1.0e-3] } } }\n')).toMatch(/`log_uniform: \[0,0.001\]` needs \[LOW, HIGH\] with 0 < LOW < HIGH/);
    expect(errorOf('base: cartpole\nrandom: { trials: 2, space: { replay.batch_size: { int: [8.5, 16] } } }\n')).toMatch(/`int: .*whole numbers/);
    expect(errorOf('base: cartpole\nrandom: { trials: 0, space: { agent.model.lr: { uniform: [0, 1] } } }\n')).toMatch(/`random.trials` .* whole number >= 1/);
  });

  it('refuses keys the sweep sets itself, a key in two places, bad seeds, a missing base', () => {
    expect(errorOf('base: cartpole\ngrid: { run.seed: [1, 2] }\n')).toMatch(/sets `run.seed`.*top-level `seeds:`/);
    expect(errorOf('base: cartpole\nset: { run.steps: 5 }\ngrid: { run.steps: [1, 2] }\n')).toMatch(/`run.steps` is in both `set` and `grid`/);
    expect(errorOf('base: cartpole\nseeds: [1, 1]\n')).toMatch(/`seeds: \[1,1\]` .* distinct/);
    expect(errorOf('grid: { run.steps: [1] }\n')).toMatch(/no `base:`/);
    expect(errorOf('base: cartpole\ngrid: { run.steps: [] }\n')).toMatch(/grid key `run.steps` .* non-empty list/);
  });
});

describe('expanding a sweep into trials', () => {
  const text = `
base: cartpole
grid: { run.train_ratio: [8.0, 16.0] }
random: { trials: 3, seed: 5, space: { agent.model.lr: { log_uniform: [1.0e-5, 1.0e-3] }, replay.batch_size: { int: [4, 6] }, env.id: { choice: [CartPole-v1, Acrobot-v1] } } }
seeds: 2
`;

  it('crosses grid × random draws × seeds, every trial with its seed and overrides', () => {
    const trials = expandTrials(readSweepFile(sweepFile(text)));
    expect(trials).toHaveLength(2 * 3 * 2);
    expect(new Set(trials.map((t) => t.id)).size).toBe(12);
    expect(new Set(trials.map((t) => t.pointId)).size).toBe(6);
    for (const t of trials) {
      expect(t.overrides['run.seed']).toBe(t.seed);
      const lr = t.point['agent.model.lr'] as number;
      expect(lr).toBeGreaterThanOrEqual(1e-5);
      expect(lr).toBeLessThanOrEqual(1e-3);
      expect([4, 5, 6]).toContain(t.point['replay.batch_size']);
      expect(['CartPole-v1', 'Acrobot-v1']).toContain(t.point['env.id']);
    }
    // the 3 random draws are the same for each grid value (crossed, not drawn again)
    const draws = (ratio: number) => trials.filter((t) => t.point['run.train_ratio'] === ratio && t.seed === 0).map((t) => t.point['agent.model.lr']);
    expect(draws(8)).toEqual(draws(16));
  });

  it('gives the same trials and ids for the same file, and other draws for another random.seed', () => {
    const a = expandTrials(readSweepFile(sweepFile(text)));
    const b = expandTrials(readSweepFile(sweepFile(text)));
    expect(b).toEqual(a);
    expect(a[0]!.id).toMatch(/^[A-Za-z0-9_.=+-]+-s0-[0-9a-f]{6}$/);
    const c = expandTrials(readSweepFile(sweepFile(text.replace('seed: 5', 'seed: 6'))));
    expect(c.map((t) => t.point['agent.model.lr'])).not.toEqual(a.map((t) => t.point['agent.model.lr']));
  });

  it('an id depends on the point and seed only, readable from its values', () => {
    const [t] = expandTrials(readSweepFile(sweepFile('base: cartpole\nset: { run.steps: 10 }\ngrid: { env.id: [Acrobot-v1] }\nseeds: [3]\n')));
    const [u] = expandTrials(readSweepFile(sweepFile('base: pendulum\nset: { run.steps: 99 }\ngrid: { env.id: [Acrobot-v1] }\nseeds: [3]\n')));
    expect(t!.id).toMatch(/^env\.id=Acrobot-v1-s3-[0-9a-f]{6}$/);
    expect(u!.id).toBe(t!.id);
  });

  it('checks every trial against the schema before anything runs, naming the trial', () => {
    const spec = readSweepFile(sweepFile('base: cartpole\ngrid: { run.steps: [10, -1], replay.batch_size: [2] }\n'));
    expect(() => validateTrials(spec, expandTrials(spec))).toThrow(/1 of 2 trials have a bad config; nothing was run:\ntrial batch_size=2-steps=-1-s0-\w+: `run.steps`/);
  });
});
