import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configsDir } from '../config/paths.js';
import type { AttemptEnd, TrialEvents, TrialJob, TrialRunner } from './runner.js';

/** Each trial's console output, in its run folder. */
export const TRAIN_LOG = 'train.log';
/** Exit codes of `dreamer train`: 2 a user error; 130/143 stopped by SIGINT/SIGTERM after a checkpoint. */
const USER_ERROR_CODE = 2;
const STOPPED_CODES = [130, 143];

/** The `dreamer` script of this package (bin/dreamer.js, beside configs/), which the trials run. */
export function dreamerEntry(): string {
  return join(dirname(configsDir()), 'bin', 'dreamer.js');
}

/**
 * Runs trials as `dreamer train` child processes on this machine, `workers` at a time. Each child runs in its own
 * process group, so a Ctrl-C in the terminal reaches only the sweep, which then sends every child one SIGTERM:
 * the child writes a checkpoint and exits (a second signal would make it exit without one).
 */
export class LocalPool implements TrialRunner {
  readonly description: string;

  constructor(
    readonly workers: number,
    private readonly entry: string = dreamerEntry(),
  ) {
    this.description = `local pool of ${workers} worker${workers === 1 ? '' : 's'}`;
  }

  async runAll(jobs: readonly TrialJob[], events: TrialEvents, stop: AbortSignal): Promise<void> {
    const queue = [...jobs];
    const slot = async (worker: string): Promise<void> => {
      for (let job = queue.shift(); job !== undefined && !stop.aborted; job = queue.shift()) {
        let args: string[] | undefined = job.args;
        for (let attempt = job.attemptsBefore + 1; args !== undefined; attempt++) {
          const t0 = performance.now();
          const end = await this.attempt(job, args, stop, (pid) => events.started(job!, worker, attempt, pid));
          args = events.ended(job, worker, end, (performance.now() - t0) / 1000)?.retryArgs;
          if (stop.aborted) break;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.workers, jobs.length) }, (_, i) => slot(`local-${i}`)));
  }

  /** One `dreamer train` child, its stdout and stderr appended to <dir>/train.log. */
  private attempt(job: TrialJob, args: string[], stop: AbortSignal, started: (pid: number | undefined) => void): Promise<AttemptEnd> {
    mkdirSync(job.dir, { recursive: true });
    const log = openSync(join(job.dir, TRAIN_LOG), 'a');
    let child;
    try {
      child = spawn(process.execPath, [this.entry, ...args], { stdio: ['ignore', log, log], detached: true });
    } finally {
      closeSync(log); // the child holds its own copy
    }
    started(child.pid);
    const terminate = (): void => void child.kill('SIGTERM');
    stop.addEventListener('abort', terminate, { once: true });
    return new Promise((resolve) => {
      child.on('error', () => resolve({ kind: 'crash', code: null, signal: null })); // could not start node
      child.on('close', (code, signal) => {
        stop.removeEventListener('abort', terminate);
        if (code === 0) resolve({ kind: 'done' });
        else if (stop.aborted && (STOPPED_CODES.includes(code ?? -1) || signal === 'SIGTERM')) resolve({ kind: 'stopped' });
        else if (code === USER_ERROR_CODE) resolve({ kind: 'user-error', code });
        else resolve({ kind: 'crash', code, signal });
      });
    });
  }
}
