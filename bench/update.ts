/**
 * `dreamer bench update [--config cartpole] [--threads N] [--native-blas off] [--profile]`: the agent update a training run
 * makes (`agent.train` on one replayed batch of the preset's size), timed as 3 warm-up + `--reps` (default 10)
 * updates on random data. Reports min and median wall time per update, the CPU time of the process, and the
 * load average before and after, so a figure from a shared machine says so.
 * Run it once per thread count, one after the other (never two at once): each run is one process.
 * `--profile` adds one more update with every kernel counted and timed (bench/kernel-profile.ts).
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { DreamerAgent } from '../agents/dreamer/agent.js';
import { loadConfig } from '../src/config/index.js';
import type { SequenceBatch } from '../src/replay/index.js';
import { describeBackend, initBackend } from '../src/tensor/backend.js';
import type { NativeBlasChoice } from '../src/tensor/kernels/native-blas.js';
import { TensorRng } from '../src/tensor/random.js';
import type { Bench } from './bench.js';
import { formatKernelProfile, profileKernels } from './kernel-profile.js';

const WARMUP = 3;
/** CartPole-v1: 4-d observation, 2 discrete actions (the vector envs the presets train on are this small). */
const OBS_DIM = 4;
const ACTIONS = 2;

function randomBatch(rng: TensorRng, batchSize: number, seqLen: number): SequenceBatch {
  const read = (t: tf.Tensor): Float32Array => {
    const data = Float32Array.from(t.dataSync() as Float32Array);
    t.dispose();
    return data;
  };
  const n = batchSize * seqLen;
  const action = new Float32Array(n * ACTIONS);
  for (let i = 0; i < n; i++) action[i * ACTIONS + (i % ACTIONS)] = 1; // one-hot
  const isFirst = new Float32Array(n);
  for (let b = 0; b < batchSize; b++) isFirst[b * seqLen] = 1;
  return {
    batchSize, seqLen, obsDim: OBS_DIM, actionDim: ACTIONS,
    obs: read(rng.normal([batchSize, seqLen, OBS_DIM])), action, reward: new Float32Array(n).fill(1), isFirst,
    isLast: new Float32Array(n), isTerminal: new Float32Array(n), cont: new Float32Array(n).fill(1),
  };
}

const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');

export const updateBench: Bench = {
  name: 'update',
  describe: 'time the agent update of a preset (default cartpole) on its batch size: --threads, --native-blas off, --profile',
  async run(args) {
    const preset = String(args.config ?? 'cartpole');
    const reps = Number(args.reps ?? 10);
    const threads = args.threads === undefined ? undefined : Number(args.threads);
    const nativeBlas = (args['native-blas'] ?? args.nativeBlas ?? 'auto') as NativeBlasChoice;
    const info = await initBackend('wasm', { threads, nativeBlas, quiet: true });
    console.log(describeBackend(info));
    const cfg = loadConfig({ config: preset });
    const agent = new DreamerAgent(cfg.agent, OBS_DIM, { kind: 'discrete', n: ACTIONS }, cfg.run.seed);
    const batch = randomBatch(new TensorRng(1), cfg.replay.batch_size, cfg.replay.seq_len);
    const loadBefore = load();
    const wall: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < WARMUP + reps; i++) {
      const start = performance.now();
      agent.train(batch);
      if (i >= WARMUP) wall.push(performance.now() - start);
    }
    const cpu = process.cpuUsage(cpu0);
    wall.sort((a, b) => a - b);
    const summary = {
      preset, threads: info.blasThreads ?? info.threads, native: info.nativeBlas ?? 'none',
      min_ms: Math.round(wall[0]! * 10) / 10, median_ms: Math.round(wall[Math.floor(wall.length / 2)]! * 10) / 10,
      cpu_ms_per_update: Math.round((cpu.user + cpu.system) / 1000 / (WARMUP + reps)),
      load_before: loadBefore, load_after: load(), tensors: tf.memory().numTensors,
    };
    console.log(`${preset} update: min ${summary.min_ms} ms, median ${summary.median_ms} ms over ${reps} ` +
      `(cpu ${summary.cpu_ms_per_update} ms per update; load ${summary.load_before} -> ${summary.load_after})`);
    if (args.profile) console.log(formatKernelProfile(`${preset} update`, profileKernels(() => void agent.train(batch)), 20));
    if (args.json) console.log(JSON.stringify(summary));
  },
};
