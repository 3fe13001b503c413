import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PARENT_PID_ENV } from '../run/parent-watch.js';
import { dreamerEntry } from '../sweep/train-child.js';
import { TRAIN_LOG } from '../sweep/trial-args.js';
import { prefixLines, type LineSink } from '../util/prefix-lines.js';
import type { ChildEnd, SpawnRun } from './parallel.js';

export interface TrainChildOptions {
  /** the `dreamer` script the children run (default: this package's bin/dreamer.js) */
  entry?: string;
  /** where the children's prefixed stdout and stderr lines go (default: this process's) */
  stdout?: LineSink;
  stderr?: LineSink;
}

/**
 * Starts each run as `node bin/dreamer.js <args..>`. Every line it prints goes to the console prefixed with
 * `[<task>/seed<k>] ` and, unprefixed, to <run folder>/train.log. The child runs in its own process group, so a
 * Ctrl-C in the terminal reaches only the battery, which passes it on once (the child checkpoints and exits);
 * and it is told the battery's pid, so it stops (with a checkpoint) if the battery dies.
 */
export function trainChildSpawner(opts: TrainChildOptions = {}): SpawnRun {
  const entry = opts.entry ?? dreamerEntry();
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  return (request) => {
    mkdirSync(request.dir, { recursive: true });
    const logPath = join(request.dir, TRAIN_LOG);
    const log = createWriteStream(logPath, { flags: 'a' });
    const env = { ...process.env, ...request.env, [PARENT_PID_ENV]: String(process.pid) };
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [entry, ...request.args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
    } catch (err) {
      log.end();
      throw err;
    }
    let lastOut: string | undefined;
    let lastErr: string | undefined;
    const prefix = `[${request.label}] `;
    const keep = (line: string): void => void log.write(`${line}\n`);
    if (child.stdout) prefixLines(child.stdout, stdout, prefix, (line) => ((lastOut = line), keep(line)));
    if (child.stderr) prefixLines(child.stderr, stderr, prefix, (line) => ((lastErr = line), keep(line)));
    const ended = new Promise<ChildEnd>((resolve) => {
      child.once('error', (err) => resolve({ code: null, signal: null, error: err.message, log: logPath }));
      child.once('close', (code, signal) => resolve({ code, signal, log: logPath, ...((lastErr ?? lastOut) !== undefined && { lastLine: lastErr ?? lastOut }) }));
    });
    return {
      ended: ended.finally(() => new Promise<void>((done) => log.end(done))),
      kill: (signal) => void child.kill(signal),
    };
  };
}
