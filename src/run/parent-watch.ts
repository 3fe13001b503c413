/**
 * A trial started by a sweep worker must not outlive it: when the worker dies (SIGKILL, a lost machine), the queue
 * hands the trial to another worker, and two processes would write one run folder. The worker puts its pid in this
 * variable; the child checks its parent pid twice a second and, once it changed (the worker is gone and the
 * child was re-parented), stops as on SIGTERM (after the current step, with a checkpoint), or at once if that takes
 * longer than the grace period.
 */
export const PARENT_PID_ENV = 'DREAMER_PARENT_PID';
const POLL_MS = 500;
const GRACE_MS = 5000;
/** 128 + SIGTERM's number, as a run stopped by SIGTERM exits */
const EXIT_CODE = 143;

export function watchParent(env: NodeJS.ProcessEnv = process.env): void {
  const parent = Number(env[PARENT_PID_ENV]);
  delete env[PARENT_PID_ENV]; // this process's own children (a --parallel seed run) watch it, not its parent
  if (!Number.isInteger(parent) || parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    console.error(`parent process ${parent} is gone: stopping this run (a checkpoint first; the queue gives the trial to another worker)`);
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(EXIT_CODE), GRACE_MS).unref();
  }, POLL_MS);
  timer.unref();
}
