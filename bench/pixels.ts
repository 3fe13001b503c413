/**
 * `dreamer bench pixels`: our real DreamerAgent on 64×64×3 frames, the agent-level twin of `bench cnn` (which times
 * only the reference encoder + decoder). Two workloads (docs/performance.md, "The pixel workload"):
 *
 *   update: `agent.trainModel` then `agent.behavior.train` (what `agent.train` does) on one replayed batch
 *     [B, T] of uint8 frames, timed as warm-up + timed reps: ms per world-model update, per full update
 *     (world model + actor-critic), and replayed frames (B·T) per second of full update.
 *   act: the agent contract's `policy` call (agents/api.ts) with one frame per sub-env, for 1, 4 and 16 sub-envs:
 *     the acting latency a training run pays per vector-env step, as the median ms over many calls.
 *
 * Networks are a preset's (default cartpole_pixels: CNN depth 16, RSSM 128, MLPs 2 × 128) with the observation
 * space env.obs=pixels gives, Box uint8 [64, 64, 3], and CartPole's Discrete(2) actions. The data is random: the
 * speed of an update does not depend on what the frames show.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { DreamerAgent, type DreamerPolicyState } from '../agents/dreamer/agent.js';
import type { ActionSpec } from '../agents/api.js';
import { loadConfig } from '../src/config/index.js';
import { Box } from '../src/env/spaces/box.js';
import type { SequenceBatch } from '../src/replay/index.js';
import { observationLayout } from '../src/run/obs-layout.js';
import { describeBackend, initBackend, type BackendChoice } from '../src/tensor/backend.js';
import type { NativeBlasChoice } from '../src/tensor/kernels/native-blas.js';
import { TensorRng } from '../src/tensor/random.js';
import { ConfigError, DreamerError } from '../src/util/errors.js';
import type { Bench } from './bench.js';
import { formatKernelProfile, profileKernels } from './kernel-profile.js';
import { timeV3Step } from './step-v3.js';

/** The defaults of the command; every one has a flag of the same name. */
export const PIXELS_DEFAULTS = {
  config: 'cartpole_pixels',
  warmup: 1,
  reps: 3,
  /** policy calls per sub-env count, after `actWarmup` untimed ones */
  calls: 50,
  actWarmup: 5,
  envs: [1, 4, 16],
  seed: 0,
} as const;

/** CartPole-v1's actions (the preset's env). */
const ACTION_SPEC: ActionSpec = { kind: 'discrete', n: 2 };

export interface PixelsOptions {
  config: string;
  /** agent.cnn.depth; undefined: the preset's */
  depth?: number;
  /** replay.batch_size (B) and replay.seq_len (T); undefined: the preset's */
  batch?: number;
  seq?: number;
  warmup: number;
  reps: number;
  calls: number;
  actWarmup: number;
  envs: number[];
  seed: number;
  /** one more update after the timed ones, every kernel counted and timed (not in the figures) */
  profile?: boolean;
}

export interface PixelsFigures {
  image: number[];
  depth: number;
  batch: number;
  seq: number;
  /** mean over the timed reps */
  wm_update_ms: number;
  ac_update_ms: number;
  update_ms: number;
  /** B·T replayed frames per second of full update */
  frames_per_s: number;
  /** sub-env count -> median ms per policy call */
  act_ms: Record<string, number>;
  /** live tensors after the run (equal after the last warm-up and every timed rep and call, or the run fails) */
  tensors: number;
}

/** A replayed batch [B, T, ·] of random uint8 frames (as floats 0..255), one-hot actions; every sequence starts an episode. */
export function pixelBatch(rng: TensorRng, obsSize: number, batchSize: number, seqLen: number): SequenceBatch {
  const n = batchSize * seqLen;
  const obs = randomPixels(rng, n * obsSize);
  const A = ACTION_SPEC.kind === 'discrete' ? ACTION_SPEC.n : ACTION_SPEC.dims;
  const action = new Float32Array(n * A);
  for (let i = 0; i < n; i++) action[i * A + (i % A)] = 1;
  const reward = rng.normal([n]);
  const isFirst = new Float32Array(n);
  for (let b = 0; b < batchSize; b++) isFirst[b * seqLen] = 1;
  const out: SequenceBatch = {
    batchSize, seqLen, obsDim: obsSize, actionDim: A,
    obs, action, reward: Float32Array.from(reward.dataSync() as Float32Array), isFirst,
    isLast: new Float32Array(n), isTerminal: new Float32Array(n), cont: new Float32Array(n).fill(1),
  };
  reward.dispose();
  return out;
}

/** `size` integer pixel values 0..255, as the replay hands uint8 frames to the agent. */
function randomPixels(rng: TensorRng, size: number): Float32Array {
  const u = rng.uniform([size], 0, 256);
  const out = Float32Array.from(u.dataSync() as Float32Array, Math.floor);
  u.dispose();
  return out;
}

/** Throws unless every count is the first: a leak in the timed loop would inflate later reps (and a long run's memory). */
export function assertFlat(what: string, counts: number[]): void {
  if (counts.some((c) => c !== counts[0])) {
    throw new DreamerError(`bench pixels: live tensors changed across the timed ${what} (${counts.join(', ')}): a tensor leaks; find it with tf.memory() around the step.`);
  }
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Builds the agent and runs both workloads (backend already up); prints a line per rep and per sub-env count. */
export function runPixels(o: PixelsOptions): PixelsFigures {
  const overrides = [
    ...(o.depth === undefined ? [] : [`agent.cnn.depth=${o.depth}`]),
    ...(o.batch === undefined ? [] : [`replay.batch_size=${o.batch}`]),
    ...(o.seq === undefined ? [] : [`replay.seq_len=${o.seq}`]),
  ];
  const cfg = loadConfig({ config: o.config, overrides });
  const [H, W] = cfg.env.image_size as [number, number];
  const image = [H, W, cfg.env.grayscale ? 1 : 3];
  const layout = observationLayout('bench', new Box({ low: 0, high: 255, shape: image, dtype: 'uint8' }));
  const agent = new DreamerAgent(cfg.agent, layout, ACTION_SPEC, o.seed);
  const obsSize = layout[0]!.size;
  const { batch_size: B, seq_len: T } = cfg.replay;
  const rng = new TensorRng(o.seed + 1);
  console.log(
    `pixels: ${o.config}, frames ${image.join('x')} uint8, cnn depth ${cfg.agent.cnn.depth} x [${cfg.agent.cnn.mults.join(', ')}], ` +
      `batch ${B} x ${T}, params ${JSON.stringify(agent.report())}; ${o.warmup} warm-up + ${o.reps} timed updates`,
  );

  const batch = pixelBatch(rng, obsSize, B, T);
  const trainBehavior: Parameters<typeof timeV3Step>[2] = (s, c) => agent.behavior.train(s, c);
  const wm: number[] = [];
  const ac: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < o.warmup + o.reps; i++) {
    const s = timeV3Step(agent, batch, trainBehavior);
    const timed = i >= o.warmup;
    if (timed) {
      wm.push(s.wmMs);
      ac.push(s.acMs);
    }
    // From the last warm-up on (the first update creates the optimisers' moments): so one timed rep is checked too.
    if (i >= o.warmup - 1) counts.push(tf.memory().numTensors);
    console.log(
      `${timed ? 'update' : 'warmup'} wm ${s.wmMs.toFixed(0)} ms + actor-critic ${s.acMs.toFixed(0)} ms, model loss ` +
        `${s.modelLoss.toFixed(1)} | tensors ${tf.memory().numTensors}`,
    );
  }
  assertFlat('updates', counts);
  if (o.profile) {
    let out: ReturnType<DreamerAgent['trainModel']> | undefined;
    const wmProfile = profileKernels(() => void (out = agent.trainModel(batch)));
    const acProfile = profileKernels(() => void trainBehavior(out!.start, out!.startCont));
    tf.dispose([out!.start.deter, out!.start.stoch, out!.startCont]);
    console.log(formatKernelProfile('world model', wmProfile, 20));
    console.log(formatKernelProfile('actor-critic', acProfile));
  }

  const actMs: Record<string, number> = {};
  for (const n of o.envs) {
    const obs = randomPixels(rng, n * obsSize);
    const starts = new Array<boolean>(n).fill(true);
    const going = new Array<boolean>(n).fill(false);
    let state: DreamerPolicyState | undefined;
    const times: number[] = [];
    const live: number[] = [];
    for (let i = 0; i < o.actWarmup + o.calls; i++) {
      const t0 = performance.now();
      state = agent.policy(obs, i === 0 ? starts : going, state, 'explore').state;
      const ms = performance.now() - t0;
      if (i >= o.actWarmup) times.push(ms);
      if (i >= o.actWarmup - 1) live.push(tf.memory().numTensors);
    }
    assertFlat(`policy calls with ${n} sub-envs`, live);
    agent.disposeState(state!);
    actMs[String(n)] = round2(median(times));
    console.log(`act ${n} sub-env${n === 1 ? '' : 's'}: median ${actMs[String(n)]} ms per call over ${o.calls} (min ${Math.min(...times).toFixed(2)})`);
  }

  const wmMs = mean(wm);
  const acMs = mean(ac);
  const figures: PixelsFigures = {
    image, depth: cfg.agent.cnn.depth, batch: B, seq: T,
    wm_update_ms: round2(wmMs), ac_update_ms: round2(acMs), update_ms: round2(wmMs + acMs),
    frames_per_s: round2((B * T) / ((wmMs + acMs) / 1000)), act_ms: actMs, tensors: tf.memory().numTensors,
  };
  return figures;
}

/** An integer flag >= `min`, or its default; anything else is refused naming the flag. */
function intFlag(args: Record<string, unknown>, name: string, fallback?: number, min = 1): number | undefined {
  const v = args[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`bench pixels: --${name} ${String(v)} is not an integer >= ${min}: give e.g. --${name} 4.`);
  return n;
}

/** `--envs 1,4,16` -> [1, 4, 16]. */
function envsFlag(v: unknown): number[] {
  if (v === undefined) return [...PIXELS_DEFAULTS.envs];
  const out = String(v).split(',').map(Number);
  if (out.some((n) => !Number.isInteger(n) || n < 1)) throw new ConfigError(`bench pixels: --envs ${String(v)} is not a list of sub-env counts: give e.g. --envs 1,4,16.`);
  return out;
}

const loadAvg = (): number[] => os.loadavg().map((l) => Math.round(l * 10) / 10);

export const pixelsBench: Bench = {
  name: 'pixels',
  describe:
    'the real agent on 64x64x3 frames (preset cartpole_pixels): ms per world-model and full update, frames/s, and policy-call latency for 1/4/16 sub-envs (--depth, --batch, --seq, --envs, --threads, --profile)',
  async run(args) {
    const info = await initBackend(String(args.backend ?? 'auto') as BackendChoice, {
      threads: intFlag(args, 'threads'),
      nativeBlas: (args['native-blas'] ?? args.nativeBlas ?? 'auto') as NativeBlasChoice,
      quiet: true,
    });
    console.log(describeBackend(info));
    const d = PIXELS_DEFAULTS;
    const loadBefore = loadAvg();
    const figures = runPixels({
      config: String(args.config ?? d.config),
      depth: intFlag(args, 'depth'),
      batch: intFlag(args, 'batch'),
      seq: intFlag(args, 'seq'),
      warmup: intFlag(args, 'warmup', d.warmup, 0)!,
      reps: intFlag(args, 'reps', d.reps)!,
      calls: intFlag(args, 'calls', d.calls)!,
      actWarmup: d.actWarmup,
      envs: envsFlag(args.envs),
      seed: intFlag(args, 'seed', d.seed, 0)!,
      profile: Boolean(args.profile),
    });
    const summary = {
      backend: info.nativeBlas ? `${info.backend}+native` : info.backend,
      threads: info.blasThreads ?? info.threads,
      ...figures,
      load_before: loadBefore,
      load_after: loadAvg(),
    };
    console.log(
      `mean: world model ${summary.wm_update_ms} ms, full update ${summary.update_ms} ms (${summary.frames_per_s} frames/s); ` +
        `act ${Object.entries(summary.act_ms).map(([n, ms]) => `${n}: ${ms} ms`).join(', ')}; load ${loadBefore.join(' ')} -> ${summary.load_after.join(' ')}`,
    );
    if (args.json) console.log(JSON.stringify(summary));
  },
};
