import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_DONE_FILE } from '../../src/bsuite/runner.js';
import { runCli, tempDir } from '../cli/helpers.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

describe('dreamer bsuite', () => {
  it('runs two tasks on a tiny budget, writes the report card, and skips finished runs when run again (--jobs 1: in this process)', async () => {
    const out = join(tempDir('bsuite-smoke-'), 'battery');
    const args = ['bsuite', '--jobs', '1', '--tasks', 'catch,bandit', '--steps', '40', '--seeds', '2', '--out', out, 'agent.kind=random', 'backend=cpu', 'log.console=off'];
    const first = await runCli(args);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    for (const run of ['catch/seed0', 'catch/seed1', 'bandit/seed0', 'bandit/seed1']) {
      const done = JSON.parse(readFileSync(join(out, run, RUN_DONE_FILE), 'utf8')) as { steps: number; evalReturn: number };
      expect(done.steps).toBe(40);
      expect(Number.isFinite(done.evalReturn)).toBe(true);
    }
    const csv = readFileSync(join(out, 'report.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('capability,score,threshold,result,tasks');
    expect(csv).toHaveLength(2); // one capability: basic
    expect(csv[1]).toMatch(/^basic,[0-9.]+,0\.800,(pass|fail),catch bandit$/);
    const tasks = readFileSync(join(out, 'tasks.csv'), 'utf8').trim().split('\n');
    expect(tasks.map((l) => l.split(',')[0])).toEqual(['task', 'catch', 'bandit']);
    expect(tasks[1]?.split(',')[2]).toBe('2'); // seeds
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('| basic |');
    expect(Array.from(readFileSync(join(out, 'report.png')).subarray(0, 4))).toEqual(PNG_SIGNATURE);

    const second = await runCli(args);
    expect(second.code).toBe(0);
    expect(second.out.filter((l) => l.includes('skipped'))).toHaveLength(4);
    expect(readFileSync(join(out, 'report.csv'), 'utf8').trim().split('\n')).toEqual(csv);
  }, 120_000);

  it('--jobs 2 trains the runs in two `dreamer train` children (one thread each) to the same records as in this process (needs `npm run build`)', async () => {
    const base = tempDir('bsuite-jobs-');
    const battery = (jobs: string, out: string): string[] =>
      ['bsuite', '--jobs', jobs, '--tasks', 'catch,bandit', '--steps', '40', '--out', out, 'agent.kind=random', 'backend=cpu', 'log.console=off'];
    const [parallel, inProcess] = [join(base, 'parallel'), join(base, 'in-process')];
    const r = await runCli(battery('2', parallel));
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out.filter((l) => /: started -> /.test(l))).toHaveLength(2);
    for (const file of ['report.md', 'report.csv', 'tasks.csv', 'report.png']) expect(existsSync(join(parallel, file)), file).toBe(true);
    expect(Array.from(readFileSync(join(parallel, 'report.png')).subarray(0, 4))).toEqual(PNG_SIGNATURE);
    expect((await runCli(battery('1', inProcess))).code).toBe(0);
    for (const run of ['catch/seed0', 'bandit/seed0']) {
      const log = readFileSync(join(parallel, run, 'train.log'), 'utf8');
      expect(log).toMatch(/^dreamer train: bsuite\/\w+-v0, 40 env steps, seed 0/);
      expect(log).toContain('backend: cpu (1 thread)'); // DREAMER_THREADS=1
      const record = (out: string): unknown => JSON.parse(readFileSync(join(out, run, RUN_DONE_FILE), 'utf8'));
      expect(record(parallel)).toMatchObject({ steps: 40 });
      expect(record(parallel)).toEqual(record(inProcess));
    }
    expect(readFileSync(join(parallel, 'tasks.csv'), 'utf8')).toBe(readFileSync(join(inProcess, 'tasks.csv'), 'utf8'));
  }, 120_000);

  it.each(['0', 'x'])('--jobs %s is a usage error that names the flag and the fix, before anything is written', async (jobs) => {
    const out = join(tempDir('bsuite-jobs-bad-'), 'battery');
    const r = await runCli(['bsuite', '--jobs', jobs, '--tasks', 'bandit', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain(`dreamer: --jobs ${jobs}: give a whole number of runs at once, at least 1 (e.g. --jobs 2; --jobs 1 runs them one after another in this process).`);
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown task is a usage error that lists the tasks, before anything is written', async () => {
    const out = join(tempDir('bsuite-bad-'), 'battery');
    const r = await runCli(['bsuite', '--tasks', 'catch,cathc', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/unknown task\(s\) cathc; the battery's tasks are catch, bandit/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('dreamer bsuite resume records', () => {
  it('a damaged bsuite-run.json is a clear error that names the file and the fix', async () => {
    const out = tempDir('bsuite-damaged-');
    mkdirSync(join(out, 'bandit', 'seed0'), { recursive: true });
    writeFileSync(join(out, 'bandit', 'seed0', RUN_DONE_FILE), '{"evalRet');
    const r = await runCli(['bsuite', '--tasks', 'bandit', '--out', out, 'agent.kind=random', 'backend=cpu', 'log.console=off']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/bandit\/seed0\/bsuite-run\.json is not a finished run's record.*delete it/);
  });
});
