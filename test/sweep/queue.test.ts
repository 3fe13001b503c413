import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, QueueEvents } from 'bullmq';
import { projectVersion, QUEUE_NAME } from '../../src/sweep/queue-jobs.js';
import { QueueRunner } from '../../src/sweep/queue-runner.js';
import { connectionOptions, parseRedisUrl } from '../../src/sweep/queue-url.js';
import { TRIALS_FILE, type TrialState } from '../../src/sweep/state.js';
import { runSweep } from '../../src/sweep/sweep.js';
import { runCli } from '../cli/helpers.js';
import { redisMissing, startRedis, type TestRedis } from '../../bench/redis-server.js';

/**
 * `dreamer sweep --queue` end to end against a real redis-server started here: `dreamer worker` processes (the
 * compiled CLI: needs `npm run build`) run real random-agent trials. Short locks (2 s) and stalled checks (1 s) so
 * a SIGKILLed worker's trial comes back within seconds.
 */
const BIN = resolve(import.meta.dirname, '../../bin/dreamer.js');
const missing = redisMissing();
if (missing) console.log(`[skip] ${missing}`);

const QUICK = 'agent.kind: random, backend: cpu, run.prefill: 0, run.eval_episodes: 1, threads: 1';

function record(out: string): TrialState[] {
  return readFileSync(join(out, TRIALS_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrialState);
}

function lines(): { stream: { write(s: string): boolean }; text: string[] } {
  const text: string[] = [];
  return { text, stream: { write: (s: string) => text.push(s) > 0 } };
}

interface TestWorker {
  name: string;
  child: ChildProcess;
  log: string[];
}

describe.skipIf(missing !== undefined)('dreamer sweep on a BullMQ queue', () => {
  let redis: TestRedis;
  const workers: TestWorker[] = [];

  function startWorker(name: string, extra: string[] = []): TestWorker {
    const child = spawn(process.execPath, [BIN, 'worker', '--queue', redis.url, '--name', name, '--lock-duration', '2000', '--stalled-interval', '1000', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    const w = { name, child, log: [] as string[] };
    child.stdout!.on('data', (b: Buffer) => w.log.push(b.toString()));
    child.stderr!.on('data', (b: Buffer) => w.log.push(b.toString()));
    workers.push(w);
    return w;
  }

  async function stopWorkers(): Promise<void> {
    await Promise.all(workers.splice(0).map((w) => (w.child.exitCode !== null || w.child.signalCode !== null ? undefined : new Promise((r) => (w.child.once('exit', r), w.child.kill('SIGTERM'))))));
  }

  function sweepFile(body: string): { file: string; out: string } {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-queue-'));
    writeFileSync(join(dir, 'sweep.yaml'), body);
    return { file: join(dir, 'sweep.yaml'), out: join(dir, 'out') };
  }

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await stopWorkers();
    await redis?.stop();
  });

  it('2 points × 2 seeds on 2 workers: every trial done, results gathered, a rerun runs nothing', async () => {
    startWorker('wa');
    startWorker('wb');
    const { file, out } = sweepFile(`base: cartpole\nset: { ${QUICK}, run.steps: 200, run.eval_every: 100 }\ngrid: { env.id: [CartPole-v1, Acrobot-v1] }\nseeds: 2\n`);
    const log = lines();
    const runner = new QueueRunner(parseRedisUrl(redis.url), out, 100);
    const result = await runSweep(file, { out, runner, stream: log.stream, plot: false });
    const states = record(out);
    expect(states).toHaveLength(4);
    for (const s of states) {
      expect(s).toMatchObject({ status: 'done', attempts: 1, exit_code: 0 });
      expect(typeof s.final_return).toBe('number');
      expect(readFileSync(join(out, s.id, 'train.log'), 'utf8')).toMatch(/done: 200 env steps/);
    }
    expect(new Set(states.map((s) => s.worker))).toEqual(new Set(['wa', 'wb']));
    expect(states.filter((s) => s.overrides['env.id'] === 'Acrobot-v1').map((s) => s.final_return)).toEqual([-500, -500]);
    expect(result.ran).toBe(4);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/^2,env\.id=Acrobot-v1-\w+,Acrobot-v1,2,2,0,-500,-500,-500$/m);
    expect(log.text.join('')).toMatch(/on a queue dreamer-trials at redis:\/\/127\.0\.0\.1:\d+\/0/);

    const before = readFileSync(join(out, TRIALS_FILE), 'utf8');
    const again = await runSweep(file, { out, runner: new QueueRunner(parseRedisUrl(redis.url), out, 100), stream: lines().stream, plot: false });
    expect(again.ran).toBe(0);
    expect(readFileSync(join(out, TRIALS_FILE), 'utf8')).toBe(before);
    await stopWorkers();
  }, 60_000);

  it('a sweep stopped while its trial runs leaves it running on the worker; `sweep status DIR --queue` follows it again', async () => {
    const w = startWorker('steady');
    const { file, out } = sweepFile(`base: cartpole\nset: { ${QUICK}, run.steps: 6000, run.eval_every: 3000 }\nseeds: 1\n`);
    const stop = new AbortController();
    const stream = { write: (s: string) => (s.includes('start ') && stop.abort(), true) };
    const first = await runSweep(file, { out, runner: new QueueRunner(parseRedisUrl(redis.url), out, 100), stream, stop: stop.signal, plot: false });
    expect(first.stopped).toBe(true);
    expect(record(out)[0]).toMatchObject({ status: 'running', attempts: 1, worker: 'steady' });
    const status = await runCli(['sweep', 'status', out, '--queue', redis.url, '--poll-ms', '100']);
    expect(status.err).toEqual([]);
    expect(status.code).toBe(0);
    expect(record(out)[0]).toMatchObject({ status: 'done', attempts: 1, worker: 'steady' });
    expect(w.log.join('').match(/\[worker\] start/g)).toHaveLength(1); // never restarted
    expect(status.out.join('\n')).toMatch(/1\/1 done/);
    await stopWorkers();
  }, 40_000);

  it('a SIGKILLed worker\'s trial is finished by the other worker from its checkpoint: 2 attempts', async () => {
    const a = startWorker('victim');
    const { file, out } = sweepFile(`base: cartpole\nset: { ${QUICK}, run.steps: 12000, run.eval_every: 4000, run.checkpoint_every: 1000 }\nseeds: 1\nmax_attempts: 3\n`);
    const log = lines();
    let b: TestWorker | undefined;
    const stream = {
      write: (s: string) => {
        if (s.includes('start ') && !b) {
          // once the trial runs on `victim` and has a checkpoint, kill -9 that worker and start a second one
          const dir = join(out, record(out)[0]!.id, 'checkpoints');
          const poll = setInterval(() => {
            if (!existsSync(dir) || readdirSync(dir).length === 0) return;
            clearInterval(poll);
            a.child.kill('SIGKILL');
            b = startWorker('rescuer');
          }, 100);
        }
        return log.stream.write(s);
      },
    };
    await runSweep(file, { out, runner: new QueueRunner(parseRedisUrl(redis.url), out, 100), stream, plot: false });
    const [s] = record(out);
    expect(s).toMatchObject({ status: 'done', attempts: 2, worker: 'rescuer', exit_code: 0 });
    expect(log.text.join('')).toMatch(/crashed .*its worker was lost; the queue gave the trial back\), retrying/);
    expect(b!.log.join('')).toMatch(/\[worker\] start base-s0-\w+ \(attempt 2, resuming from its checkpoint\)/);
    const trainLog = readFileSync(join(out, s!.id, 'train.log'), 'utf8');
    // the killed worker's child saw its parent go and stopped with a checkpoint instead of running on beside the retry
    expect(trainLog).toMatch(/parent process \d+ is gone: stopping this run/);
    expect(trainLog).toMatch(/done: 12000 env steps/);
    await stopWorkers();
  }, 60_000);

  it('a worker stopped with SIGTERM gives its trial back with a checkpoint; another worker resumes it', async () => {
    const a = startWorker('leaving');
    const { file, out } = sweepFile(`base: cartpole\nset: { ${QUICK}, run.steps: 8000, run.eval_every: 4000, run.log_every: 500, run.checkpoint_every: 100000 }\nseeds: 1\n`);
    const log = lines();
    let b: TestWorker | undefined;
    const stream = {
      write: (s: string) => {
        if (s.includes('start ') && !b) {
          // once the run is in its loop (it logged metrics); no periodic checkpoint: the only one is written on SIGTERM
          const metrics = join(out, record(out)[0]!.id, 'metrics.jsonl');
          const poll = setInterval(() => {
            if (!existsSync(metrics)) return;
            clearInterval(poll);
            a.child.kill('SIGTERM');
            b = startWorker('staying');
          }, 100);
        }
        return log.stream.write(s);
      },
    };
    await runSweep(file, { out, runner: new QueueRunner(parseRedisUrl(redis.url), out, 100), stream, plot: false });
    expect(record(out)[0]).toMatchObject({ status: 'done', attempts: 2, worker: 'staying' });
    expect(log.text.join('')).toMatch(/crashed \(its worker was stopped and gave the trial back with a checkpoint\), retrying/);
    expect(a.log.join('')).toMatch(/\[worker\] stopped base-s0-\w+/);
    expect(b!.log.join('')).toMatch(/\(attempt 2, resuming from its checkpoint\)/);
    await stopWorkers();
  }, 40_000);

  it('refuses a trial whose env file is outside --allow-env-dir: failed once, not retried', async () => {
    startWorker('strict');
    const envDir = mkdtempSync(join(tmpdir(), 'envs-'));
    writeFileSync(join(envDir, 'my-env.js'), 'export class MyEnv {}\n');
    const { file, out } = sweepFile(`base: cartpole\nset: { ${QUICK}, run.steps: 100, env.id: "${join(envDir, 'my-env.js')}:MyEnv" }\nseeds: 1\nmax_attempts: 3\n`);
    await runSweep(file, { out, runner: new QueueRunner(parseRedisUrl(redis.url), out, 100), stream: lines().stream, plot: false });
    const [s] = record(out);
    expect(s).toMatchObject({ status: 'failed', attempts: 1 });
    expect(s!.error).toMatch(/refused by the worker: env file .*my-env\.js is outside the worker's --allow-env-dir folders \(none given\).*not retried/);
    await stopWorkers();

    // allowed, but the file has no such export: `dreamer train` exits 2, a user error: failed once
    startWorker('lenient', ['--allow-env-dir', envDir]);
    const bad = sweepFile(`base: cartpole\nset: { ${QUICK}, run.steps: 100, env.id: "${join(envDir, 'my-env.js')}:Missing" }\nseeds: 1\nmax_attempts: 3\n`);
    await runSweep(bad.file, { out: bad.out, runner: new QueueRunner(parseRedisUrl(redis.url), bad.out, 100), stream: lines().stream, plot: false });
    const [t] = record(bad.out);
    expect(t).toMatchObject({ status: 'failed', attempts: 1, worker: 'lenient' });
    expect(t!.error).toMatch(/^user error \(exit 2\) in .*train\.log, not retried/);
    expect(readFileSync(join(bad.out, t!.id, 'train.log'), 'utf8')).toMatch(/Missing/);
    await stopWorkers();
  }, 30_000);

  it('a worker refuses a trial of another project version', async () => {
    startWorker('versioned');
    const queue = new Queue(QUEUE_NAME, { connection: connectionOptions(parseRedisUrl(redis.url)) });
    try {
      const job = await queue.add('trial', { version: '0.0.0-other', sweep: tmpdir(), id: 'x-s0-abc', base: ['cartpole'], overrides: {}, maxAttempts: 3 }, { attempts: 3 });
      const events = new QueueEvents(QUEUE_NAME, { connection: connectionOptions(parseRedisUrl(redis.url)) });
      await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(`refused by the worker: the trial is of dreamer-ts 0.0.0-other, this worker runs ${projectVersion()}`);
      await events.close();
      expect((await queue.getJob(job.id!))!.attemptsMade).toBe(1);
    } finally {
      await queue.close();
      await stopWorkers();
    }
  }, 20_000);
});
