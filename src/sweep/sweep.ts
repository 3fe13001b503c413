import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Config } from '../config/index.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { TextStream } from '../log/index.js';
import { THREADS_ENV } from '../run/train.js';
import { ConfigError } from '../util/errors.js';
import { LocalPool } from './local-pool.js';
import { evalReturns } from './returns.js';
import { TRAIN_LOG, trainArgs } from './trial-args.js';
import type { AttemptEnd, EvalReturns, TrialEvents, TrialJob, TrialRunner } from './runner.js';
import { DEFAULT_SUMMARY, readSweepFile, type SummarySpec, type SweepSpec } from './spec.js';
import { loadRun } from '../plot/runs.js';
import { resolvedSweepYaml, SWEEP_FILE } from './sweep-file.js';
import { SharedTrialBook, TrialBook, type TrialState } from './state.js';
import { meanCi, SUMMARY_METRIC, summarise, writeSummary, type PointSummary, type TrialCurve } from './summary.js';
import { expandTrials, validateTrials, type Trial } from './trials.js';

export const CURVES_FILE = 'curves.png';

export interface SweepOptions {
  /** the sweep folder: sweep.yaml, trials.jsonl, the summary, one run folder per trial */
  out: string;
  /** parallel trials of the local pool; default: the cores divided by the threads of one trial */
  workers?: number;
  /** where trials run; default the local pool */
  runner?: TrialRunner;
  /** aborting stops the sweep: running trials checkpoint and stay pending, no new trial starts */
  stop?: AbortSignal;
  /** progress lines (default stdout) */
  stream?: TextStream;
  /** draw curves.png, one curve per point (default true) */
  plot?: boolean;
}

export interface SweepResult {
  states: TrialState[];
  summary: PointSummary[];
  /** trials that ran to the end in this call (skipped done trials not counted) */
  ran: number;
  stopped: boolean;
}

/**
 * Runs a sweep file into `opts.out`: every trial's config is checked first; trials already done there are
 * skipped, unfinished ones resume from their checkpoint, crashed ones are retried up to max_attempts.
 */
export async function runSweep(file: string, opts: SweepOptions): Promise<SweepResult> {
  const spec = readSweepFile(file);
  const trials = expandTrials(spec);
  const configs = validateTrials(spec, trials);
  const out = opts.out;
  mkdirSync(out, { recursive: true });
  checkSameSweep(out, spec, file);
  const release = lockSweepFolder(out);
  try {
    return await runLocked(file, spec, trials, configs, opts);
  } finally {
    release();
  }
}

async function runLocked(file: string, spec: SweepSpec, trials: Trial[], configs: Map<string, Config>, opts: SweepOptions): Promise<SweepResult> {
  const out = opts.out;
  const stream = opts.stream ?? process.stdout;
  writeFileAtomic(join(out, SWEEP_FILE), resolvedSweepYaml(spec, trials.length));

  const book = TrialBook.open(out);
  checkNoOrphans(book, file);
  book.order(trials.map((t) => t.id));
  const todo = trials.filter((t) => book.get(t.id)?.status !== 'done');
  for (const t of todo) book.stage(freshState(t, book.get(t.id)));
  book.write();

  const workers = opts.workers ?? defaultWorkers([...configs.values()]);
  const runner = opts.runner ?? new LocalPool(workers);
  const skipped = trials.length - todo.length;
  const points = trials.length / spec.seeds.length;
  stream.write(`[sweep] ${plural(trials.length, 'trial')} (${plural(points, 'point')} × ${plural(spec.seeds.length, 'seed')}) -> ${out}; ${skipped > 0 ? `${skipped} already done, ` : ''}${todo.length} to run on a ${runner.description}\n`);
  if ([...configs.values()].some((c) => c.run.eval_every === 0)) {
    stream.write(`[sweep] note: trials with run.eval_every: 0 never evaluate, so the summary has no ${SUMMARY_METRIC} for them\n`);
  }
  const progress = new Progress(book, stream, () => runner.parallelism());
  const events = trialEvents(book, spec, progress);
  const stop = opts.stop ?? new AbortController().signal;
  const jobs = todo.map((t) => trialJob(t, out, spec, book));
  await runner.runAll(jobs, events, stop);

  const states = book.all();
  const summary = finish(out, states, spec.summary, stream);
  const stale = progress.finished > 0 || !existsSync(join(out, CURVES_FILE));
  if (opts.plot !== false && !stop.aborted && stale) await plotCurves(out, states, spec.summary.metric, stream);
  return { states, summary, ran: progress.finished, stopped: stop.aborted };
}

/** The sweep's record and progress lines follow each attempt; a crashed trial with attempts left runs again. */
function trialEvents(book: TrialBook, spec: SweepSpec, progress: Progress): TrialEvents {
  return {
    started: (job, worker, attempt, pid) => {
      book.update(job.id, { id: job.id, status: 'running', worker, attempts: attempt, pid: pid ?? null });
      progress.started(job.id, worker, attempt);
    },
    ended: (job, worker, end, seconds) => {
      const before = book.get(job.id)!;
      const change = afterAttempt(job, end, before, spec.maxAttempts);
      const state = book.update(job.id, { id: job.id, ...change, pid: null, wall_clock_s: round(before.wall_clock_s + seconds) });
      progress.ended(state, end, seconds);
      return state.status === 'pending' && end.kind === 'crash' ? { retryArgs: job.args() } : undefined;
    },
  };
}

function trialJob(t: Trial, out: string, spec: SweepSpec, book: TrialBook): TrialJob {
  const dir = join(out, t.id);
  return { id: t.id, dir, args: () => trainArgs(spec.base, t.overrides, dir), base: spec.base, overrides: t.overrides, maxAttempts: spec.maxAttempts, attemptsBefore: book.get(t.id)!.attempts };
}

/**
 * `dreamer sweep run-trial DIR INDEX`: runs trial INDEX (0-based, in the order of trials.jsonl) of the sweep in
 * DIR, as one Slurm array task does; a done trial is skipped, an unfinished one resumes from its checkpoint.
 * Tasks run at once on many nodes, so each change to trials.jsonl is made under a lock, on a fresh read of it.
 */
export async function runTrialAt(dir: string, index: number, opts: { stream?: TextStream; stop?: AbortSignal; entry?: string } = {}): Promise<TrialState> {
  const stream = opts.stream ?? process.stdout;
  const spec = readSweepFile(join(dir, SWEEP_FILE));
  const trials = expandTrials(spec);
  const t = trials[index];
  if (!Number.isInteger(index) || t === undefined) throw new ConfigError(`trial index ${index}: the sweep in ${dir} has trials 0 to ${trials.length - 1}.`);
  const book = SharedTrialBook.open(dir);
  const before = book.get(t.id);
  if (before?.status === 'done') {
    stream.write(`[sweep] ${t.id} is done already\n`);
    return before;
  }
  book.update(t.id, freshState(t, before));
  const pool = opts.entry ? new LocalPool(1, opts.entry) : new LocalPool(1);
  const progress = new Progress(book, stream, () => 1);
  await pool.runAll([trialJob(t, dir, spec, book)], trialEvents(book, spec, progress), opts.stop ?? new AbortController().signal);
  const states = SharedTrialBook.open(dir).all();
  const { rows, searched } = summaryOf(dir, states, spec.summary);
  writeSummary(dir, rows, searched, spec.summary.metric);
  return states.find((s) => s.id === t.id)!;
}

/**
 * Checks a sweep file and writes its folder (sweep.yaml, trials.jsonl with every trial not done pending) without
 * running anything: what `--slurm` needs before its job array runs the trials. Returns the number of trials.
 */
export function prepareSweep(file: string, out: string): { trials: number; configs: Config[] } {
  const spec = readSweepFile(file);
  const trials = expandTrials(spec);
  const configs = validateTrials(spec, trials);
  mkdirSync(out, { recursive: true });
  checkSameSweep(out, spec, file);
  const release = lockSweepFolder(out);
  try {
    writeFileAtomic(join(out, SWEEP_FILE), resolvedSweepYaml(spec, trials.length));
    const book = TrialBook.open(out);
    checkNoOrphans(book, file);
    book.order(trials.map((t) => t.id));
    for (const t of trials) if (book.get(t.id)?.status !== 'done') book.stage(freshState(t, book.get(t.id)));
    book.write();
  } finally {
    release();
  }
  return { trials: trials.length, configs: [...configs.values()] };
}

/** Who runs a sweep folder: the pid of its `dreamer sweep`, in this file while it runs. */
export const LOCK_FILE = '.sweep.lock';

/** Claims the folder for this process; another live sweep there is refused. Returns the release. */
function lockSweepFolder(out: string): () => void {
  const path = join(out, LOCK_FILE);
  for (;;) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (isAlive(holder)) throw new ConfigError(`${out} is in use by another \`dreamer sweep\` (pid ${holder}): wait for it, or stop it (kill ${holder}); two sweeps would run the same trials twice.`);
    rmSync(path, { force: true }); // left by a sweep that was killed
  }
}

/** A trial still running from a killed sweep (its child outlived it) would be run twice at once: refused. */
function checkNoOrphans(book: TrialBook, file: string): void {
  const alive = book.all().filter((s) => s.status === 'running' && s.pid !== null && s.pid !== undefined && isAlive(s.pid));
  if (alive.length === 0) return;
  const list = alive.map((s) => `${s.id} (pid ${s.pid})`).join(', ');
  throw new ConfigError(`trials of an earlier run of ${file} are still running: ${list}. Stop them (kill -TERM ${alive.map((s) => s.pid).join(' ')}: each writes a checkpoint), then rerun; the sweep resumes them.`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `dreamer sweep status DIR`: the state of every trial and the summary so far, from the sweep folder's files. */
export function sweepStatus(dir: string, stream: TextStream = process.stdout): { states: TrialState[]; summary: PointSummary[] } {
  if (!existsSync(join(dir, 'trials.jsonl'))) throw new ConfigError(`${dir} holds no trials.jsonl, so it is not a sweep folder: pass the --out of a \`dreamer sweep\`.`);
  const states = TrialBook.open(dir).all();
  for (const s of states) {
    const ret = s.final_return === null ? '' : `, last eval ${s.final_return}, best ${s.best_return}`;
    stream.write(`${s.status.padEnd(7)} ${s.id} (attempts ${s.attempts}${s.worker ? `, ${s.worker}` : ''}, ${s.wall_clock_s} s${ret})${s.error ? `: ${s.error}` : ''}\n`);
  }
  stream.write(`${countLine(states)}\n`);
  const spec = existsSync(join(dir, SWEEP_FILE)) ? readSweepFile(join(dir, SWEEP_FILE)).summary : DEFAULT_SUMMARY;
  const { rows, searched } = summaryOf(dir, states, spec);
  printSummary(rows, searched, spec, stream);
  return { states, summary: rows };
}

/** A new or unfinished trial's state before this run: a failed trial gets a fresh budget of attempts. */
function freshState(t: Trial, old: TrialState | undefined): TrialState {
  const attempts = old && old.status !== 'failed' ? old.attempts : 0;
  return {
    id: t.id, point_id: t.pointId, overrides: t.overrides, seed: t.seed, status: 'pending', attempts, worker: old?.worker ?? null, pid: null,
    final_return: null, best_return: null, wall_clock_s: old?.wall_clock_s ?? 0, exit_code: null, error: null,
  };
}

function afterAttempt(job: TrialJob, end: AttemptEnd, before: TrialState, maxAttempts: number): Partial<TrialState> {
  const returns = (): EvalReturns => ('returns' in end && end.returns ? end.returns : evalReturns(job.dir));
  switch (end.kind) {
    case 'done':
      return { status: 'done', exit_code: 0, error: null, ...returns() };
    case 'user-error':
      return { status: 'failed', exit_code: end.code, error: `${end.reason ?? `a user error (exit ${end.code})`}, not retried; see ${join(job.dir, TRAIN_LOG)}`, ...returns() };
    case 'stopped':
      return { status: 'pending', attempts: before.attempts - 1, exit_code: null, error: null };
    case 'crash': {
      const how = end.reason ?? (end.signal ? `killed by ${end.signal}` : `exit ${end.code}`);
      const last = end.final === true || before.attempts >= maxAttempts;
      const error = last ? `crashed (${how}) ${end.final ? 'and was not retried' : `on each of ${maxAttempts} attempts`}; see ${join(job.dir, TRAIN_LOG)}` : `crashed (${how}), retrying`;
      return { status: last ? 'failed' : 'pending', exit_code: end.code, error, ...returns() };
    }
  }
}

/**
 * The trial ids name the point and seed only; a folder whose trials ran with another `base` or `set` would be
 * skipped as done with the old settings. Such a folder is refused.
 */
function checkSameSweep(out: string, spec: SweepSpec, file: string): void {
  const path = join(out, SWEEP_FILE);
  if (!existsSync(path)) return;
  const old = parseYaml(readFileSync(path, 'utf8')) as { base?: unknown; set?: unknown } | null;
  const same = JSON.stringify([old?.base, old?.set]) === JSON.stringify([spec.base, spec.set]);
  if (!same) {
    throw new ConfigError(`${out} holds a sweep with another \`base\` or \`set\` than ${file} (see ${path}): its finished trials do not match. Pick another --out, or delete that folder.`);
  }
}

/** Cores divided by the threads one trial uses (DREAMER_THREADS, else `threads`; 0 means every core). */
export function defaultWorkers(configs: readonly Config[], cores = availableParallelism()): number {
  const fromEnv = Number(process.env[THREADS_ENV]);
  const perTrial = Math.max(1, ...configs.map((c) => (fromEnv >= 1 ? Math.floor(fromEnv) : c.threads > 0 ? c.threads : cores)));
  return Math.max(1, Math.floor(cores / perTrial));
}

/** Config keys whose value differs between trials, apart from the seed: the searched keys. */
export function searchedKeys(states: readonly TrialState[]): string[] {
  const keys = [...new Set(states.flatMap((s) => Object.keys(s.overrides)))].filter((k) => k !== 'run.seed');
  return keys.filter((k) => new Set(states.map((s) => JSON.stringify(s.overrides[k]))).size > 1);
}

/**
 * The summary rows of a sweep folder. The default (eval/return_mean at the last eval) comes from trials.jsonl;
 * another metric, or named steps, are read from each finished trial's metrics.jsonl.
 */
function summaryOf(out: string, states: readonly TrialState[], spec: SummarySpec): { rows: PointSummary[]; searched: string[] } {
  const searched = searchedKeys(states);
  if (spec.metric === SUMMARY_METRIC && spec.steps.length === 0) return { rows: summarise(states, searched, spec), searched };
  const curves = new Map<string, TrialCurve>();
  for (const s of states) {
    const dir = join(out, s.id);
    if (s.status === 'done' && existsSync(join(dir, 'metrics.jsonl'))) curves.set(s.id, loadRun(dir, spec.metric));
  }
  return { rows: summarise(states, searched, spec, curves), searched };
}

function finish(out: string, states: TrialState[], spec: SummarySpec, stream: TextStream): PointSummary[] {
  const { rows, searched } = summaryOf(out, states, spec);
  const files = writeSummary(out, rows, searched, spec.metric);
  stream.write(`[sweep] ${countLine(states)}\n`);
  printSummary(rows, searched, spec, stream);
  stream.write(`[sweep] wrote ${files.join(', ')}\n`);
  return rows;
}

function printSummary(rows: readonly PointSummary[], searched: readonly string[], spec: SummarySpec, stream: TextStream): void {
  stream.write(`${spec.metric} at the last eval, mean ± 95 % CI over seeds, best (${spec.mode === 'max' ? 'highest' : 'lowest'}) first:\n`);
  for (const r of rows) {
    const what = searched.length > 0 ? searched.map((k) => `${k}=${JSON.stringify(r.point[k])}`).join(' ') : r.pointId;
    const at = r.atSteps.map((a) => `; at ${a.step}: ${meanCi({ mean: a.mean, ciHigh: a.ciHigh, finals: a.values })}`).join('');
    stream.write(`  ${r.rank}. ${what}: ${meanCi(r)}${at} (${r.finals.length}/${r.seeds} seeds${r.failed > 0 ? `, ${r.failed} failed` : ''})\n`);
  }
}

/** `dreamer plot` of the finished trials into curves.png, one curve per point; a failure is only a note. */
async function plotCurves(out: string, states: TrialState[], metric: string, stream: TextStream): Promise<void> {
  const dirs = states.filter((s) => s.status === 'done' && (metric !== SUMMARY_METRIC || s.final_return !== null)).map((s) => join(out, s.id));
  if (dirs.length === 0) return;
  try {
    const { plotRuns } = await import('../plot/plot.js');
    await plotRuns(dirs, { metric, out: join(out, CURVES_FILE) });
    stream.write(`[sweep] wrote ${join(out, CURVES_FILE)}\n`);
  } catch (err) {
    stream.write(`[sweep] no curves: ${(err as Error).message}\n`);
  }
}

function countLine(states: readonly TrialState[]): string {
  const n = (s: TrialState['status']): number => states.filter((t) => t.status === s).length;
  return `${n('done')}/${states.length} done, ${n('running')} running, ${n('failed')} failed, ${n('pending')} pending`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/** One line per trial start and end, and after each end a sweep line with the counts and an ETA. */
class Progress {
  /** trials that reached done or failed */
  finished = 0;
  /** attempts that ended, and their seconds (for the ETA) */
  private attempts = 0;
  private seconds = 0;

  constructor(
    private readonly book: TrialBook,
    private readonly stream: TextStream,
    private readonly parallelism: () => number,
  ) {}

  started(id: string, worker: string, attempt: number): void {
    this.stream.write(`[sweep] start ${id} on ${worker}${attempt > 1 ? ` (attempt ${attempt})` : ''}\n`);
  }

  ended(s: TrialState, end: AttemptEnd, seconds: number): void {
    const took = `${seconds.toFixed(1)} s`;
    const ret = s.final_return === null ? '' : `, last eval ${s.final_return}`;
    const what = s.status === 'done' ? `done  ${s.id} in ${took}${ret}` : end.kind === 'stopped' ? `stopped ${s.id} (checkpointed; a rerun resumes it)` : `${s.status === 'failed' ? 'failed' : 'crashed'} ${s.id} after ${took}: ${s.error}`;
    this.stream.write(`[sweep] ${what}\n`);
    if (end.kind === 'stopped') return;
    this.attempts += 1;
    this.seconds += seconds;
    if (s.status === 'done' || s.status === 'failed') this.finished += 1;
    const states = this.book.all();
    const left = states.filter((t) => t.status === 'pending' || t.status === 'running').length;
    if (left === 0) return; // the sweep's closing lines follow
    const eta = formatSeconds(((this.seconds / this.attempts) * left) / Math.max(1, this.parallelism()));
    this.stream.write(`[sweep] ${countLine(states)}, ETA ${eta}\n`);
  }
}

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}min`;
  return `${(s / 3600).toFixed(1)}h`;
}
