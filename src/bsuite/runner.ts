import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/index.js';
import type { TextStream } from '../log/index.js';
import { latestCheckpoint } from '../run/checkpoint.js';
import { train } from '../run/train.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ConfigError } from '../util/errors.js';
import { scoreCapabilities, scoreTask, type CapabilityScore, type TaskScore } from './scoring.js';
import { BSUITE_TASKS, type BsuiteTask } from './tasks.js';
import { writeReport } from './report.js';

/** Written into a run folder when its run finished: the battery skips that run next time and reads its score here. */
export const RUN_DONE_FILE = 'bsuite-run.json';

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
}

interface RunDone {
  task: string;
  seed: number;
  steps: number;
  evalReturn: number;
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
  const scores: TaskScore[] = [];
  for (const task of tasks) {
    const returns: number[] = [];
    for (let seed = 0; seed < opts.seeds; seed++) {
      const dir = join(opts.out, task.name, `seed${seed}`);
      const done = readDone(dir);
      if (done) {
        say(`${task.name} seed ${seed}: done before (eval return ${done.evalReturn}), skipped`);
        returns.push(done.evalReturn);
        continue;
      }
      const cfg = loadConfig({ overrides: [...taskOverrides(task, seed, opts.steps), ...(opts.overrides ?? [])] });
      const resume = latestCheckpoint(dir) !== undefined;
      say(`${task.name} seed ${seed}: ${cfg.run.steps} env steps${resume ? ', resumed' : ''} -> ${dir}`);
      const result = await train(cfg, { logdir: dir, resume, stream: opts.stream, quiet: true });
      if (result.interrupted) return { tasks: scores, capabilities: [], files: [], interrupted: true };
      const last = result.evals.at(-1);
      if (last === undefined) throw new ConfigError(`${task.name}: the run made no evaluation; do not set run.eval_every=0 for the battery.`);
      const record: RunDone = { task: task.name, seed, steps: result.steps, evalReturn: last[1] };
      writeFileAtomic(join(dir, RUN_DONE_FILE), `${JSON.stringify(record, null, 2)}\n`);
      returns.push(last[1]);
    }
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

function readDone(dir: string): RunDone | undefined {
  const path = join(dir, RUN_DONE_FILE);
  if (!existsSync(path)) return undefined;
  let parsed: Partial<RunDone> = {};
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<RunDone>;
  } catch {
    // reported below as a file without evalReturn
  }
  if (typeof parsed.evalReturn !== 'number') {
    throw new ConfigError(`${path} is not a finished run's record (no evalReturn); delete it to run that task and seed again.`);
  }
  return parsed as RunDone;
}
