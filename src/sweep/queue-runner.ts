import { resolve } from 'node:path';
import { Queue, type Job } from 'bullmq';
import { BACKOFF_MS, checkRedis, jobId, projectVersion, QUEUE_NAME, USER_ERROR_PREFIX, type TrialJobData, type TrialProgress, type TrialResult } from './queue-jobs.js';
import { connectionOptions, type RedisTarget } from './queue-url.js';
import type { AttemptEnd, TrialEvents, TrialJob, TrialRunner } from './runner.js';

/** How often the sweep looks at its jobs on the queue. */
export const DEFAULT_POLL_MS = 250;
/** The exit code a user error reports, as `dreamer train`'s */
const USER_ERROR_CODE = 2;

type TrialJobOnQueue = Job<TrialJobData, TrialResult>;

/** What the sweep has reported of one job so far. */
interface Followed {
  job: TrialJob;
  /** attempts reported started, and failed attempts (BullMQ's attemptsMade) seen */
  starts: number;
  made: number;
  /** an attempt was reported started and has not ended */
  open: boolean;
  /** when this sweep saw the open attempt start */
  since: number;
  done: boolean;
}

/**
 * Runs trials through a BullMQ queue on Redis: every trial is added as a job (its id the sweep folder's tag and the
 * trial id, so adding it again, from a rerun or a second machine, is a no-op), `dreamer worker` processes anywhere
 * take and run them, and this runner follows the jobs' states and reports each attempt's start and end as the
 * local pool does. BullMQ does the retries (attempts, backoff) and returns the trials of lost workers to the
 * queue (its stalled-job check); stopping the sweep only stops the following: the trials keep running, and a
 * rerun (or `dreamer sweep status DIR --queue URL`) attaches to them again.
 */
export class QueueRunner implements TrialRunner {
  readonly description: string;
  private running = 0;

  constructor(
    private readonly target: RedisTarget,
    private readonly sweepDir: string,
    private readonly pollMs = DEFAULT_POLL_MS,
  ) {
    this.description = `queue ${QUEUE_NAME} at ${target.display}`;
  }

  parallelism(): number {
    return Math.max(1, this.running);
  }

  async runAll(jobs: readonly TrialJob[], events: TrialEvents, stop: AbortSignal): Promise<void> {
    await checkRedis(this.target);
    const queue = new Queue<TrialJobData, TrialResult>(QUEUE_NAME, { connection: connectionOptions(this.target) });
    queue.on('error', () => {}); // ioredis reconnects; a lasting outage shows as no progress
    try {
      const followed = await this.enqueue(queue, jobs);
      while (!stop.aborted && followed.some((f) => !f.done)) {
        for (const f of followed) if (!f.done) await this.look(queue, f, events);
        this.running = followed.filter((f) => f.open).length;
        if (followed.some((f) => !f.done)) await sleep(this.pollMs, stop);
      }
    } finally {
      await queue.close();
    }
  }

  /**
   * Adds each trial; a job of the same id already there is kept (waiting, running or finished: its result is
   * gathered), except a failed one, which is replaced so the rerun gives it a fresh budget (as the local pool does).
   */
  private async enqueue(queue: Queue<TrialJobData, TrialResult>, jobs: readonly TrialJob[]): Promise<Followed[]> {
    const version = projectVersion();
    const sweep = resolve(this.sweepDir);
    const followed: Followed[] = [];
    for (const job of jobs) {
      const id = jobId(sweep, job.id);
      const old = await queue.getJob(id);
      if (old && (await old.getState()) === 'failed') await old.remove();
      const data: TrialJobData = { version, sweep, id: job.id, base: job.base, overrides: job.overrides, maxAttempts: job.maxAttempts };
      await queue.add('trial', data, { jobId: id, attempts: job.maxAttempts, backoff: { type: 'exponential', delay: BACKOFF_MS }, removeOnComplete: false, removeOnFail: false });
      followed.push({ job, starts: Math.min(job.attemptsBefore, old ? old.attemptsStarted : 0), made: old?.attemptsMade ?? 0, open: false, since: 0, done: false });
    }
    return followed;
  }

  /** Reports what changed in one job since the last look: attempts started, attempts ended, the end. */
  private async look(queue: Queue<TrialJobData, TrialResult>, f: Followed, events: TrialEvents): Promise<void> {
    // The state first: a job read after it is at least as new (read before, a finished job could lack its result).
    const id = jobId(this.sweepDir, f.job.id);
    const state = await queue.getJobState(id);
    const job = (await queue.getJob(id)) as TrialJobOnQueue | undefined;
    if (!job || state === 'unknown') {
      this.end(f, events, { kind: 'crash', code: null, signal: null, reason: 'its job was removed from the queue', final: true }, '?');
      f.done = true;
      return;
    }
    const worker = workerOf(job);
    // Attempts started since the last look; one still open then ended first (a retry, or its worker was lost).
    while (f.starts < job.attemptsStarted) {
      if (f.open) this.end(f, events, lostOrFailed(job, f), worker);
      f.starts += 1;
      f.open = true;
      f.since = performance.now();
      events.started(f.job, worker, f.starts);
    }
    if (state === 'active' && !f.open && f.starts > 0) {
      // attached to a trial already running (a rerun of a stopped sweep)
      f.open = true;
      f.since = performance.now();
      events.started(f.job, worker, f.starts);
    }
    if (state === 'completed') {
      const r = job.returnvalue;
      this.end(f, events, { kind: 'done', returns: { final_return: r?.final_return ?? null, best_return: r?.best_return ?? null } }, r?.worker ?? worker, r?.seconds);
      f.done = true;
    } else if (state === 'failed') {
      const reason = job.failedReason ?? 'failed';
      const end: AttemptEnd = reason.startsWith(USER_ERROR_PREFIX) ? { kind: 'user-error', code: USER_ERROR_CODE, reason } : { kind: 'crash', code: null, signal: null, reason, final: true };
      this.end(f, events, end, worker);
      f.done = true;
    } else if (f.open && state !== 'active') {
      this.end(f, events, lostOrFailed(job, f), worker); // back in the queue, waiting for its retry
    }
  }

  private end(f: Followed, events: TrialEvents, end: AttemptEnd, worker: string, seconds?: number): void {
    if (!f.open && f.starts === 0) {
      f.starts = 1; // refused before this sweep saw it start
      events.started(f.job, worker, 1);
    }
    f.open = false;
    events.ended(f.job, worker, end, seconds ?? (f.since > 0 ? (performance.now() - f.since) / 1000 : 0));
  }
}

/** An attempt that ended without the job finishing: a failure BullMQ will retry, or a worker that was lost. */
function lostOrFailed(job: TrialJobOnQueue, f: Followed): AttemptEnd {
  const failed = job.attemptsMade > f.made;
  f.made = job.attemptsMade;
  const progress = job.progress as Partial<TrialProgress> | number;
  const handedBack = typeof progress === 'object' && progress !== null && progress.handedBack === true && progress.attempt === f.starts;
  const reason = failed ? job.failedReason : handedBack ? 'its worker was stopped and gave the trial back with a checkpoint' : 'its worker was lost; the queue gave the trial back';
  return { kind: 'crash', code: null, signal: null, reason };
}

function workerOf(job: TrialJobOnQueue): string {
  const progress = job.progress as Partial<TrialProgress> | number;
  const reported = typeof progress === 'object' && progress !== null ? progress.worker : undefined;
  return job.processedBy ?? reported ?? 'queue';
}

function sleep(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolveSleep) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolveSleep();
    }
    stop.addEventListener('abort', done, { once: true });
  });
}
