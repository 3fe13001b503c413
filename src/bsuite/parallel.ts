import { SIGNAL_EXIT_CODES, THREADS_ENV, type StopSignal } from '../run/train.js';

/** What the queue needs of a run: its console label (`catch/seed0`) and its run folder. */
export interface QueueRun {
  label: string;
  dir: string;
}

/** One child to start: `dreamer <args..>` for the run `label` in `dir`, with `env` added to this process's. */
export interface ChildRequest {
  label: string;
  dir: string;
  args: string[];
  env: Record<string, string>;
}

/** How a child ended: its exit code (or the signal that killed it), or the error that kept it from starting. */
export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** it could not be started (spawn error) */
  error?: string;
  /** its last line of output (stderr's if it wrote any), for the failure message */
  lastLine?: string;
  /** the file holding its whole output */
  log?: string;
}

export interface RunningChild {
  ended: Promise<ChildEnd>;
  /** passes a stop signal on: a `dreamer train` child checkpoints and exits (a second one: at once) */
  kill(signal: StopSignal): void;
}

/** Starts one child; `trainChildSpawner` (./child.ts) starts a real `dreamer train`, tests inject a fake. */
export type SpawnRun = (request: ChildRequest) => RunningChild;

/** A run whose child did not finish it: not in the report card, listed at the end. */
export interface RunFailure {
  label: string;
  dir: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** the spawn error, the child's last line, or why its result could not be read */
  reason: string;
  log?: string;
}

export interface QueueResult {
  failed: RunFailure[];
  /** the stop signal the queue got (stop()); the runs it did not finish continue on the next battery */
  stopped?: StopSignal;
}

export interface RunQueueOptions<R extends QueueRun> {
  /** children at once */
  jobs: number;
  spawn: SpawnRun;
  /** the `dreamer` arguments of a run's child (may write into its run folder first, e.g. the config) */
  args(run: R): string[];
  /** a child exited 0: record the run's result; a throw makes the run a failure with the error's message */
  finished(run: R): void;
  say?(line: string): void;
}

/** The exit codes of a `dreamer train` stopped by SIGINT/SIGTERM after a checkpoint. */
const STOPPED_CODES: readonly number[] = Object.values(SIGNAL_EXIT_CODES);

/**
 * Hands runs to at most `jobs` child processes at a time, each with one backend thread (`DREAMER_THREADS=1`: the
 * children share the cores), in the runs' order. A child that fails does not stop the others: its failure is
 * collected. `stop(signal)` passes the signal to the running children (they checkpoint and exit) and starts no more.
 */
export class RunQueue<R extends QueueRun> {
  private readonly running = new Set<RunningChild>();
  private stoppedBy: StopSignal | undefined;

  constructor(
    private readonly runs: readonly R[],
    private readonly opts: RunQueueOptions<R>,
  ) {
    // Unreachable from input: the CLI's checkJobs turns a bad --jobs into a ConfigError first.
    if (!Number.isInteger(opts.jobs) || opts.jobs < 1) throw new Error(`RunQueue: jobs must be a positive integer, got ${opts.jobs} (the caller validates --jobs)`);
  }

  async run(): Promise<QueueResult> {
    const todo = [...this.runs];
    const failed: RunFailure[] = [];
    const slot = async (): Promise<void> => {
      for (let run = todo.shift(); run !== undefined && this.stoppedBy === undefined; run = todo.shift()) {
        const failure = await this.runOne(run);
        if (failure) failed.push(failure);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.jobs, todo.length) }, slot));
    const order = new Map(this.runs.map((r, i) => [r.dir, i]));
    failed.sort((a, b) => order.get(a.dir)! - order.get(b.dir)!);
    return { failed, ...(this.stoppedBy && { stopped: this.stoppedBy }) };
  }

  /** Passes `signal` to every running child and starts no more; every call passes it on again (a second: at once). */
  stop(signal: StopSignal): void {
    this.stoppedBy ??= signal;
    for (const child of this.running) child.kill(signal);
  }

  /** Runs one child to its end; a failure, or undefined when it finished (or was stopped by stop()). */
  private async runOne(run: R): Promise<RunFailure | undefined> {
    const say = this.opts.say ?? ((): void => {});
    let end: ChildEnd;
    try {
      const args = this.opts.args(run);
      say(`${run.label}: started -> ${run.dir}${args.includes('--resume') ? ' (resumed)' : ''}`);
      const child = this.opts.spawn({ label: run.label, dir: run.dir, args, env: { [THREADS_ENV]: '1' } });
      this.running.add(child);
      try {
        end = await child.ended;
      } finally {
        this.running.delete(child);
      }
    } catch (err) {
      end = { code: null, signal: null, error: err instanceof Error ? err.message : String(err) };
    }
    const failure = (reason: string): RunFailure => ({ label: run.label, dir: run.dir, code: end.code, signal: end.signal, reason, ...(end.log && { log: end.log }) });
    if (end.error !== undefined) return failure(`could not start: ${end.error}`);
    if (end.code === 0) {
      try {
        this.opts.finished(run);
        return undefined;
      } catch (err) {
        return failure(err instanceof Error ? err.message : String(err));
      }
    }
    if (this.stoppedBy !== undefined && (STOPPED_CODES.includes(end.code ?? -1) || end.signal !== null)) {
      say(`${run.label}: stopped (checkpointed; the next battery continues it)`);
      return undefined;
    }
    return failure(end.lastLine ?? 'no output');
  }
}
