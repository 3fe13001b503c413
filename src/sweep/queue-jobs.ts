import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { configsDir } from '../config/paths.js';
import { QueueError } from '../util/errors.js';
import type { EvalReturns } from './runner.js';
import { connectionOptions, type RedisTarget } from './queue-url.js';

/** The BullMQ queue every `dreamer sweep --queue` and `dreamer worker` of one Redis database share. */
export const QUEUE_NAME = 'dreamer-trials';
/** Retries wait 2 s, 4 s, 8 s, ... (BullMQ's exponential backoff). */
export const BACKOFF_MS = 2000;
/** Redis with the commands BullMQ's scripts use. */
const MIN_REDIS = [6, 2];

/**
 * What the queue carries for one trial: only data, never code. A worker builds the `dreamer train` command itself
 * from the base configs and the overrides, and checks the version and the env first (./worker.ts).
 */
export interface TrialJobData {
  /** the project version the sweep runs; a worker of another version refuses the trial */
  version: string;
  /** the sweep folder (absolute; every worker must see it: a shared file system) */
  sweep: string;
  /** the trial id, also its run folder's name: `<sweep>/<id>` */
  id: string;
  /** presets or absolute config paths, as `dreamer train --config` takes them */
  base: string[];
  /** dotted config overrides of this trial, run.seed included */
  overrides: Record<string, unknown>;
  /** starts of this trial (first run, retries, restarts after a lost worker) before it is failed */
  maxAttempts: number;
}

/** What a worker reports while a trial runs (job.updateProgress). */
export interface TrialProgress {
  worker: string;
  attempt: number;
  /** env steps of the run so far, from its metrics.jsonl */
  step: number | null;
  /** the worker was stopped and gave the trial back to the queue (after its checkpoint) */
  handedBack?: boolean;
}

/** A finished trial's result (the job's return value). */
export interface TrialResult extends EvalReturns {
  worker: string;
  seconds: number;
}

/** A job's id: the sweep folder's tag and the stable trial id, so adding the same trial again is a no-op. */
export function jobId(sweepDir: string, trialId: string): string {
  const tag = createHash('sha256').update(resolve(sweepDir)).digest('hex').slice(0, 8);
  return `${tag}.${trialId}`;
}

/** The version in this package's package.json. */
export function projectVersion(): string {
  const pkg = JSON.parse(readFileSync(join(dirname(configsDir()), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The prefix of the message of an UnrecoverableError for a trial the user must fix (not retried). */
export const USER_ERROR_PREFIX = 'user error';

/** Connects once, to name an unreachable or too-old server before BullMQ starts retrying forever. */
export async function checkRedis(target: RedisTarget, timeoutMs = 5000): Promise<void> {
  const client = new Redis({ ...connectionOptions(target), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => {}); // reported below
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (version && (Number(version[1]) < MIN_REDIS[0]! || (Number(version[1]) === MIN_REDIS[0] && Number(version[2]) < MIN_REDIS[1]!))) {
      throw new QueueError(`Redis at ${target.display} is version ${version[1]}.${version[2]}; BullMQ needs ${MIN_REDIS.join('.')} or newer.`);
    }
  } catch (err) {
    if (err instanceof QueueError) throw err;
    throw new QueueError(
      `cannot reach Redis at ${target.display}: ${(err as Error).message.replace(/\.$/, '')}. Start a server (\`redis-server --port ${target.port}\`, see docs/sweeps.md) or fix the URL and password.`,
    );
  } finally {
    client.disconnect();
  }
}
