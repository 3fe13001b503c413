/**
 * Where trials run. The sweep (./sweep.ts) decides what to run and records it; a TrialRunner runs it. The local
 * pool (./local-pool.ts) runs trials as child processes on this machine; a queue runner (BullMQ on Redis, not
 * written yet) would put the same jobs on a queue for `dreamer worker` processes and report the same events.
 */
export interface TrialJob {
  id: string;
  /** the run folder: `<out>/<id>`; the trial's output goes to `<dir>/train.log` */
  dir: string;
  /** `dreamer train` arguments: `--config` presets and `key=value` overrides, or `--resume <dir>` */
  args: string[];
  /** runs already made of this trial (0 for a new trial) */
  attemptsBefore: number;
}

/** How an attempt ended. */
export type AttemptEnd =
  | { kind: 'done' }
  /** a user error (exit 2): bad config, unreadable env file. Not retried: it would fail the same way. */
  | { kind: 'user-error'; code: number }
  /** anything else: a crash, an out-of-memory kill, a non-finite run. Retried up to max_attempts. */
  | { kind: 'crash'; code: number | null; signal: string | null }
  /** the sweep was stopped (Ctrl-C, SIGTERM) and the trial stopped with a checkpoint: not an attempt that failed */
  | { kind: 'stopped' };

export interface TrialEvents {
  /** an attempt started on a worker; `pid` is its process on this machine (a local child), if it has one */
  started(job: TrialJob, worker: string, attempt: number, pid?: number): void;
  /**
   * an attempt ended after `seconds`; the return says whether to run the trial again (with these arguments: a
   * crashed trial with a checkpoint resumes), or undefined when it is finished (done, failed, or stopped).
   */
  ended(job: TrialJob, worker: string, end: AttemptEnd, seconds: number): { retryArgs: string[] } | undefined;
}

export interface TrialRunner {
  /** A short name for progress lines: `local pool of 2 workers`. */
  readonly description: string;
  /** Runs every job to its end, reporting each attempt; resolves when none is left or, after `stop`, all have stopped. */
  runAll(jobs: readonly TrialJob[], events: TrialEvents, stop: AbortSignal): Promise<void>;
}
