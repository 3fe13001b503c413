import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configsDir } from '../config/paths.js';
import { PARENT_PID_ENV } from '../run/parent-watch.js';
import type { AttemptEnd } from './runner.js';
import { TRAIN_LOG } from './trial-args.js';

/** Exit codes of `dreamer train`: 2 a user error; 130/143 stopped by SIGINT/SIGTERM after a checkpoint. */
const USER_ERROR_CODE = 2;
const STOPPED_CODES = [130, 143];

/** The `dreamer` script of this package (bin/dreamer.js, beside configs/), which the trials run. */
export function dreamerEntry(): string {
  return join(dirname(configsDir()), 'bin', 'dreamer.js');
}

export interface TrainChild {
  child: ChildProcess;
  /** how the attempt ended; `stopping()` says whether a SIGTERM from us (not a crash) ended it */
  ended: Promise<AttemptEnd>;
}

/**
 * One `dreamer train` child, its stdout and stderr appended to <dir>/train.log, in its own process group (a Ctrl-C
 * in the terminal reaches only its parent, which sends it one SIGTERM: it checkpoints and exits). The child is told
 * its parent's pid and exits (with a checkpoint) when that parent dies, so a trial never outlives its worker.
 */
export function spawnTrain(entry: string, args: readonly string[], dir: string, stopping: () => boolean): TrainChild {
  mkdirSync(dir, { recursive: true });
  const log = openSync(join(dir, TRAIN_LOG), 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', log, log], detached: true, env: { ...process.env, [PARENT_PID_ENV]: String(process.pid) } });
  } finally {
    closeSync(log); // the child holds its own copy
  }
  const ended = new Promise<AttemptEnd>((resolve) => {
    child.on('error', () => resolve({ kind: 'crash', code: null, signal: null })); // could not start node
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ kind: 'done' });
      else if (stopping() && (STOPPED_CODES.includes(code ?? -1) || signal === 'SIGTERM')) resolve({ kind: 'stopped' });
      else if (code === USER_ERROR_CODE) resolve({ kind: 'user-error', code });
      else resolve({ kind: 'crash', code, signal });
    });
  });
  return { child, ended };
}
