import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunQueue, type ChildEnd, type ChildRequest, type RunningChild, type SpawnRun } from '../../src/bsuite/parallel.js';
import { RUN_DONE_FILE } from '../../src/bsuite/run-record.js';
import { checkJobs, runBattery, taskOverrides } from '../../src/bsuite/runner.js';
import { BSUITE_TASKS } from '../../src/bsuite/tasks.js';
import { loadConfig } from '../../src/config/index.js';
import { saveCheckpoint } from '../../src/run/checkpoint.js';
import { ConfigError } from '../../src/util/errors.js';

const USER = ['agent.kind=random', 'backend=cpu'];
const task = (name: string) => BSUITE_TASKS.find((t) => t.name === name)!;

/** The fake run's last eval return: differs per run so a mixed-up record shows. */
const fakeReturn = (label: string): number => (label.startsWith('catch') ? -0.5 : 0.6) + 0.01 * Number(label.slice(-1));

interface Fake {
  spawn: SpawnRun;
  requests: ChildRequest[];
  maxRunning: () => number;
  killed: string[];
}

/**
 * A stand-in for `dreamer train` children: each "runs" for a few ms, writes a metrics.jsonl with two evaluations
 * (the later one is the run's result) and a train line after them, and exits with `code(label)`.
 */
function fakeSpawn(code: (label: string) => number = () => 0, opts: { hang?: boolean } = {}): Fake {
  const requests: ChildRequest[] = [];
  const killed: string[] = [];
  let running = 0;
  let max = 0;
  const spawn: SpawnRun = (request) => {
    requests.push(request);
    running += 1;
    max = Math.max(max, running);
    let kill: (signal: string) => void = () => {};
    const ended = new Promise<ChildEnd>((resolve) => {
      kill = (signal) => {
        killed.push(`${request.label} ${signal}`);
        resolve({ code: signal === 'SIGTERM' ? 143 : 130, signal: null });
      };
      if (opts.hang) return;
      setTimeout(() => {
        const exit = code(request.label);
        if (exit === 0) {
          mkdirSync(request.dir, { recursive: true });
          const lines = [
            { step: 20, 'eval/return_mean': 9 },
            { step: 40, 'eval/return_mean': fakeReturn(request.label) },
            { step: 40, 'train/loss': 1 },
          ];
          writeFileSync(join(request.dir, 'metrics.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
        }
        resolve({ code: exit, signal: null, ...(exit !== 0 && { lastLine: `dreamer: ${request.label} broke`, log: join(request.dir, 'train.log') }) });
      }, 5 + 10 * (requests.length % 3));
    }).finally(() => (running -= 1));
    const child: RunningChild = { ended, kill: (signal) => kill(signal) };
    return child;
  };
  return { spawn, requests, maxRunning: () => max, killed };
}

function outDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'bsuite-parallel-')), 'battery');
}

describe('runBattery --jobs N (children injected)', () => {
  it('runs at most N children at once, each pending run once, skips finished runs, resumes checkpointed ones, and writes each result from metrics.jsonl', async () => {
    const out = outDir();
    const record = { task: 'catch', seed: 0, steps: 40, evalReturn: 0.25 };
    mkdirSync(join(out, 'catch', 'seed0'), { recursive: true });
    writeFileSync(join(out, 'catch', 'seed0', RUN_DONE_FILE), JSON.stringify(record));
    saveCheckpoint(join(out, 'bandit', 'seed1'), 20, { tensors: {}, json: { meta: { step: 20 } }, arrays: {} });
    const fake = fakeSpawn();
    const said: string[] = [];
    const result = await runBattery({ out, tasks: ['catch', 'bandit'], seeds: 3, steps: 40, overrides: USER, jobs: 2, spawn: fake.spawn, say: (l) => said.push(l) });

    expect(result.failed).toEqual([]);
    expect(result.interrupted).toBe(false);
    expect(fake.maxRunning()).toBe(2);
    const labels = fake.requests.map((r) => r.label);
    expect([...labels].sort()).toEqual(['bandit/seed0', 'bandit/seed1', 'bandit/seed2', 'catch/seed1', 'catch/seed2']);
    expect(said.filter((l) => l.includes('skipped'))).toEqual(['catch seed 0: done before (eval return 0.25), skipped']);
    for (const r of fake.requests) expect(r.env).toEqual({ DREAMER_THREADS: '1' });

    const resumed = fake.requests.find((r) => r.label === 'bandit/seed1')!;
    expect(resumed.args).toEqual(['train', '--resume', join(out, 'bandit', 'seed1'), ...taskOverrides(task('bandit'), 1, 40), ...USER]);
    const fresh = fake.requests.find((r) => r.label === 'catch/seed2')!;
    const dir = join(out, 'catch', 'seed2');
    expect(fresh.args).toEqual(['train', '--config', join(dir, 'config.yaml'), '--logdir', dir]);
    // the child trains exactly the config the in-process path would build
    expect(loadConfig({ config: join(dir, 'config.yaml') })).toEqual(loadConfig({ overrides: [...taskOverrides(task('catch'), 2, 40), ...USER] }));

    for (const label of labels) {
      const done = JSON.parse(readFileSync(join(out, label, RUN_DONE_FILE), 'utf8')) as typeof record;
      expect(done).toEqual({ task: label.split('/')[0], seed: Number(label.slice(-1)), steps: 40, evalReturn: fakeReturn(label) });
    }
    expect(JSON.parse(readFileSync(join(out, 'catch', 'seed0', RUN_DONE_FILE), 'utf8'))).toEqual(record); // untouched
    const catchScore = result.tasks.find((t) => t.task.name === 'catch')!;
    expect(catchScore.returns).toEqual([0.25, fakeReturn('catch/seed1'), fakeReturn('catch/seed2')]);
    const rows = readFileSync(join(out, 'tasks.csv'), 'utf8').trim().split('\n');
    expect(rows.map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['task,capability,seeds', 'catch,basic,3', 'bandit,basic,3']);
  });

  it('a failing child does not stop the others: the card is written from the runs that finished and the failure is reported', async () => {
    const out = outDir();
    const fake = fakeSpawn((label) => (label === 'catch/seed0' ? 2 : 0));
    const result = await runBattery({ out, tasks: ['catch', 'bandit'], seeds: 2, steps: 40, overrides: USER, jobs: 2, spawn: fake.spawn });

    expect(fake.requests).toHaveLength(4);
    expect(result.failed).toEqual([
      { label: 'catch/seed0', dir: join(out, 'catch', 'seed0'), code: 2, signal: null, reason: 'dreamer: catch/seed0 broke', log: join(out, 'catch', 'seed0', 'train.log') },
    ]);
    expect(existsSync(join(out, 'catch', 'seed0', RUN_DONE_FILE))).toBe(false);
    for (const label of ['catch/seed1', 'bandit/seed0', 'bandit/seed1']) expect(existsSync(join(out, label, RUN_DONE_FILE))).toBe(true);
    expect(result.tasks.map((t) => [t.task.name, t.returns])).toEqual([
      ['catch', [fakeReturn('catch/seed1')]],
      ['bandit', [fakeReturn('bandit/seed0'), fakeReturn('bandit/seed1')]],
    ]);
    expect(result.files.map((f) => f.slice(out.length + 1))).toEqual(['report.md', 'report.csv', 'tasks.csv', 'report.png']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('1 of 4 runs failed, not in the card: catch/seed0');
  });

  it('a child that cannot start, or exits 0 without an evaluation, is a failure too; a task with no finished run is left out', async () => {
    const out = outDir();
    const fake = fakeSpawn();
    const spawn: SpawnRun = (request) => {
      if (request.label === 'bandit/seed0') throw new Error('spawn ENOENT');
      if (request.label === 'catch/seed1') return { ended: Promise.resolve({ code: 0, signal: null }), kill: () => {} }; // no metrics.jsonl
      return fake.spawn(request);
    };
    const result = await runBattery({ out, tasks: ['catch', 'bandit'], seeds: 2, steps: 40, overrides: USER, jobs: 3, spawn });
    expect(result.failed.map((f) => [f.label, f.reason])).toEqual([
      ['catch/seed1', 'catch: the run made no evaluation; do not set run.eval_every=0 for the battery.'],
      ['bandit/seed0', 'could not start: spawn ENOENT'],
    ]);
    expect(result.tasks.map((t) => t.task.name)).toEqual(['catch', 'bandit']);

    const none = await runBattery({ out: outDir(), tasks: ['catch', 'bandit'], seeds: 1, steps: 40, overrides: USER, jobs: 2, spawn: fakeSpawn((l) => (l.startsWith('bandit') ? 1 : 0)).spawn });
    expect(none.tasks.map((t) => t.task.name)).toEqual(['catch']);
  });

  it('SIGTERM to the battery is passed on to the running children; no more start, and it reports the stop', async () => {
    const out = outDir();
    const fake = fakeSpawn(() => 0, { hang: true });
    const spawn: SpawnRun = (request) => {
      const child = fake.spawn(request);
      if (fake.requests.length === 2) setTimeout(() => process.emit('SIGTERM'), 5);
      return child;
    };
    const result = await runBattery({ out, tasks: ['catch', 'bandit'], seeds: 2, steps: 40, overrides: USER, jobs: 2, spawn });
    expect([result.interrupted, result.signal, result.failed, result.files]).toEqual([true, 'SIGTERM', [], []]);
    expect(fake.requests.map((r) => r.label)).toEqual(['catch/seed0', 'catch/seed1']);
    expect(fake.killed.sort()).toEqual(['catch/seed0 SIGTERM', 'catch/seed1 SIGTERM']);
    expect(process.listenerCount('SIGTERM')).toBe(0);
    expect(existsSync(join(out, 'report.md'))).toBe(false);
  });

  it('one run left goes in this process even with --jobs 4 (the jobs are capped at the runs to do)', async () => {
    const out = outDir();
    const fake = fakeSpawn();
    const result = await runBattery({ out, tasks: ['bandit'], seeds: 1, steps: 30, overrides: [...USER, 'log.console=off'], jobs: 4, spawn: fake.spawn });
    expect(fake.requests).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'bandit', 'seed0', RUN_DONE_FILE), 'utf8'))).toMatchObject({ task: 'bandit', seed: 0, steps: 30 });
    expect(result.failed).toEqual([]);
  });
});

describe('RunQueue', () => {
  it('stop() passes every signal on to the running children and starts no more', async () => {
    const fake = fakeSpawn(() => 0, { hang: true });
    const runs = ['a', 'b', 'c', 'd'].map((l) => ({ label: l, dir: join(tmpdir(), `queue-${l}`) }));
    const finished: string[] = [];
    const queue = new RunQueue(runs, { jobs: 3, spawn: fake.spawn, args: (r) => [r.label], finished: (r) => void finished.push(r.label) });
    const done = queue.run();
    await new Promise((r) => setTimeout(r, 10));
    expect(fake.requests.map((r) => r.args)).toEqual([['a'], ['b'], ['c']]);
    queue.stop('SIGINT');
    expect(await done).toEqual({ failed: [], stopped: 'SIGINT' });
    expect(fake.killed).toEqual(['a SIGINT', 'b SIGINT', 'c SIGINT']);
    expect(fake.requests).toHaveLength(3);
    expect(finished).toEqual([]);
  });
});

describe('--jobs', () => {
  it('takes a whole number of at least 1', () => {
    expect(checkJobs('3')).toBe(3);
    expect(checkJobs(1)).toBe(1);
    for (const bad of ['0', 'x', '1.5', '-2', '', 0]) {
      expect(() => checkJobs(bad)).toThrow(ConfigError);
      expect(() => checkJobs(bad)).toThrow(/^--jobs .*: give a whole number of runs at once, at least 1/);
    }
  });
});
