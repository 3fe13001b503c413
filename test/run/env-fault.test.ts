import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { latestCheckpoint, loadCheckpoint } from '../../src/run/checkpoint.js';
import { train } from '../../src/run/train.js';
import { EnvError } from '../../src/util/errors.js';
import { TINY } from '../agents/dreamer/helpers.js';

const ENV_ID = `${join(import.meta.dirname, 'fixtures', 'broken-env.ts')}:BrokenEnv`;
const FAIL_AT = 25;

function config(fault: string) {
  return loadConfig({
    config: ['cartpole'],
    overrides: [
      ...TINY, 'backend=cpu', `env.id=${ENV_ID}`, `env.kwargs={fault: ${fault}, failAt: ${FAIL_AT}}`, 'run.steps=60', 'run.prefill=60',
      'run.eval_every=0', 'run.checkpoint_every=10', 'log.sinks=[jsonl]',
    ],
  });
}

describe('env faults during training', () => {
  it.each([
    ['nan-obs', /step\(\) obs\[1\] is NaN/],
    ['nan-reward', /step\(\) reward is NaN/],
    ['throw', /step\(\) threw RangeError: simulated physics blow-up/],
    ['short-obs', /step\(\) obs/],
  ])('%s: an EnvError names the env, the step and the field; the last checkpoint stays loadable', async (fault, field) => {
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-envfault-'));
    const run = train(config(fault), { logdir, quiet: true });
    await expect(run).rejects.toThrow(EnvError);
    await expect(run).rejects.toThrow(/BrokenEnv/);
    // The env's 25th step is the driver's 25th env step plus the reset steps that NextStep autoreset adds (one per
    // 5-step episode), so the run's step counter reads between 25 and 30.
    const message = String(await run.catch((e: Error) => e.message));
    const step = Number(/at env step (\d+)/.exec(message)?.[1]);
    expect(step).toBeGreaterThanOrEqual(FAIL_AT);
    expect(step).toBeLessThanOrEqual(FAIL_AT + FAIL_AT / 5);
    expect(message).toMatch(field);
    const last = latestCheckpoint(logdir);
    expect(last?.step).toBeLessThan(step);
    expect(loadCheckpoint(logdir).step).toBe(last!.step);
  }, 20_000);
});
