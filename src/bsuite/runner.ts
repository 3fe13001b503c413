import { join } from 'node:path';
import { loadConfig, type Config } from '../config/index.js';
import type { TextStream } from '../log/index.js';
import { latestCheckpoint } from '../run/checkpoint.js';
import { train, type StopSignal } from '../run/train.js';
import { ConfigError } from '../util/errors.js';
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
  /** Console output of the runs. */
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
}

/** One task x seed the battery still has to train, with its config. */
export interface BatteryRun {
  task: BsuiteTask;
  seed: number;
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
 * budget and eval episodes, one after another in this process, then scores them and writes the report card.
 * Resumable: a run folder with RUN_DONE_FILE is skipped, one with a checkpoint continues from it.
 */
export async function runBattery(opts: BatteryOptions): Promise<BatteryResult> {
  if (!Number.isInteger(opts.seeds) || opts.seeds < 1) throw new ConfigError(`--seeds must be a positive integer, got ${opts.seeds}.`);
  if (opts.steps !== undefined && !(Number.isInteger(opts.steps) && opts.steps > 0)) {
    throw new ConfigError(`--steps must be a positive integer, got ${opts.steps}.`);
  }
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
  const ran = await runInProcess(pending, records, opts, say);
  if (ran.signal !== undefined) return { tasks: [], capabilities: [], files: [], interrupted: true, signal: ran.signal };
  const scores: TaskScore[] = [];
  for (const task of tasks) {
    const returns = Array.from({ length: opts.seeds }, (_, seed) => records.get(runDir(opts.out, task, seed))?.evalReturn).filter((r) => r !== undefined);
    scores.push(scoreTask(task, returns));
  }
  const capabilities = scoreCapabilities(scores);
  const title = `dreamer bsuite: ${opts.seeds} seed(s)${opts.steps === undefined ? '' : `, ${opts.steps} steps per run`}`;
  const files = await writeReport(opts.out, scores, capabilities, title);
  return { tasks: scores, capabilities, files, interrupted: false };
}

/** The battery's overrides of defaults.yaml for one run: env, seed, budget and eval episodes. */
export function taskOverrides(task: BsuiteTask, seed: number, steps: number | undefined): string[] {
  return [`env.id=${task.envId}`, `run.seed=${seed}`, `run.steps=${steps ?? task.steps}`, `run.eval_episodes=${task.evalEpisodes}`];
}

function runDir(out: string, task: BsuiteTask, seed: number): string {
  return join(out, task.name, `seed${seed}`);
}

/** A run still to do: its config and whether it resumes. */
function planRun(task: BsuiteTask, seed: number, dir: string, opts: BatteryOptions): BatteryRun {
  const overrides = [...taskOverrides(task, seed, opts.steps), ...(opts.overrides ?? [])];
  const cfg = loadConfig({ overrides });
  if (!cfg.log.sinks.includes('jsonl')) {
    throw new ConfigError(`log.sinks=[${cfg.log.sinks.join(', ')}]: the battery reads each run's last evaluation from its metrics.jsonl; keep jsonl in log.sinks.`);
  }
  return { task, seed, dir, overrides, cfg, resume: latestCheckpoint(dir) !== undefined };
}

interface Ran {
  /** the signal that stopped the battery */
  signal?: StopSignal;
}

/** One run after another in this process; a run that fails throws (and stops the battery). */
async function runInProcess(pending: BatteryRun[], records: Map<string, RunDone>, opts: BatteryOptions, say: (line: string) => void): Promise<Ran> {
  for (const run of pending) {
    say(`${run.task.name} seed ${run.seed}: ${run.cfg.run.steps} env steps${run.resume ? ', resumed' : ''} -> ${run.dir}`);
    const result = await train(run.cfg, { logdir: run.dir, resume: run.resume, stream: opts.stream, quiet: true });
    if (result.interrupted) return { signal: result.signal ?? 'SIGINT' };
    records.set(run.dir, finishRun(run.dir, run.task.name, run.seed));
  }
  return {};
}
