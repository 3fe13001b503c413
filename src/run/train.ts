import type { Config } from '../config/index.js';
import { saveResolvedConfig } from '../config/index.js';
import { createLogger, EPISODE_RETURN, EVAL_RETURN, FPS, MetricMeans, TRAIN_RATIO, truncateMetricsAfter, type Logger } from '../log/index.js';
import type { TextStream } from '../log/index.js';
import { initBackend } from '../tensor/backend.js';
import { evaluate, mean, std } from './evaluate.js';
import { loadCheckpoint } from './checkpoint.js';
import { NonfiniteGuard, SKIPPED_UPDATES } from './nonfinite.js';
import { RunProfiler } from './profile.js';
import { collectGarbage, setIncrementalMarking } from './full-gc.js';
import type { Agent } from '../../agents/index.js';
import { checkpointNow, CONFIG_JSON, restoreRun, resumeLine, writeRunCheckpoint, type LoopCounters, type RestoredRun } from './resume.js';
import { checkResumeConfig } from './resume-policy.js';
import { Every, Once, Ratio } from './schedule.js';
import { replayMemoryLine } from '../replay/index.js';
import { buildRun, SEED_OFFSETS, type RunParts } from './setup.js';

export interface TrainOptions {
  logdir: string;
  /** console output (tests pass a buffer) */
  stream?: TextStream;
  /** skip printing the backend line */
  quiet?: boolean;
  /** continue the run in `logdir` from its latest complete checkpoint */
  resume?: boolean;
  /** stop (after writing a checkpoint) on SIGINT and SIGTERM; default true */
  handleSignals?: boolean;
  /** stop (after writing a checkpoint) once aborted, e.g. after a wall-time budget (`dreamer bench memory`) */
  signal?: AbortSignal;
}

export interface TrainResult {
  steps: number;
  updates: number;
  /** [env step, eval mean return] after each evaluation */
  evals: [number, number][];
  /** the run stopped early on a signal or the abort signal (a checkpoint was written) */
  interrupted?: boolean;
  /** the signal that stopped it, if one did */
  signal?: StopSignal;
  /** the last checkpoint written */
  checkpoint?: string;
}

/** `DREAMER_THREADS=1` caps the wasm/BLAS threads: on a machine shared with other jobs one thread is faster. */
export const THREADS_ENV = 'DREAMER_THREADS';

/** Backend threads: DREAMER_THREADS if set, else the config's `threads` (0: the backend's default). */
export function backendThreads(cfg: Config): number | undefined {
  const raw = process.env[THREADS_ENV];
  if (raw !== undefined && raw !== '') return Math.max(1, Math.floor(Number(raw)) || 1);
  return cfg.threads > 0 ? cfg.threads : undefined;
}

/**
 * The training loop, top to bottom: collect one vector step -> add it to the replay -> train at the train ratio
 * -> evaluate every `run.eval_every` env steps -> log. Prefill uses the uniform-random policy.
 * A resume restores everything (and may fail) before anything in the run folder is written.
 */
export async function train(cfg: Config, opts: TrainOptions): Promise<TrainResult> {
  await initBackend(cfg.backend, { quiet: opts.quiet, threads: backendThreads(cfg), nativeBlas: cfg.native_blas });
  const checkpoint = opts.resume ? loadCheckpoint(opts.logdir) : undefined;
  const saved = checkpoint?.json[CONFIG_JSON] as Config | undefined;
  if (checkpoint && saved) checkResumeConfig(saved, cfg, checkpoint.path);
  const parts = await buildRun(cfg);
  // Beside the backend line: the memory the replay holds once full (it is allocated now, all of it).
  if (!opts.quiet) console.log(replayMemoryLine(parts.replay));
  const means = new MetricMeans();
  parts.driver.reset(parts.explorer, cfg.run.seed);
  let start: LoopCounters;
  let acting: Agent = parts.explorer; // a fresh run fills the replay with the explorer first
  try {
    if (checkpoint) ({ counters: start, acting } = resumed(restoreRun(checkpoint, cfg.env.id, parts, means), opts.stream));
    else start = freshCounters(cfg);
  } catch (err) {
    closeParts(parts);
    throw err;
  }
  // The run starts: now its folder may change. Drop the metrics a stopped run wrote after its last checkpoint.
  if (checkpoint) truncateMetricsAfter(opts.logdir, checkpoint.step);
  saveResolvedConfig(opts.logdir, cfg);
  const totalUpdates = parts.learns && cfg.run.train_ratio > 0 ? schedules(cfg, start).train.owed(cfg.run.steps, 0) : 0;
  const logger = createLogger({ dir: opts.logdir, log: cfg.log, totalSteps: cfg.run.steps, totalUpdates, start: { step: start.steps, updates: start.updates }, stream: opts.stream });
  const stop = new StopSignals(opts.stream);
  if (opts.handleSignals !== false) stop.listen();
  try {
    return await runLoop(cfg, parts, { start, acting, means, logger, opts, stop });
  } finally {
    stop.close();
    logger.close();
    closeParts(parts);
  }
}

function closeParts(parts: RunParts): void {
  parts.driver.close(parts.agent);
  parts.evalDriver.close(parts.agent);
}

/** The shell's exit code for a process stopped by a signal: 128 + its number. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * SIGINT (Ctrl-C) and SIGTERM (`kill`, `timeout`, Slurm, `docker stop`, Kubernetes) both stop the run after the
 * current step with a checkpoint; a second signal exits at once (with the first one's code).
 */
class StopSignals {
  received: StopSignal | undefined;
  private readonly handlers = new Map<StopSignal, () => void>();

  constructor(private readonly stream: TextStream | undefined) {}

  listen(): void {
    for (const signal of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) {
      const handler = (): void => this.receive(signal);
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  private receive(signal: StopSignal): void {
    if (this.received) {
      (this.stream ?? process.stdout).write(`${signal} again: exiting now, without a checkpoint\n`);
      process.exit(SIGNAL_EXIT_CODES[this.received]);
      return; // (process.exit does not return, but a test may stub it)
    }
    this.received = signal;
    (this.stream ?? process.stdout).write(`${signal}: stopping after this step with a checkpoint (send it again to exit at once)\n`);
  }

  close(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    this.handlers.clear();
  }
}

interface LoopContext {
  /** the counters the loop continues from */
  start: LoopCounters;
  /** the policy stepping the envs first (a resumed run's, with its carry in the driver) */
  acting: Agent;
  means: MetricMeans;
  logger: Logger;
  opts: TrainOptions;
  stop: StopSignals;
}

async function runLoop(cfg: Config, parts: RunParts, { start: saved, acting: first, means, logger, opts, stop }: LoopContext): Promise<TrainResult> {
  const { driver, agent, replay } = parts;
  const { steps: totalSteps, seed, prefill, eval_every: evalEvery } = cfg.run;
  const { batch_size: batchSize, seq_len: seqLen } = cfg.replay;
  const learns = parts.learns && cfg.run.train_ratio > 0;
  setIncrementalMarking(cfg.run.incremental_marking);
  const profiler = new RunProfiler(); // time/*_frac and sys/* of each log record
  // The one set of counters: what the loop reads and the result it returns.
  const c: TrainResult = { steps: saved.steps, updates: saved.updates, evals: saved.evals };
  driver.envSteps = c.steps;
  const when = schedules(cfg, saved);
  const guard = new NonfiniteGuard(cfg.run.max_nonfinite_updates, saved.nonfiniteInRow, saved.skippedUpdates);
  let lastLogStep = saved.lastLogStep;
  let [fpsStep, fpsTime] = [c.steps, logger.elapsed()]; // fps counts the steps of this process only
  let acting = first;

  const checkpoint = (): void => {
    const { steps, updates, evals } = c;
    const schedule = { lastLogStep, nextEval: when.eval.next, nextCheckpoint: when.checkpoint.next };
    const counters: LoopCounters = { steps, updates, evals, ...schedule, nonfiniteInRow: guard.inRow, skippedUpdates: guard.skipped };
    c.checkpoint = writeRunCheckpoint(opts.logdir, cfg, parts, acting, counters, means);
  };
  const runEval = (): void => {
    const ev = profiler.time('eval', () => evaluate(parts.evalDriver, agent, cfg.run.eval_episodes, seed + SEED_OFFSETS.eval + c.steps));
    const m = mean(ev.returns);
    c.evals.push([c.steps, m]);
    logger.log(c.steps, { [EVAL_RETURN]: m, 'eval/return_std': std(ev.returns), 'eval/length_mean': mean(ev.lengths) });
  };
  const writeLog = (): void => {
    const now = logger.elapsed();
    const replayed = c.updates * batchSize * seqLen;
    logger.log(c.steps, {
      ...means.take(),
      [FPS]: (c.steps - fpsStep) / Math.max(now - fpsTime, 1e-9),
      [TRAIN_RATIO]: replayed / (c.steps / cfg.env.action_repeat), // per agent step, as the ratio is set
      'train/updates': c.updates,
      [SKIPPED_UPDATES]: guard.skipped,
      'replay/size': replay.size,
      ...profiler.take(),
    });
    [lastLogStep, fpsStep, fpsTime] = [c.steps, c.steps, now];
    when.log.fired(c.steps);
  };

  while (c.steps < totalSteps) {
    replay.add(driver.row());
    if (acting !== agent && c.steps >= prefill) {
      driver.dropState(acting); // hand the carried state over: the agent starts its own
      acting = agent;
    }
    const ends = profiler.time('env', () => driver.step(profiler.timedPolicy(acting), 'explore'));
    // Steps count control steps, DreamerV3's env steps: each agent step is env.action_repeat of them per sub-env.
    const stepped = driver.numEnvs * driver.actionRepeat;
    for (const end of ends) logger.log(c.steps + stepped, { [EPISODE_RETURN]: end.return, 'episode/length': end.length });
    c.steps += stepped;

    // Train so that replayed steps / agent steps tracks the train ratio (catching up once prefill ends).
    const training = learns && c.steps >= prefill;
    if (when.catchUp.take(training)) announceCatchUp(when.train.owed(c.steps, c.updates), cfg, opts.stream);
    for (let n = training && replay.sequenceCount(seqLen) > 0 ? when.train.owed(c.steps, c.updates) : 0; n > 0; n--) {
      const metrics = profiler.time('train', () => agent.train(replay.sample(batchSize, seqLen)));
      if (guard.check(metrics, c.steps)) means.addAll(metrics);
      c.updates += 1;
    }

    if (when.eval.take(c.steps)) runEval();
    if (when.log.due(c.steps) || c.steps >= totalSteps) writeLog();
    if (when.gc.take(c.steps)) collectGarbage(); // bounds RSS: V8 otherwise lets garbage pile up towards its heap limit
    // A due checkpoint is written at once unless waiting for an episode start would make it exact (checkpointNow).
    if (when.checkpoint.due(c.steps) && checkpointNow(parts, acting, c.steps - when.checkpoint.next, when.checkpoint.period)) {
      when.checkpoint.fired(c.steps);
      checkpoint();
    }
    if (when.yieldToEvents.take(performance.now())) await yieldToEvents(); // lets a Ctrl-C (SIGINT) handler run
    if (stop.received || opts.signal?.aborted) {
      checkpoint();
      driver.dropState(acting);
      return { ...c, interrupted: true, ...(stop.received && { signal: stop.received }) };
    }
  }
  if (evalEvery > 0 && c.evals.at(-1)?.[0] !== c.steps) runEval();
  checkpoint();
  driver.dropState(acting);
  return c;
}

/** The restored run, after saying which checkpoint it continues and how. */
function resumed(restored: RestoredRun, stream: TextStream | undefined): RestoredRun {
  (stream ?? process.stdout).write(`${resumeLine(restored.checkpoint, restored.how)}\n`);
  return restored;
}

/** The counters of a run that starts from step 0. */
function freshCounters(cfg: Config): LoopCounters {
  const { eval_every: nextEval, checkpoint_every: nextCheckpoint } = cfg.run;
  return { steps: 0, updates: 0, nextEval, nextCheckpoint, lastLogStep: 0, evals: [], nonfiniteInRow: 0, skippedUpdates: 0 };
}

/** Every periodic moment of the loop, continuing from `c` (a fresh run's or a checkpoint's counters). */
function schedules(cfg: Config, c: LoopCounters) {
  const { train_ratio: ratio, eval_every: evalEvery, log_every: logEvery, gc_every: gcEvery, checkpoint_every: ckptEvery } = cfg.run;
  return {
    // Env (control) steps per update: DreamerV3's train ratio counts replayed steps per agent step (what the replay
    // holds), and each agent step is action_repeat control steps.
    train: new Ratio(((cfg.replay.batch_size * cfg.replay.seq_len) / ratio) * cfg.env.action_repeat),
    catchUp: new Once(c.updates > 0), // a resumed run has caught up already
    eval: new Every(evalEvery, c.nextEval, 'grid'),
    log: new Every(logEvery, c.lastLogStep + logEvery, 'step'),
    gc: new Every(gcEvery, c.steps + gcEvery, 'step'),
    checkpoint: new Every(ckptEvery, c.nextCheckpoint, 'multiple'),
    yieldToEvents: new Every(YIELD_EVERY_MS, performance.now() + YIELD_EVERY_MS, 'step'),
  };
}

/** Many updates due at once after the prefill leave the console silent for minutes: say why. */
function announceCatchUp(due: number, cfg: Config, stream: TextStream | undefined): void {
  if (due < CATCH_UP_NOTICE_UPDATES) return;
  (stream ?? process.stdout).write(`training: ${due} updates due at once after the prefill (train ratio ${cfg.run.train_ratio}); ` +
    'the next progress line comes when they are done\n');
}

/**
 * Milliseconds between returns to the event loop (for Ctrl-C and the abort signal). Not every step: each return
 * let V8 run ~0.5 ms of scheduled heap work, 1.5 ms per env step in all, ~10 % of a fast CartPole run.
 */
const YIELD_EVERY_MS = 50;

/** Updates due at once after the prefill from which a line says so (otherwise the console is silent for minutes). */
const CATCH_UP_NOTICE_UPDATES = 20;

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
