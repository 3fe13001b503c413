import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { saveCheckpoint } from '../../src/run/checkpoint.js';
import { LocalPool } from '../../src/sweep/local-pool.js';
import { TRIALS_FILE, type TrialState } from '../../src/sweep/state.js';
import { defaultWorkers, runSweep } from '../../src/sweep/sweep.js';
import { expandTrials } from '../../src/sweep/trials.js';
import { readSweepFile } from '../../src/sweep/spec.js';

/** The pool runs a fake `dreamer train` (test/fixtures/sweep/fake-train.mjs) whose run.steps says what it does. */
const FAKE = resolve(import.meta.dirname, '../fixtures/sweep/fake-train.mjs');

function setup(steps: number[], extra = ''): { file: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-pool-'));
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, `base: cartpole\ngrid: { run.steps: [${steps.join(', ')}] }\nseeds: 1\nmax_attempts: 3\n${extra}`);
  return { file, out: join(dir, 'out') };
}

function lines(): { stream: { write(s: string): boolean }; text: string[] } {
  const text: string[] = [];
  return { text, stream: { write: (s: string) => text.push(s) > 0 } };
}

function record(out: string): TrialState[] {
  return readFileSync(join(out, TRIALS_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrialState);
}

function calls(dir: string): string[][] {
  return readFileSync(join(dir, 'train.log'), 'utf8').split('\n').filter((l) => l.startsWith('fake-train ')).map((l) => JSON.parse(l.slice('fake-train '.length)) as string[]);
}

describe('the local pool', () => {
  it('retries a crash, fails a user error once, and records both in trials.jsonl', async () => {
    const { file, out } = setup([1, 2, 5]);
    const log = lines();
    const result = await runSweep(file, { out, runner: new LocalPool(2, FAKE), stream: log.stream, plot: false });
    const byStep = (n: number) => record(out).find((s) => s.overrides['run.steps'] === n)!;
    expect(byStep(1)).toMatchObject({ status: 'done', attempts: 2, final_return: 0, best_return: 5, exit_code: 0 });
    expect(byStep(2)).toMatchObject({ status: 'failed', attempts: 1, exit_code: 2 });
    expect(byStep(2).error).toMatch(/user error \(exit 2\), not retried/);
    expect(byStep(5)).toMatchObject({ status: 'done', attempts: 1 });
    expect(calls(join(out, byStep(2).id))).toHaveLength(1);
    expect(result.ran).toBe(3);
    expect(log.text.join('')).toMatch(/crashed .*steps=1.*exit 1\), retrying/);
    expect(log.text.join('')).toMatch(/start steps=1-s0-\w+ on local-\d \(attempt 2\)/);
    // each trial ran `train --config cartpole <overrides> --logdir <out>/<id>`
    const first = calls(join(out, byStep(5).id))[0]!;
    expect(first).toEqual(['train', '--config', 'cartpole', 'run.steps=5', 'run.seed=0', '--logdir', join(out, byStep(5).id)]);
  });

  it('a crash on every attempt fails after max_attempts', async () => {
    const { file, out } = setup([1], '');
    writeFileSync(file, readFileSync(file, 'utf8').replace('max_attempts: 3', 'max_attempts: 1'));
    await runSweep(file, { out, runner: new LocalPool(1, FAKE), stream: lines().stream, plot: false });
    expect(record(out)[0]).toMatchObject({ status: 'failed', attempts: 1, exit_code: 1 });
    expect(record(out)[0]!.error).toMatch(/crashed \(exit 1\) on each of 1 attempts/);
  });

  it('a rerun skips done trials, resumes one with a checkpoint, and gives a failed one a fresh budget', async () => {
    const { file, out } = setup([5, 7, 2]);
    await runSweep(file, { out, runner: new LocalPool(2, FAKE), stream: lines().stream, plot: false });
    const [t5, t7] = expandTrials(readSweepFile(file));
    // t7 stopped half-way in a run before: pending in the record, a checkpoint in its folder
    const states = record(out).map((s) => (s.id === t7!.id ? { ...s, status: 'pending', attempts: 1 } : s));
    writeFileSync(join(out, TRIALS_FILE), states.map((s) => `${JSON.stringify(s)}\n`).join(''));
    saveCheckpoint(join(out, t7!.id), 10, { tensors: {}, json: { meta: { step: 10 } }, arrays: {} });
    const result = await runSweep(file, { out, runner: new LocalPool(2, FAKE), stream: lines().stream, plot: false });
    expect(calls(join(out, t5!.id))).toHaveLength(1); // done: not run again
    expect(calls(join(out, t7!.id)).at(-1)).toEqual(['train', '--resume', join(out, t7!.id)]);
    expect(record(out).find((s) => s.id === t7!.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(record(out).find((s) => s.overrides['run.steps'] === 2)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.ran).toBe(2);
  });

  it('stopping the sweep sends each trial one SIGTERM and leaves it pending, its attempt not counted', async () => {
    const { file, out } = setup([3]);
    const stop = new AbortController();
    const log = lines();
    let running: TrialState | undefined;
    const stream = {
      write: (s: string) => {
        if (s.includes('start ')) {
          running = record(out)[0];
          setTimeout(() => stop.abort(), 300);
        }
        return log.stream.write(s);
      },
    };
    const result = await runSweep(file, { out, runner: new LocalPool(1, FAKE), stream, stop: stop.signal, plot: false });
    expect(result.stopped).toBe(true);
    expect(running).toMatchObject({ status: 'running', attempts: 1, worker: 'local-0' });
    expect(running!.pid).toBeGreaterThan(0);
    expect(record(out)[0]).toMatchObject({ status: 'pending', attempts: 0, pid: null });
    expect(log.text.join('')).toMatch(/stopped steps=3-s0-\w+ \(checkpointed; a rerun resumes it\)/);
  });

  it('refuses a folder another live sweep holds, and trials a killed sweep left running', async () => {
    const { file, out } = setup([5]);
    await runSweep(file, { out, runner: new LocalPool(1, FAKE), stream: lines().stream, plot: false });
    expect(existsSync(join(out, '.sweep.lock'))).toBe(false); // released
    writeFileSync(join(out, '.sweep.lock'), `${process.ppid}\n`); // a live process holds it
    await expect(runSweep(file, { out, runner: new LocalPool(1, FAKE), stream: lines().stream, plot: false })).rejects.toThrow(/is in use by another `dreamer sweep` \(pid \d+\)/);
    writeFileSync(join(out, '.sweep.lock'), '999999999\n'); // left by a killed sweep: taken over
    const states = record(out).map((s) => ({ ...s, status: 'running', pid: process.ppid }));
    writeFileSync(join(out, TRIALS_FILE), states.map((s) => `${JSON.stringify(s)}\n`).join(''));
    await expect(runSweep(file, { out, runner: new LocalPool(1, FAKE), stream: lines().stream, plot: false })).rejects.toThrow(
      new RegExp(`trials of an earlier run of .* are still running: steps=5-s0-\\w+ \\(pid ${process.ppid}\\)`),
    );
    writeFileSync(join(out, TRIALS_FILE), states.map((s) => `${JSON.stringify({ ...s, pid: 999999999 })}\n`).join(''));
    const result = await runSweep(file, { out, runner: new LocalPool(1, FAKE), stream: lines().stream, plot: false });
    expect(result.ran).toBe(1); // its process is gone: run again
  });

  it('refuses a folder that holds a sweep with another base or set', async () => {
    const { file, out } = setup([5]);
    await runSweep(file, { out, runner: new LocalPool(1, FAKE), stream: lines().stream, plot: false });
    writeFileSync(file, readFileSync(file, 'utf8').replace('base: cartpole', 'base: pendulum'));
    await expect(runSweep(file, { out, runner: new LocalPool(1, FAKE), stream: lines().stream, plot: false })).rejects.toThrow(/holds a sweep with another `base` or `set`/);
    expect(existsSync(join(out, 'sweep.yaml'))).toBe(true);
  });
});

describe('the default number of workers', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is the cores divided by the threads of one trial; threads 0 (every core) means one worker', () => {
    vi.stubEnv('DREAMER_THREADS', '');
    const threads = (n: number) => loadConfig({ overrides: [`threads=${n}`] });
    expect(defaultWorkers([threads(1)], 4)).toBe(4);
    expect(defaultWorkers([threads(1), threads(2)], 4)).toBe(2);
    expect(defaultWorkers([threads(3)], 2)).toBe(1);
    expect(defaultWorkers([threads(0)], 8)).toBe(1);
    vi.stubEnv('DREAMER_THREADS', '1');
    expect(defaultWorkers([threads(0)], 8)).toBe(8);
  });
});
