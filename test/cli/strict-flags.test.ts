import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { POINT_MASS_ID, randomAgentRun, runCli, tempDir } from './helpers.js';

/** A random-agent PointMass run small enough for a test: its steps come from --steps. */
const TINY = [`env.id=${POINT_MASS_ID}`, 'agent.kind=random', 'backend=cpu', 'run.prefill=0', 'run.eval_every=0', 'log.sinks=[jsonl]'];

describe('every command rejects unknown flags (strict)', () => {
  it('a misspelt eval flag exits 2 naming the flag it resembles', async () => {
    const run = randomAgentRun();
    const r = await runCli(['eval', '--checkpoint', run, '--episdoes', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['dreamer: unknown flag --episdoes: did you mean --episodes? Run `dreamer eval --help` for its flags.']);
    expect(r.out).toEqual([]);
  });

  it.each([
    [['envs', '--jsn'], /unknown flag --jsn: did you mean --json\?/],
    [['check-env', 'CartPole-v1', '--skip-render'], /unknown flag --skip-render: did you mean --skip-render-check\?/],
    // run.steps=-1: if the flag were ignored, the run would stop at the config check instead of training.
    [['train', '--logidr', 'x', 'run.steps=-1'], /unknown flag --logidr: did you mean --logdir\?/],
    [['plot', 'runs/a', '--metrc', 'x'], /unknown flag --metrc: did you mean --metric\?/],
    [['dream', '--checkpoint', 'x', '--horizn', '3'], /unknown flag --horizn: did you mean --horizon\?/],
    [['trian'], /unknown command "trian": did you mean train\?/],
    [['eval', '--checkpoint', 'x', 'extra'], /unexpected argument "extra"/],
  ])('dreamer %j exits 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(message);
  });

  it('train takes --seed and --steps as run.seed= and run.steps=', async () => {
    const logdir = join(tempDir('strict-train-'), 'run');
    const r = await runCli(['train', '--seed', '3', '--steps', '40', ...TINY, 'run.checkpoint_every=40', '--logdir', logdir]);
    expect(r.code).toBe(0);
    const cfg = parse(readFileSync(join(logdir, 'config.yaml'), 'utf8')) as { run: { seed: number; steps: number } };
    expect([cfg.run.seed, cfg.run.steps]).toEqual([3, 40]);
  });

  it('--seed together with run.seed= is refused rather than one silently winning', async () => {
    const r = await runCli(['train', '--seed', '3', 'run.seed=4', ...TINY]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/--seed and run.seed=\.\.\. both set run.seed/);
  });
});
