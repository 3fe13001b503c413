import { join } from 'node:path';
import { loadConfig, saveResolvedConfig, type Config } from '../config/index.js';
import type { TextStream } from '../log/index.js';
import { latestCheckpoint } from '../run/checkpoint.js';
import { SIGNAL_EXIT_CODES, train, type StopSignal } from '../run/train.js';
import { ConfigError } from '../util/errors.js';
import { trainChildSpawner } from './child.js';
import { RunQueue, type RunFailure, type SpawnRun } from './parallel.js';
import { writeReport } from './report.js';
import { finishRun, readDone, RUN_DONE_FILE, type RunDone } from './run-record.js';
import { scoreCapabilities, scoreTask, type CapabilityScore, type TaskScore } from './scoring.js';
import { BSUITE_TASKS, type BsuiteTask } from './tasks.js';

export { RUN_DONE_FILE } from './run-record.js';

export interface BatteryOptions {
  /** Output folder: one run folder per task x seed (`DIR/<task>/seed<k>`) and the report files. */
  out: string;
  /** Task names (default: all). */
  tasks?: string[];
  /** Seeds per task (run.seed = 0 .. seeds-1). */
  seeds: number;
  /** Env steps per run for every task (default: each task's own budget). */
  steps?: number;
  /** key=value config overrides applied to every run after the battery's own (e.g. agent.kind=random). */
  overrides?: string[];
  /**
   * Runs at once (default 1), at most the runs still to do: 1 trains them one after another in this process,
   * N > 1 in N `dreamer train` child processes with one backend thread each.
   */
  jobs?: number;
  /** How a child run starts (jobs > 1); default a real `dreamer train` child (./child.ts). Tests inject a fake. */
  spawn?: SpawnRun;
  /** Console output of the runs (and the children's stdout lines). */
  stream?: TextStream;
  /** Progress lines of the battery itself. */
  say?: (line: string) => void;
}

export interface BatteryResult {
  tasks: TaskScore[];
  capabilities: CapabilityScore[];
  files: string[];
  /** A run was stopped by a signal: the report was not written; run the same command again to continue. */
  interrupted: boolean;
  /** The signal that stopped it. */
  signal?: StopSignal;
  /** Runs whose child failed (jobs > 1): left out of the report card, which the runs that finished make. */
  failed: RunFailure[];
}

/** One task x seed the battery still has to train, with the config both ways of running it use. */
export interface BatteryRun {
  task: BsuiteTask;
  seed: number;
  /** `<task>/seed<k>`, the prefix of a child's lines */
  label: string;
  dir: string;
  /** the battery's overrides of defaults.yaml (taskOverrides), then the user's */
  overrides: string[];
  cfg: Config;
  /** the folder holds a checkpoint: continue from it */
  resume: boolean;
}

/** The tasks `--tasks a,b` names, in the battery's order; an unknown name is an error that lists the known ones. */
export function selectTasks(names: string[] | undefined): BsuiteTask[] {
  if (names === undefined || names.length === 0) return [...BSUITE_TASKS];
  const known = new Set(BSUITE_TASKS.map((t) => t.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ConfigError(`--tasks: unknown task(s) ${unknown.join(', ')}; the battery's tasks are ${[...known].join(', ')}.`);
  }
  return BSUITE_TASKS.filter((t) => names.includes(t.name));
}

/**
 * Runs every selected task for every seed with the default config (defaults.yaml, no preset) and the task's env,
 * budget and eval episodes, then scores them and writes the report card. `jobs` 1: one run after another in this
 * process; more: that many `dreamer train` child processes at a time (./parallel.ts), whose failures are collected
 * and left out of the card. Resumable: a run folder with RUN_DONE_FILE is skipped, one with a checkpoint continues
 * from it.
 */
export async function runBattery(opts: BatteryOptions): Promise<BatteryResult> {
  if (!Number.isInteger(opts.seeds) || opts.seeds < 1) throw new ConfigError(`--seeds must be a positive integer, got ${opts.seeds}.`);
  if (opts.steps !== undefined && !(Number.isInteger(opts.steps) && opts.steps > 0)) {
    throw new ConfigError(`--steps must be a positive integer, got ${opts.steps}.`);
  }
  const requestedJobs = checkJobs(opts.jobs ?? 1);
  const tasks = selectTasks(opts.tasks);
  const say = opts.say ?? ((): void => {});
  const records = new Map<string, RunDone>(); // by run folder
  const pending: BatteryRun[] = [];
  for (const task of tasks) {
    for (let seed = 0; seed < opts.seeds; seed++) {
      const dir = runDir(opts.out, task, seed);
      const done = readDone(dir);
      if (done) {
        say(`${task.name} seed ${seed}: done before (eval return ${done.evalReturn}), skipped`);
        records.set(dir, done);
      } else pending.push(planRun(task, seed, dir, opts));
    }
  }
  const jobs = Math.min(requestedJobs, pending.length);
  const ran = jobs > 1 ? await runInChildren(pending, jobs, records, opts, say) : await runInProcess(pending, records, opts, say);
  if (ran.signal !== undefined) return { tasks: [], capabilities: [], files: [], interrupted: true, signal: ran.signal, failed: ran.failed };
  const scores: TaskScore[] = [];
  for (const task of tasks) {
    const returns = Array.from({ length: opts.seeds }, (_, seed) => records.get(runDir(opts.out, task, seed))?.evalReturn).filter((r) => r !== undefined);
    if (returns.length > 0 || ran.failed.length === 0) scores.push(scoreTask(task, returns)); // a task none of whose runs finished is left out
  }
  const capabilities = scoreCapabilities(scores);
  const failedNote = ran.failed.length === 0 ? '' : `; ${ran.failed.length} of ${tasks.length * opts.seeds} runs failed, not in the card: ${ran.failed.map((f) => f.label).join(', ')}`;
  const title = `dreamer bsuite: ${opts.seeds} seed(s)${opts.steps === undefined ? '' : `, ${opts.steps} steps per run`}${failedNote}`;
  const files = scores.length > 0 ? await writeReport(opts.out, scores, capabilities, title) : [];
  return { tasks: scores, capabilities, files, interrupted: false, failed: ran.failed };
}

/** `--jobs`: a whole number of runs at once, at least 1 (a string from the command line, or a number). */
export function checkJobs(value: string | number): number {
  const text = String(value).trim();
  const jobs = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(jobs) || jobs < 1) {
    throw new ConfigError(`--jobs ${String(value) === '' ? "''" : String(value)}: give a whole number of runs at once, at least 1 (e.g. --jobs 2; --jobs 1 runs them one after another in this process).`);
  }
  return jobs;
}

/** The battery's overrides of defaults.yaml for one run: env, seed, budget and eval episodes. */
export function taskOverrides(task: BsuiteTask, seed: number, steps: number | undefined): string[] {
  return [`env.id=${task.envId}`, `run.seed=${seed}`, `run.steps=${steps ?? task.steps}`, `run.eval_episodes=${task.evalEpisodes}`];
}

function runDir(out: string, task: BsuiteTask, seed: number): string {
  return join(out, task.name, `seed${seed}`);
}

/** A run still to do: its config (the one source of it, for this process and for a child) and whether it resumes. */
function planRun(task: BsuiteTask, seed: number, dir: string, opts: BatteryOptions): BatteryRun {
  const overrides = [...taskOverrides(task, seed, opts.steps), ...(opts.overrides ?? [])];
  const cfg = loadConfig({ overrides });
  if (!cfg.log.sinks.includes('jsonl')) {
    throw new ConfigError(`log.sinks=[${cfg.log.sinks.join(', ')}]: the battery reads each run's last evaluation from its metrics.jsonl; keep jsonl in log.sinks.`);
  }
  return { task, seed, label: `${task.name}/seed${seed}`, dir, overrides, cfg, resume: latestCheckpoint(dir) !== undefined };
}

interface Ran {
  /** the signal that stopped the battery */
  signal?: StopSignal;
  failed: RunFailure[];
}

/** One run after another in this process; a run that fails throws (and stops the battery). */
async function runInProcess(pending: BatteryRun[], records: Map<string, RunDone>, opts: BatteryOptions, say: (line: string) => void): Promise<Ran> {
  for (const run of pending) {
    say(`${run.task.name} seed ${run.seed}: ${run.cfg.run.steps} env steps${run.resume ? ', resumed' : ''} -> ${run.dir}`);
    const result = await train(run.cfg, { logdir: run.dir, resume: run.resume, stream: opts.stream, quiet: true });
    if (result.interrupted) return { signal: result.signal ?? 'SIGINT', failed: [] };
    records.set(run.dir, finishRun(run.dir, run.task.name, run.seed));
  }
  return { failed: [] };
}

/**
 * `jobs` runs at a time, each a `dreamer train` child. SIGINT/SIGTERM to this process are passed on to the
 * children, which checkpoint and exit; then the battery stops.
 */
async function runInChildren(pending: BatteryRun[], jobs: number, records: Map<string, RunDone>, opts: BatteryOptions, say: (line: string) => void): Promise<Ran> {
  say(`${pending.length} runs, ${jobs} at a time, each a \`dreamer train\` child with DREAMER_THREADS=1`);
  const queue = new RunQueue(pending, {
    jobs,
    spawn: opts.spawn ?? trainChildSpawner({ ...(opts.stream && { stdout: opts.stream }) }),
    args: childArgs,
    finished: (run) => {
      const record = finishRun(run.dir, run.task.name, run.seed);
      records.set(run.dir, record);
      say(`${run.label}: done, eval return ${record.evalReturn}`);
    },
    say,
  });
  const handlers = (Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]).map((signal) => {
    const handler = (): void => {
      say(`${signal}: passing it on to the running runs (each writes a checkpoint; send it again to stop them at once)`);
      queue.stop(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  try {
    const result = await queue.run();
    return { failed: result.failed, ...(result.stopped && { signal: result.stopped }) };
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}

/**
 * A child's `dreamer train` arguments. A fresh run: the resolved config this process built, written into the run
 * folder and passed with --config (so the child trains exactly it). A run with a checkpoint: `--resume` with the
 * battery's overrides, as the in-process path resumes it.
 */
export function childArgs(run: BatteryRun): string[] {
  if (run.resume) return ['train', '--resume', run.dir, ...run.overrides];
  const config = saveResolvedConfig(run.dir, run.cfg);
  return ['train', '--config', config, '--logdir', run.dir];
}
