import '../../envs/register.js';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { loadConfig } from '../config/index.js';
import { parseUserEnvRef } from '../env/load-user-env.js';
import { spec } from '../env/registry.js';
import type { TextStream } from '../log/index.js';
import { ConfigError, QueueError } from '../util/errors.js';
import { checkRedis, projectVersion, QUEUE_NAME, USER_ERROR_PREFIX, type TrialJobData, type TrialProgress, type TrialResult } from './queue-jobs.js';
import { connectionOptions, type RedisTarget } from './queue-url.js';
import { evalReturns } from './returns.js';
import { RESOLVED_HEADER, SWEEP_FILE } from './sweep-file.js';
import { dreamerEntry, spawnTrain } from './train-child.js';
import { TRAIN_LOG, trainArgs } from './trial-args.js';
import { overrideArgs } from './trials.js';

export interface WorkerOptions {
  target: RedisTarget;
  /** trials at once */
  concurrency: number;
  /** folders whose env files (`env.id: /path/file.js:Export`) trials may load; registered ids are always allowed */
  allowEnvDirs: string[];
  /** BullMQ's lock of a running trial, renewed every half of it; a worker silent this long has lost its trial */
  lockDurationMs: number;
  /** how often this worker looks for trials whose worker was lost, to put them back on the queue */
  stalledIntervalMs: number;
  /** shown in trials.jsonl's `worker` (default host:pid) */
  name?: string;
  /** the `dreamer` script the trials run (tests use a stand-in) */
  entry?: string;
  stream?: TextStream;
  /** aborting stops the worker: running trials checkpoint and go back to the queue */
  stop: AbortSignal;
}

/** How often a running trial's step count is reported to the queue. */
const PROGRESS_MS = 2000;
/** A worker restarts trials whose worker died far more often than this; `maxAttempts` in each trial caps the starts. */
const MAX_STALLED = 1000;
/** Trial ids as expandTrials makes them: a folder name, never a path. */
const SAFE_ID = /^[A-Za-z0-9_.=+-]+$/;

/**
 * `dreamer worker`: takes trials from the queue and runs each as a `dreamer train` child in its folder under the
 * sweep's folder (resuming from its checkpoint when it has one), `concurrency` at a time, until `stop`. Before a
 * trial starts it is checked: the same project version, a trial folder under a sweep folder, a config that loads,
 * an env that is registered here or a file under an --allow-env-dir folder. A trial that fails a check, or whose
 * run exits with a user error, fails without retries.
 */
export async function runWorker(opts: WorkerOptions): Promise<void> {
  const stream = opts.stream ?? process.stdout;
  await checkRedis(opts.target);
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  const version = projectVersion();
  const entry = opts.entry ?? dreamerEntry();
  const envDirs = opts.allowEnvDirs.map((d) => realDir(d));
  const process_ = async (job: Job<TrialJobData, TrialResult>, token?: string): Promise<TrialResult> => {
    const data = checkTrial(job, version, envDirs);
    const dir = join(data.sweep, data.id);
    const attempt = job.attemptsStarted;
    const t0 = performance.now();
    const args = trainArgs(data.base, data.overrides, dir);
    const notes = [...(attempt > 1 ? [`attempt ${attempt}`] : []), ...(args[1] === '--resume' ? ['resuming from its checkpoint'] : [])];
    stream.write(`[worker] start ${data.id}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}\n`);
    const { child, ended } = spawnTrain(entry, args, dir, () => opts.stop.aborted);
    const progress = (): Promise<void> => job.updateProgress({ worker: name, attempt, step: lastStep(dir) } satisfies TrialProgress).catch(() => {});
    await progress();
    const ticker = setInterval(() => void progress(), PROGRESS_MS);
    const terminate = (): void => void child.kill('SIGTERM');
    opts.stop.addEventListener('abort', terminate, { once: true });
    const end = await ended.finally(() => {
      clearInterval(ticker);
      opts.stop.removeEventListener('abort', terminate);
    });
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    stream.write(`[worker] ${end.kind === 'done' ? 'done ' : end.kind} ${data.id} after ${seconds} s\n`);
    switch (end.kind) {
      case 'done':
        return { ...evalReturns(dir), worker: name, seconds };
      case 'stopped':
        // this worker is stopping: the trial (checkpointed) goes back to the queue for another worker
        await job.updateProgress({ worker: name, attempt, step: lastStep(dir), handedBack: true } satisfies TrialProgress);
        await job.moveToWait(token);
        throw new WaitingError();
      case 'user-error':
        throw new UnrecoverableError(`${USER_ERROR_PREFIX} (exit ${end.code}) in ${join(dir, TRAIN_LOG)}`);
      case 'crash':
        // a failed attempt: BullMQ keeps the message as the job's failedReason and retries it after the backoff
        throw new QueueError(end.signal ? `killed by ${end.signal}` : `exit ${end.code}`);
    }
  };
  const worker = new Worker<TrialJobData, TrialResult>(QUEUE_NAME, process_, {
    connection: connectionOptions(opts.target),
    concurrency: opts.concurrency,
    name,
    lockDuration: opts.lockDurationMs,
    stalledInterval: opts.stalledIntervalMs,
    maxStalledCount: MAX_STALLED,
    autorun: false,
  });
  worker.on('error', (err) => stream.write(`[worker] queue error: ${err.message}\n`));
  worker.on('failed', (job, err) => {
    if (job) stream.write(`[worker] failed ${job.data.id ?? job.id}: ${err.message}\n`);
  });
  stream.write(`[worker] ${name} takes trials from ${QUEUE_NAME} at ${opts.target.display}, ${opts.concurrency} at a time (dreamer-ts ${version})\n`);
  const closed = new Promise<void>((resolveClosed) => opts.stop.addEventListener('abort', () => void worker.close().then(resolveClosed), { once: true }));
  void worker.run();
  await closed;
}

/** The checks before a trial runs; a failed one is an UnrecoverableError (the trial fails once, naming why). */
function checkTrial(job: Job<TrialJobData, TrialResult>, version: string, envDirs: readonly string[]): TrialJobData {
  const d = job.data as Partial<TrialJobData>;
  const refuse = (why: string): never => {
    throw new UnrecoverableError(`${USER_ERROR_PREFIX}: refused by the worker: ${why}`);
  };
  if (typeof d.id !== 'string' || typeof d.sweep !== 'string' || !Array.isArray(d.base) || typeof d.overrides !== 'object' || d.overrides === null || typeof d.maxAttempts !== 'number') {
    refuse('the job is not a dreamer trial (id, sweep, base, overrides, maxAttempts)');
  }
  const data = d as TrialJobData;
  if (data.version !== version) refuse(`the trial is of dreamer-ts ${String(data.version)}, this worker runs ${version}; run workers of the sweep's version`);
  if (job.attemptsStarted > data.maxAttempts) {
    throw new UnrecoverableError(`started ${job.attemptsStarted} times, more than max_attempts ${data.maxAttempts} (its workers crashed or were lost)`);
  }
  if (!SAFE_ID.test(data.id) || !isAbsolute(data.sweep) || basename(data.id) !== data.id) refuse(`trial id ${JSON.stringify(data.id)} or sweep folder ${JSON.stringify(data.sweep)} is not a sweep's`);
  // The worker clears a trial's folder before a fresh run: only ever inside a folder `dreamer sweep` made.
  const marker = join(data.sweep, SWEEP_FILE);
  if (!existsSync(marker) || !readFileSync(marker, 'utf8').startsWith(RESOLVED_HEADER)) {
    refuse(`${data.sweep} is not a sweep folder this machine can see (no ${SWEEP_FILE} written by dreamer sweep): put the sweep's --out on a file system every worker shares`);
  }
  let envId: string;
  try {
    envId = loadConfig({ config: data.base, overrides: overrideArgs(data.overrides) }).env.id;
  } catch (err) {
    if (err instanceof ConfigError) throw new UnrecoverableError(`${USER_ERROR_PREFIX}: the trial's config does not load: ${err.message}`);
    throw err;
  }
  const why = envRefusal(envId, envDirs);
  if (why) refuse(why);
  return data;
}

/**
 * Why a worker will not load this env id (undefined when it may): a registered id, or a file under one of
 * `envDirs`. A module form (`pkg:Env-v0`) would import any installed module, so it is refused too.
 */
export function envRefusal(envId: string, envDirs: readonly string[]): string | undefined {
  const ref = parseUserEnvRef(envId);
  if (!ref) return isRegistered(envId) ? undefined : `env ${envId} is not registered on this worker (\`dreamer envs\` lists its ids)`;
  if (ref.kind === 'module') return `env ${envId} imports the module ${ref.module}; a worker loads env code only from registered ids and files under --allow-env-dir`;
  const file = resolve(ref.file);
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return `env file ${file} does not exist on this worker`;
  }
  const inside = envDirs.some((dir) => {
    const rel = relative(dir, real);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
  return inside ? undefined : `env file ${real} is outside the worker's --allow-env-dir folders (${envDirs.length > 0 ? envDirs.join(', ') : 'none given'}); start the worker with --allow-env-dir ${dirname(real)} to allow it`;
}

function isRegistered(id: string): boolean {
  try {
    spec(id);
    return true;
  } catch {
    return false;
  }
}

function realDir(dir: string): string {
  try {
    return realpathSync(resolve(dir));
  } catch {
    throw new ConfigError(`--allow-env-dir ${dir} does not exist: give a folder of env files trials may load.`);
  }
}

/** The env step of the last line of a run's metrics.jsonl (null before its first). */
function lastStep(dir: string): number | null {
  const path = join(dir, 'metrics.jsonl');
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  try {
    const step = (JSON.parse(lines.at(-1) ?? '{}') as { step?: unknown }).step;
    return typeof step === 'number' ? step : null;
  } catch {
    return null; // a line being written
  }
}
