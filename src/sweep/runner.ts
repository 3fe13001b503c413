/**
 * Where trials run. The sweep (./sweep.ts) decides what to run and records it; a TrialRunner runs it. The local
 * pool (./local-pool.ts) runs trials as child processes on this machine; the queue runner (./queue-runner.ts) puts
 * the same jobs on a BullMQ queue for `dreamer worker` processes on any machine and reports the same events.
 */
export interface TrialJob {
  id: string;
  /** the run folder: `<out>/<id>`; the trial's output goes to `<dir>/train.log` */
  dir: string;
  /**
   * `dreamer train` arguments: `--config` presets and `key=value` overrides, or `--resume <dir>`; made when the
   * trial starts (a fresh run first clears what a run that died before its first checkpoint left in its folder)
   */
  args: () => string[];
  /** what a queue carries instead of arguments: the base configs, the trial's overrides, and its budget of starts */
  base: string[];
  overrides: Record<string, unknown>;
  maxAttempts: number;
  /** runs already made of this trial (0 for a new trial) */
  attemptsBefore: number;
}

/** How an attempt ended. */
export type AttemptEnd =
  /** `returns`: the trial's eval returns as its worker read them (queue); else the sweep reads its metrics.jsonl */
  | { kind: 'done'; returns?: EvalReturns }
  /** a user error (exit 2): bad config, unreadable env file. Not retried: it would fail the same way. */
  | { kind: 'user-error'; code: number; reason?: string; returns?: EvalReturns }
  /** anything else: a crash, an out-of-memory kill, a non-finite run, a lost worker. Retried up to max_attempts. */
  | { kind: 'crash'; code: number | null; signal: string | null; reason?: string; returns?: EvalReturns; final?: boolean }
  /** the sweep was stopped (Ctrl-C, SIGTERM) and the trial stopped with a checkpoint: not an attempt that failed */
  | { kind: 'stopped' };

/** `eval/return_mean` of a trial's last and best evaluation (null before its first). */
export interface EvalReturns {
  final_return: number | null;
  best_return: number | null;
}

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
  /** trials that run at once, for the ETA (a queue: those running now) */
  parallelism(): number;
  /** Runs every job to its end, reporting each attempt; resolves when none is left or, after `stop`, all have stopped. */
  runAll(jobs: readonly TrialJob[], events: TrialEvents, stop: AbortSignal): Promise<void>;
}
