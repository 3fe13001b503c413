import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Queue } from 'bullmq';
import { configsDir } from '../src/config/paths.js';
import { jobId, QUEUE_NAME } from '../src/sweep/queue-jobs.js';
import { QueueRunner } from '../src/sweep/queue-runner.js';
import { connectionOptions, parseRedisUrl } from '../src/sweep/queue-url.js';
import { LocalPool } from '../src/sweep/local-pool.js';
import { TrialBook } from '../src/sweep/state.js';
import { runSweep } from '../src/sweep/sweep.js';
import type { TrialRunner } from '../src/sweep/runner.js';
import type { Bench } from './bench.js';
import { redisMissing, startRedis } from './redis-server.js';

/**
 * `dreamer bench queue`: what the BullMQ queue costs a sweep, against a redis-server started here. A sweep of
 * short trials (the random agent, 200 CartPole steps: mostly process start) runs on the local pool and on the
 * queue with 1 and 2 workers; per trial it reports the wait from "on the queue and a worker free" to "a worker took
 * it" (BullMQ's pick-up), and from "the worker finished" to "the sweep recorded it" (the sweep's polling).
 */
export const sweepQueueBench: Bench = {
  name: 'queue',
  describe: 'sweep queue overhead per trial (BullMQ on a local redis-server) and 2 workers vs 1 on short trials',
  async run(args) {
    const missing = redisMissing();
    if (missing) {
      console.log(`queue bench: ${missing}`);
      return;
    }
    const trials = Number(args.trials ?? 6);
    const redis = await startRedis();
    const entry = join(dirname(configsDir()), 'bin', 'dreamer.js');
    const rows: Record<string, number | string>[] = [];
    try {
      for (const [mode, n] of [['local', 1], ['queue', 1], ['local', 2], ['queue', 2]] as const) {
        const dir = mkdtempSync(join(tmpdir(), 'bench-queue-'));
        const file = join(dir, 'sweep.yaml');
        writeFileSync(file, `base: cartpole\nset: { agent.kind: random, backend: cpu, run.steps: 200, run.prefill: 0, run.eval_every: 100, run.eval_episodes: 1, threads: 1 }\nseeds: ${trials}\n`);
        const out = join(dir, 'out');
        const workers: ChildProcess[] = [];
        if (mode === 'queue') {
          for (let i = 0; i < n; i++) workers.push(spawn(process.execPath, [entry, 'worker', '--queue', redis.url, '--name', `w${i}`], { stdio: ['ignore', 'pipe', 'ignore'] }));
          // timed from when every worker waits for trials (a worker's own start-up is not the queue's)
          await Promise.all(workers.map((w) => new Promise((r) => w.stdout!.once('data', r))));
        }
        const recorded = new Map<string, number>();
        const stream = {
          write: (s: string) => {
            const done = /^\[sweep\] done +(\S+)/.exec(s);
            if (done) recorded.set(done[1]!, Date.now());
            return true;
          },
        };
        const runner: TrialRunner = mode === 'queue' ? new QueueRunner(parseRedisUrl(redis.url), out, 250) : new LocalPool(n, entry);
        const t0 = performance.now();
        await runSweep(file, { out, runner, stream, plot: false });
        const wall = (performance.now() - t0) / 1000;
        const trialSeconds = TrialBook.open(out).all().map((t) => t.wall_clock_s);
        const row: Record<string, number | string> = { mode, workers: n, trials, wall_s: round(wall), trials_per_min: round((trials / wall) * 60), trial_s_median: round(median(trialSeconds)) };
        if (mode === 'queue') Object.assign(row, await overheads(redis.url, out, recorded));
        rows.push(row);
        await Promise.all(workers.map((w) => new Promise((r) => (w.once('exit', r), w.kill('SIGTERM')))));
      }
    } finally {
      await redis.stop();
    }
    for (const r of rows) console.log(Object.entries(r).map(([k, v]) => `${k}=${v}`).join(' '));
    if (args.json) console.log(JSON.stringify(rows));
  },
};

/** Median pick-up wait and result-to-record delay of a queue sweep's jobs, in ms. */
async function overheads(url: string, out: string, recorded: Map<string, number>): Promise<Record<string, number>> {
  const queue = new Queue(QUEUE_NAME, { connection: connectionOptions(parseRedisUrl(url)) });
  try {
    const jobs = [];
    for (const s of TrialBook.open(out).all()) {
      const job = await queue.getJob(jobId(out, s.id));
      if (job?.processedOn && job.finishedOn) jobs.push({ id: s.id, worker: job.processedBy ?? '', added: job.timestamp, start: job.processedOn, end: job.finishedOn });
    }
    const pickup: number[] = [];
    for (const w of new Set(jobs.map((j) => j.worker))) {
      let free = 0; // when this worker was last free
      for (const j of jobs.filter((x) => x.worker === w).sort((a, b) => a.start - b.start)) {
        pickup.push(j.start - Math.max(j.added, free));
        free = j.end;
      }
    }
    const record = jobs.filter((j) => recorded.has(j.id)).map((j) => recorded.get(j.id)! - j.end);
    return { pickup_ms_median: median(pickup), result_to_record_ms_median: median(record) };
  } finally {
    await queue.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
