import type { Config } from '../config/index.js';
import { saveResolvedConfig } from '../config/index.js';
import { createLogger, EPISODE_RETURN, EVAL_RETURN, FPS, MetricMeans, TRAIN_RATIO, truncateMetricsAfter, type Logger } from '../log/index.js';
import type { TextStream } from '../log/index.js';
import { initBackend } from '../tensor/backend.js';
import { evaluate, mean, std } from './evaluate.js';
import { resolveCheckpoint } from './checkpoint.js';
import { NonfiniteGuard, SKIPPED_UPDATES } from './nonfinite.js';
import { RunProfiler } from './profile.js';
import { collectGarbage, setIncrementalMarking } from './full-gc.js';
import { exactMoment, restoreRun, writeRunCheckpoint, type LoopCounters } from './resume.js';
import { buildRun, SEED_OFFSETS, type RunParts } from './setup.js';

export interface TrainOptions {
  logdir: string;
  /** console output (tests pass a buffer) */
  stream?: TextStream;
  /** skip printing the backend line */
  quiet?: boolean;
  /** continue the run in `logdir` from its latest complete checkpoint */
  resume?: boolean;
  /** stop (after writing a checkpoint) on SIGINT; default true */
  handleSigint?: boolean;
  /** stop (after writing a checkpoint) once aborted, e.g. after a wall-time budget (`dreamer bench memory`) */
  signal?: AbortSignal;
}

export interface TrainResult {
  steps: number;
  updates: number;
  /** [env step, eval mean return] after each evaluation */
  evals: [number, number][];
  /** the run stopped early on Ctrl-C (a checkpoint was written) */
  interrupted?: boolean;
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
 */
export async function train(cfg: Config, opts: TrainOptions): Promise<TrainResult> {
  await initBackend(cfg.backend, { quiet: opts.quiet, threads: backendThreads(cfg), nativeBlas: cfg.native_blas });
  const parts = await buildRun(cfg);
  // Drop the metrics a stopped run wrote after its last checkpoint before logging again.
  if (opts.resume) truncateMetricsAfter(opts.logdir, Number(/(\d+)$/.exec(resolveCheckpoint(opts.logdir))?.[1] ?? 0));
  saveResolvedConfig(opts.logdir, cfg);
  const logger = createLogger({ dir: opts.logdir, log: cfg.log, totalSteps: cfg.run.steps, stream: opts.stream });
  const stop = { requested: false };
  const onSigint = (): void => void (stop.requested = true);
  if (opts.handleSigint !== false) process.on('SIGINT', onSigint);
  try {
    return await runLoop(cfg, parts, logger, opts, stop);
  } finally {
    process.off('SIGINT', onSigint);
    logger.close();
    parts.driver.close(parts.agent);
    parts.evalDriver.close(parts.agent);
  }
}

async function runLoop(cfg: Config, parts: RunParts, logger: Logger, opts: TrainOptions, stop: { requested: boolean }): Promise<TrainResult> {
  const { driver, agent, explorer: random, replay } = parts;
  const { steps: totalSteps, seed, train_ratio: ratio, prefill, eval_every: evalEvery, log_every: logEvery } = cfg.run;
  const { batch_size: batchSize, seq_len: seqLen } = cfg.replay;
  const stepsPerUpdate = (batchSize * seqLen) / ratio; // env steps per update (DreamerV3's train ratio)
  const learns = parts.learns && ratio > 0;
  const ckptEvery = cfg.run.checkpoint_every;
  const gcEvery = cfg.run.gc_every;
  setIncrementalMarking(cfg.run.incremental_marking);
  const means = new MetricMeans();
  const profiler = new RunProfiler(); // time/*_frac and sys/* of each log record
  let c: LoopCounters = {
    steps: 0, updates: 0, nextEval: evalEvery, nextCheckpoint: ckptEvery, lastLogStep: 0, evals: [], nonfiniteInRow: 0, skippedUpdates: 0,
  };
  driver.reset(random, seed);
  if (opts.resume) c = restoreRun(opts.logdir, parts, means).counters;
  driver.envSteps = c.steps;
  // `result` and the loop variables below are views of the counters the checkpoint saves.
  const result: TrainResult = { steps: c.steps, updates: c.updates, evals: c.evals };
  let [lastLogStep, lastLogTime, nextEval] = [c.lastLogStep, logger.elapsed(), c.nextEval];
  let nextGc = c.steps + gcEvery;
  let announcedCatchUp = c.updates > 0; // a resumed run has caught up already
  let lastYield = performance.now();
  let acting = random;
  const guard = new NonfiniteGuard(cfg.run.max_nonfinite_updates, c.nonfiniteInRow, c.skippedUpdates);
  const checkpoint = (): void => {
    Object.assign(c, { steps: result.steps, updates: result.updates, nextEval, lastLogStep, evals: result.evals });
    Object.assign(c, { nonfiniteInRow: guard.inRow, skippedUpdates: guard.skipped });
    result.checkpoint = writeRunCheckpoint(opts.logdir, cfg, parts, c, means);
  };

  const runEval = (): void => {
    const ev = profiler.time('eval', () => evaluate(parts.evalDriver, agent, cfg.run.eval_episodes, seed + SEED_OFFSETS.eval + result.steps));
    const m = mean(ev.returns);
    result.evals.push([result.steps, m]);
    logger.log(result.steps, { [EVAL_RETURN]: m, 'eval/return_std': std(ev.returns), 'eval/length_mean': mean(ev.lengths) });
  };

  while (result.steps < totalSteps) {
    replay.add(driver.row());
    if (acting === random && result.steps >= prefill && agent !== random) {
      driver.dropState(random); // hand the carried state over: the agent starts its own
      acting = agent;
    }
    const ends = profiler.time('env', () => driver.step(profiler.timedPolicy(acting), 'explore'));
    for (const end of ends) {
      logger.log(result.steps + driver.numEnvs, { [EPISODE_RETURN]: end.return, 'episode/length': end.length });
    }
    result.steps += driver.numEnvs;

    // Train so that replayed steps / env steps tracks the train ratio (catching up once prefill ends).
    if (learns && result.steps >= prefill && !announcedCatchUp) {
      announcedCatchUp = true;
      const due = Math.ceil(result.steps / stepsPerUpdate) - result.updates;
      if (due >= CATCH_UP_NOTICE_UPDATES) {
        (opts.stream ?? process.stdout).write(`training: ${due} updates due at once after the prefill (train ratio ${ratio}); ` +
          'the next progress line comes when they are done\n');
      }
    }
    while (learns && result.steps >= prefill && replay.sequenceCount(seqLen) > 0 && result.updates < result.steps / stepsPerUpdate) {
      const metrics = profiler.time('train', () => agent.train(replay.sample(batchSize, seqLen)));
      if (guard.check(metrics, result.steps)) means.addAll(metrics);
      result.updates += 1;
    }

    if (evalEvery > 0 && result.steps >= nextEval) {
      runEval();
      nextEval += evalEvery;
    }
    if (result.steps - lastLogStep >= logEvery || result.steps >= totalSteps) {
      const now = logger.elapsed();
      const replayed = result.updates * batchSize * seqLen;
      logger.log(result.steps, {
        ...means.take(),
        [FPS]: (result.steps - lastLogStep) / Math.max(now - lastLogTime, 1e-9),
        [TRAIN_RATIO]: replayed / result.steps,
        'train/updates': result.updates,
        [SKIPPED_UPDATES]: guard.skipped,
        'replay/size': replay.size,
        ...profiler.take(),
      });
      [lastLogStep, lastLogTime] = [result.steps, now];
    }
    if (gcEvery > 0 && result.steps >= nextGc) {
      collectGarbage(); // bounds RSS: V8 otherwise lets garbage pile up towards its heap limit
      nextGc = result.steps + gcEvery;
    }
    // Checkpoint once due at a moment that restores exactly, or anyway a full period late (envs that never align).
    const due = ckptEvery > 0 && result.steps >= c.nextCheckpoint;
    if (due && (exactMoment(parts) || result.steps >= c.nextCheckpoint + ckptEvery)) {
      c.nextCheckpoint = (Math.floor(result.steps / ckptEvery) + 1) * ckptEvery;
      checkpoint();
    }
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEvents(); // lets a Ctrl-C (SIGINT) handler run
      lastYield = performance.now();
    }
    if (stop.requested || opts.signal?.aborted) {
      checkpoint();
      result.interrupted = true;
      driver.dropState(acting);
      return result;
    }
  }
  if (evalEvery > 0 && result.evals.at(-1)?.[0] !== result.steps) runEval();
  checkpoint();
  driver.dropState(acting);
  return result;
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
