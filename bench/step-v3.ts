/**
 * `dreamer bench step --workload v3`: one training update of our real DreamerAgent (agents/dreamer) at DreamerV3
 * "S" size, timed as world-model update (`trainModel`) then actor-critic update (`behavior.train`), exactly what
 * `agent.train` does in a training run. The PyTorch twin is bench/peers/torch_dreamer_v3_step.py.
 *
 * Sizes (all other agent settings are configs/defaults.yaml's):
 *   batch B 16 × T 64, obs 17 (vector, symlog inputs), Box action 6; categorical latent 32 × 32 (1 % unimix);
 *   GRU 512 (DreamerV3 cell: one dense over [x, h] → LayerNorm → gates); img_in / prior / posterior nets 1 × 512;
 *   encoder 17 → 512 → 512, decoder, reward (255 two-hot bins), continue, actor (12 outputs) and critic
 *   (255 two-hot bins) MLPs 2 × 512, every hidden layer Dense (no bias) → LayerNorm → SiLU.
 *   Imagination H 15 from all B·T = 1024 posterior states; REINFORCE actor with return normalisation, critic with
 *   a slow-critic regulariser. Adam: model lr 1e-4 eps 1e-8 clip 1000; actor and critic lr 3e-5 eps 1e-5 clip 100.
 */
import * as tf from '@tensorflow/tfjs';
import { DreamerAgent } from '../agents/dreamer/agent.js';
import type { BehaviorMetrics } from '../agents/dreamer/behavior.js';
import { formatKernelProfile, profileKernels } from './kernel-profile.js';
import type { RssmState } from '../agents/dreamer/rssm.js';
import { loadConfig } from '../src/config/index.js';
import { describeBackend, type BackendInfo } from '../src/tensor/backend.js';
import type { SequenceBatch } from '../src/replay/index.js';
import { TensorRng } from '../src/tensor/random.js';


/** The V3-size workload. Timing protocol as the reference workload: 2 warm-up + 5 timed iterations. */
export const V3_WORKLOAD = {
  obsDim: 17,
  actDim: 6,
  B: 16,
  T: 64,
  deter: 512,
  hidden: 512,
  units: 512,
  layers: 2,
  warmup: 2,
  reps: 5,
} as const;

/** The agent config: the defaults (DreamerV3: categorical 32×32, LayerNorm, SiLU, two-hot 255, H 15) at "S" size. */
export function v3AgentConfig(): DreamerAgent['cfg'] {
  const w = V3_WORKLOAD;
  const overrides = [
    `agent.rssm.deter=${w.deter}`,
    `agent.rssm.hidden=${w.hidden}`,
    `agent.mlp.units=${w.units}`,
    `agent.mlp.layers=${w.layers}`,
    // DreamerV3's actor gradient (the PyTorch twin's too); `auto` would backpropagate through the dynamics for Box actions.
    'agent.behavior.actor_grad=reinforce',
  ];
  return loadConfig({ overrides }).agent;
}

/** A replayed batch of random data in the replay's layout [B, T, ·]; every sequence starts an episode. */
export function v3Batch(rng: TensorRng): SequenceBatch {
  const { B, T, obsDim, actDim } = V3_WORKLOAD;
  const read = (t: tf.Tensor): Float32Array => {
    const data = t.dataSync() as Float32Array;
    t.dispose();
    return Float32Array.from(data);
  };
  const isFirst = new Float32Array(B * T);
  for (let b = 0; b < B; b++) isFirst[b * T] = 1;
  return {
    batchSize: B,
    seqLen: T,
    obsDim,
    actionDim: actDim,
    obs: read(rng.normal([B, T, obsDim])),
    action: read(rng.uniform([B, T, actDim], -1, 1)),
    reward: read(rng.normal([B, T])),
    isFirst,
    isLast: new Float32Array(B * T),
    isTerminal: new Float32Array(B * T),
    cont: new Float32Array(B * T).fill(1),
  };
}

/** One iteration's wall times and losses. */
export interface V3StepTiming {
  wmMs: number;
  acMs: number;
  /** CPU time of the process (all its threads, user + system) in each half: on a shared machine, the load-proof figure */
  wmCpuMs: number;
  acCpuMs: number;
  modelLoss: number;
  actorLoss: number;
  criticLoss: number;
}

type BehaviorTrain = (start: RssmState, startCont: tf.Tensor1D) => BehaviorMetrics;

/** Times one update (world model via `agent.trainModel`, then `trainBehavior`), split into its two halves. */
export function timeV3Step(agent: DreamerAgent, batch: SequenceBatch, trainBehavior: BehaviorTrain): V3StepTiming {
  const [t0, c0] = [performance.now(), cpuMs()];
  const { metrics, start, startCont } = agent.trainModel(batch);
  const [t1, c1] = [performance.now(), cpuMs()];
  const behavior = trainBehavior(start, startCont);
  tf.dispose([start.deter, start.stoch, startCont]);
  const [t2, c2] = [performance.now(), cpuMs()];
  return {
    wmMs: t1 - t0,
    acMs: t2 - t1,
    wmCpuMs: c1 - c0,
    acCpuMs: c2 - c1,
    modelLoss: metrics['loss/model']!,
    actorLoss: behavior['loss/actor']!,
    criticLoss: behavior['loss/critic']!,
  };
}

const US_PER_MS = 1000;

/** User + system CPU time of the whole process so far, ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / US_PER_MS;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const round1 = (ms: number): number => Math.round(ms * 10) / 10;

/** Runs the protocol and prints per-iteration lines and the mean; returns the summary. */
export interface V3Summary {
  wm_step_ms: number;
  ac_step_ms: number;
  wm_cpu_ms: number;
  ac_cpu_ms: number;
  params: Record<string, number>;
}

export function runV3Workload(seed: number, profile = false): V3Summary {
  const w = V3_WORKLOAD;
  const agent = new DreamerAgent(v3AgentConfig(), w.obsDim, { kind: 'continuous', dims: w.actDim }, seed);
  const trainBehavior: BehaviorTrain = (s, c) => agent.behavior.train(s, c);
  const params = agent.report();
  console.log(
    `workload v3: B=${w.B} T=${w.T} obs=${w.obsDim} act=${w.actDim} deter=${w.deter} latent 32x32 mlp ${w.layers}x${w.units} ` +
      `H=${agent.cfg.behavior.horizon} bins=${agent.cfg.model.bins}, actor-critic: Behavior.train (REINFORCE); ` +
      `params ${JSON.stringify(params)}; ${w.warmup} warm-up + ${w.reps} timed`,
  );
  const batch = v3Batch(new TensorRng(1));
  const [wmMs, acMs, wmCpu, acCpu]: number[][] = [[], [], [], []];
  for (let i = 0; i < w.warmup + w.reps; i++) {
    const s = timeV3Step(agent, batch, trainBehavior);
    const timed = i >= w.warmup;
    if (timed) {
      wmMs.push(s.wmMs);
      acMs.push(s.acMs);
      wmCpu.push(s.wmCpuMs);
      acCpu.push(s.acCpuMs);
    }
    console.log(
      `${timed ? 'step  ' : 'warmup'} wm ${s.wmMs.toFixed(0)}ms loss ${s.modelLoss.toFixed(3)} | actor+critic ` +
        `${s.acMs.toFixed(0)}ms (cpu wm ${s.wmCpuMs.toFixed(0)} ac ${s.acCpuMs.toFixed(0)}) actorLoss ${s.actorLoss.toFixed(3)} criticLoss ${s.criticLoss.toFixed(3)} | tensors ${tf.memory().numTensors}`,
    );
  }
  if (profile) {
    // One more update, every kernel counted and timed (the timers themselves add a little).
    let out: ReturnType<DreamerAgent['trainModel']> | undefined;
    const wm = profileKernels(() => void (out = agent.trainModel(batch)));
    const ac = profileKernels(() => void trainBehavior(out!.start, out!.startCont));
    tf.dispose([out!.start.deter, out!.start.stoch, out!.startCont]);
    console.log(formatKernelProfile('world model', wm));
    console.log(formatKernelProfile('actor-critic', ac));
  }
  return { wm_step_ms: round1(mean(wmMs)), ac_step_ms: round1(mean(acMs)), wm_cpu_ms: round1(mean(wmCpu)), ac_cpu_ms: round1(mean(acCpu)), params };
}

/** `bench step --workload v3` after the backend is up: runs, prints the means (and JSON). */
export function runV3Bench(info: BackendInfo, args: { json: boolean } & Record<string, unknown>): void {
  console.log(describeBackend(info));
  const { params: _params, ...times } = runV3Workload(Number(args.seed ?? 0), Boolean(args.profile));
  const { backend, threads, nativeBlas } = info;
  const summary = { workload: 'v3', backend, threads, ...times, ...(nativeBlas ? { native_blas: nativeBlas } : {}) };
  console.log(`mean: world model ${times.wm_step_ms} ms (cpu ${times.wm_cpu_ms}), actor-critic ${times.ac_step_ms} ms (cpu ${times.ac_cpu_ms})`);
  if (args.json) console.log(JSON.stringify(summary));
}
