import type { AttemptEnd, TrialEvents, TrialJob, TrialRunner } from './runner.js';
import { dreamerEntry, spawnTrain } from './train-child.js';

export { dreamerEntry } from './train-child.js';
export { TRAIN_LOG } from './trial-args.js';
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

  parallelism(): number {
    return this.workers;
  }

  async runAll(jobs: readonly TrialJob[], events: TrialEvents, stop: AbortSignal): Promise<void> {
    const queue = [...jobs];
    const slot = async (worker: string): Promise<void> => {
      for (let job = queue.shift(); job !== undefined && !stop.aborted; job = queue.shift()) {
        let args: string[] | undefined = job.args();
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

  /** One `dreamer train` child; aborting `stop` sends it one SIGTERM. */
  private attempt(job: TrialJob, args: string[], stop: AbortSignal, started: (pid: number | undefined) => void): Promise<AttemptEnd> {
    const { child, ended } = spawnTrain(this.entry, args, job.dir, () => stop.aborted);
    started(child.pid);
    const terminate = (): void => void child.kill('SIGTERM');
    stop.addEventListener('abort', terminate, { once: true });
    return ended.finally(() => stop.removeEventListener('abort', terminate));
  }
}
