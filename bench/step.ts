/**
 * `dreamer bench step`: the reference Dreamer training step of ../../shared/peers/README.md, the same computation as
 * the PyTorch peer `torch_dreamer_step.py` (same networks, sizes, losses and optimiser settings), timed as
 * 2 warm-up + 5 timed iterations of (world-model step, then actor-critic step).
 *
 * Structured for speed: the encoder and all heads run over the T·B rows at once; only the GRU recurrence is
 * sequential; imagination starts from all B·T posterior states in one batch. With the native addon the observation
 * loop and the imagination rollout are one kernel each way (rssm-observe.ts, rssm-imagine.ts), and the critic's
 * update reuses the critic activations of the actor loss's forward (./critic-reuse.ts); `--observe steps` and
 * `--imagine steps` run the per-step ops instead.
 *
 * `--workload v3` times our real DreamerAgent at DreamerV3 size instead (./step-v3.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { describeBackend, initBackend, type BackendChoice } from '../src/tensor/backend.js';
import { DiagGaussian } from '../src/tensor/distributions/diag_gaussian.js';
import { TANH_GAUSSIAN_V1_HEAD, TanhGaussian } from '../src/tensor/distributions/tanh_gaussian.js';
import { rssmImagine } from '../src/tensor/kernels/fused/rssm-imagine.js';
import { rssmObserve, rssmObserveComposite, type RssmObservation } from '../src/tensor/kernels/fused/rssm-observe.js';
import { Dense } from '../src/tensor/layers/dense.js';
import { GRUCell } from '../src/tensor/layers/gru.js';
import { MLP } from '../src/tensor/layers/mlp.js';
import { lambdaReturn } from '../src/tensor/math/lambda_return.js';
import { stopGradient } from '../src/tensor/math/stop_gradient.js';
import { Module } from '../src/tensor/module.js';
import { Adam } from '../src/tensor/optim/adam.js';
import { TensorRng } from '../src/tensor/random.js';
import { DreamerError } from '../src/util/errors.js';
import type { Bench } from './bench.js';
import { criticForward, criticUpdate, keepRows, type CriticActivations } from './critic-reuse.js';
import { formatKernelProfile, profileKernels } from './kernel-profile.js';
import { runV3Bench } from './step-v3.js';

/** The reference workload (torch_dreamer_step.py's CFG). */
const CFG = {
  obsDim: 5, actDim: 2, deter: 200, stoch: 30, hidden: 200, embed: 200, units: 200,
  B: 16, T: 50, H: 15, freeNats: 3, minStd: 0.1, gamma: 0.99, lambda: 0.95,
  modelLr: 6e-4, actorLr: 8e-5, criticLr: 8e-5, adamEps: 1e-5, clip: 100,
  warmup: 2, reps: 5,
};

/**
 * The RSSM of DreamerV1 with a diagonal Gaussian latent (std = softplus + minStd); named `Reference*` so it is not
 * mistaken for agents/dreamer's.
 */
class ReferenceRssm extends Module {
  readonly imgIn: Dense;
  readonly gru: GRUCell;
  readonly imgOut: Dense;
  readonly imgDist: Dense;
  readonly obsOut: Dense;
  readonly obsDist: Dense;

  constructor(rng: TensorRng) {
    super('rssm');
    const { stoch: S, deter: D, actDim: A, hidden: Hd, embed: E } = CFG;
    this.imgIn = this.addChild(new Dense('img_in', S + A, Hd, { rng }));
    this.gru = this.addChild(new GRUCell('gru', Hd, D, { resetAfter: true, rng }));
    this.imgOut = this.addChild(new Dense('img_out', D, Hd, { rng }));
    this.imgDist = this.addChild(new Dense('img_dist', Hd, 2 * S, { rng }));
    this.obsOut = this.addChild(new Dense('obs_out', D + E, Hd, { rng }));
    this.obsDist = this.addChild(new Dense('obs_dist', Hd, 2 * S, { rng }));
  }

  /** The recurrent step: (stoch [N, S], action [N, A], deter [N, D]) -> new deter [N, D]. */
  deterStep(stoch: tf.Tensor, action: tf.Tensor, deter: tf.Tensor): tf.Tensor {
    return this.gru.apply(this.imgIn.apply(tf.concat([stoch, action], 1), 'elu'), deter);
  }

  /** The prior over stoch given deter [N, D]. */
  prior(deter: tf.Tensor): DiagGaussian {
    return gaussian(this.imgDist.apply(this.imgOut.apply(deter, 'elu')));
  }

  /** Prior step of imagination: new deter and the prior over the next stoch. */
  imgStep(stoch: tf.Tensor, action: tf.Tensor, deter: tf.Tensor): { deter: tf.Tensor; prior: DiagGaussian } {
    const d = this.deterStep(stoch, action, deter);
    return { deter: d, prior: this.prior(d) };
  }

  /**
   * The whole observation loop (deterStep, posterior and its draw at every step) over time-major rows: embed
   * [T·B, E], act [T·B, A], eps [T·B, S] the draws' noise, from the state (stoch0 [B, S], deter0 [B, D]). One
   * kernel each way with the addon (`rssmObserve`); `perStep` forces the per-step ops (the same computation).
   */
  observe(embed: tf.Tensor, act: tf.Tensor, eps: tf.Tensor, stoch0: tf.Tensor, deter0: tf.Tensor, perStep = false): RssmObservation {
    const v = (name: string): tf.Variable => this.gru.variables().get(`gru/${name}`) as tf.Variable;
    const [wx, bx, wh, bh] = [v('input/kernel'), v('input/bias'), v('recurrent/kernel'), v('recurrent/bias')];
    const p = {
      wi: this.imgIn.kernel, bi: this.imgIn.bias as tf.Variable, wx, bx, wh, bh,
      wo: this.obsOut.kernel, bo: this.obsOut.bias as tf.Variable, wd: this.obsDist.kernel, bd: this.obsDist.bias as tf.Variable,
    };
    const inputs = { s0: stoch0, h0: deter0, act, embed, eps };
    return (perStep ? rssmObserveComposite : rssmObserve)(inputs, p, CFG.minStd);
  }

  /** Posterior from the new deter and the observation embedding [N, E]. */
  posterior(deter: tf.Tensor, embed: tf.Tensor): DiagGaussian {
    return gaussian(this.obsDist.apply(this.obsOut.apply(tf.concat([deter, embed], 1), 'elu')));
  }
}

/** [N, 2S] -> N(mean, softplus(raw) + minStd). */
function gaussian(out: tf.Tensor): DiagGaussian {
  const [mean, raw] = tf.split(out, 2, 1);
  return new DiagGaussian(mean, tf.add(tf.softplus(raw), CFG.minStd));
}

class ReferenceWorldModel extends Module {
  readonly encoder: MLP;
  readonly rssm: ReferenceRssm;
  readonly decoder: MLP;
  readonly reward: MLP;

  constructor(rng: TensorRng) {
    super('wm');
    const F = CFG.stoch + CFG.deter;
    this.encoder = this.addChild(new MLP('encoder', CFG.obsDim, [CFG.units], CFG.embed, { rng }));
    this.rssm = this.addChild(new ReferenceRssm(rng));
    this.decoder = this.addChild(new MLP('decoder', F, [CFG.units, CFG.units], CFG.obsDim, { rng }));
    this.reward = this.addChild(new MLP('reward', F, [CFG.units, CFG.units], 1, { rng }));
  }
}

/** Posterior states of the last world-model step, detached: imagination starts from them. [T·B, S], [T·B, D]. */
interface Start {
  stoch: tf.Tensor;
  deter: tf.Tensor;
}

/** Batch in time-major rows: obs [T·B, obsDim], act [T·B, actDim], rew [T·B, 1]. */
interface Batch {
  obs: tf.Tensor;
  act: tf.Tensor;
  rew: tf.Tensor;
}

/** World-model loss: 0.5·sum-MSE recon + 0.5·MSE reward + max(mean KL(post‖prior), free nats). */
function worldModelLoss(wm: ReferenceWorldModel, batch: Batch, rng: TensorRng, keep: (s: Start) => void, perStep: boolean): tf.Scalar {
  const { B, T, stoch: S, deter: D } = CFG;
  // the draws' noise in the order the per-step loop drew it (nothing else draws in between)
  const eps = tf.concat(Array.from({ length: T }, () => rng.normal([B, S])), 0); // [T·B, S]
  const obs = wm.rssm.observe(wm.encoder.apply(batch.obs), batch.act, eps, tf.zeros([B, S]), tf.zeros([B, D]), perStep);
  const st = obs.stoch; // [T·B, S], time-major
  const de = obs.deter; // [T·B, D]
  const post = new DiagGaussian(obs.mean, obs.std);
  keep({ stoch: tf.keep(stopGradient(st)), deter: tf.keep(stopGradient(de)) });
  // The prior does not feed the recurrence: its head, its (unused, as in the reference) draw and the KL run over
  // all T·B rows at once, in fewer and larger kernels.
  const prior = wm.rssm.prior(de);
  prior.rsample(rng);
  const feat = tf.concat([st, de], 1); // [T·B, S + D]
  const recon = tf.mul(tf.mean(tf.sum(tf.square(tf.sub(wm.decoder.apply(feat), batch.obs)), 1)), 0.5);
  const rew = tf.mul(tf.mean(tf.square(tf.sub(wm.reward.apply(feat), batch.rew))), 0.5);
  const kl = tf.maximum(tf.mean(post.kl(prior)), CFG.freeNats);
  return tf.add(tf.add(recon, rew), kl) as tf.Scalar;
}

/**
 * Imagined rollouts and λ-returns, kept (detached) for the critic; with `critic`, also the critic's activations on
 * those rows from the actor loss's forward (the critic update then needs no forward of its own).
 */
interface Imagined {
  feats: tf.Tensor; // [(H-1)·N, S + D]
  targets: tf.Tensor; // [(H-1)·N, 1]
  critic?: CriticActivations;
}

/** Actor loss: -mean λ-return over H imagined steps from every start, gradients through the dynamics. */
function actorLoss(
  wm: ReferenceWorldModel, actor: MLP, critic: MLP, start: Start, rng: TensorRng, keep: (i: Imagined) => void, perStep: boolean,
): tf.Scalar {
  const { H } = CFG;
  const N = start.stoch.shape[0];
  const flat = perStep ? imagineSteps(wm, actor, start, rng) : imagineRollout(wm, actor, start, rng); // [H·N, F], time-major
  if (perStep) {
    // as before the rollout kernel: batch-major returns, the critic run again by its own update
    const reward = tf.transpose(tf.reshape(wm.reward.apply(flat), [H, N])); // [N, H]
    const value = tf.transpose(tf.reshape(critic.apply(flat), [H, N]));
    const returns = lambdaReturn(tf.slice(reward, [0, 0], [N, H - 1]), tf.ones([N, H - 1]), value, CFG.gamma, CFG.lambda);
    const targets = tf.keep(stopGradient(tf.reshape(tf.transpose(returns), [(H - 1) * N, 1])));
    keep({ feats: tf.keep(stopGradient(tf.slice(flat, [0, 0], [(H - 1) * N, flat.shape[1] as number]))), targets });
    return tf.neg(tf.mean(returns)) as tf.Scalar;
  }
  // time-major throughout (no transposes), and the critic's activations kept for its update
  const reward = tf.reshape(wm.reward.apply(flat), [H, N]);
  const acts = criticForward(critic, flat);
  const value = tf.reshape(acts.value, [H, N]);
  const returns = lambdaReturn(tf.slice(reward, [0, 0], [H - 1, N]), tf.ones([H - 1, N]), value, CFG.gamma, CFG.lambda, 0);
  const kept = keepRows(acts, (H - 1) * N);
  keep({ feats: kept.x, targets: tf.keep(stopGradient(tf.reshape(returns, [(H - 1) * N, 1]))), critic: kept });
  return tf.neg(tf.mean(returns)) as tf.Scalar;
}

/** The imagination loop as per-step ops: actor, tanh-Gaussian draw, prior step; [H·N, S + D], time-major. */
function imagineSteps(wm: ReferenceWorldModel, actor: MLP, start: Start, rng: TensorRng): tf.Tensor {
  let { stoch, deter } = start;
  let feat = tf.concat([stoch, deter], 1); // [N, S + D]; each step's feature is the next step's actor input
  const feats: tf.Tensor[] = [];
  for (let h = 0; h < CFG.H; h += 1) {
    const [m, s] = tf.split(actor.apply(feat), 2, 1);
    const action = TanhGaussian.fromParams(m, s).rsample(rng);
    const step = wm.rssm.imgStep(stoch, action, deter);
    deter = step.deter;
    stoch = step.prior.rsample(rng);
    feat = tf.concat([stoch, deter], 1);
    feats.push(feat);
  }
  return tf.concat(feats, 0);
}

/**
 * The same rollout through `rssmImagine`: one kernel each way with the addon. The noise is drawn up front in the
 * order the per-step loop draws it (action, then prior, per step; nothing else draws in between).
 */
function imagineRollout(wm: ReferenceWorldModel, actor: MLP, start: Start, rng: TensorRng): tf.Tensor {
  const N = start.stoch.shape[0];
  const epsA: tf.Tensor[] = [];
  const epsS: tf.Tensor[] = [];
  for (let h = 0; h < CFG.H; h += 1) {
    epsA.push(rng.normal([N, CFG.actDim]));
    epsS.push(rng.normal([N, CFG.stoch]));
  }
  const av = actor.variables();
  const a = (name: string): tf.Variable => av.get(`actor/${name}`) as tf.Variable;
  const r = wm.rssm;
  const g = (name: string): tf.Variable => r.gru.variables().get(`gru/${name}`) as tf.Variable;
  return rssmImagine(
    { s0: start.stoch, h0: start.deter, epsA: tf.concat(epsA, 0), epsS: tf.concat(epsS, 0) },
    { w1: a('dense0/kernel'), b1: a('dense0/bias'), w2: a('dense1/kernel'), b2: a('dense1/bias'), w3: a('out/kernel'), b3: a('out/bias') },
    {
      wi: r.imgIn.kernel, bi: r.imgIn.bias as tf.Variable, wx: g('input/kernel'), bx: g('input/bias'),
      wh: g('recurrent/kernel'), bh: g('recurrent/bias'), wo: r.imgOut.kernel, bo: r.imgOut.bias as tf.Variable,
      wd: r.imgDist.kernel, bd: r.imgDist.bias as tf.Variable,
    },
    {
      minStd: CFG.minStd, meanScale: TANH_GAUSSIAN_V1_HEAD.meanScale, stdShift: TANH_GAUSSIAN_V1_HEAD.stdShift,
      actMinStd: TANH_GAUSSIAN_V1_HEAD.minStd,
    },
  );
}

/** The agent of the reference step: world model, actor, critic, their optimisers. */
export class ReferenceAgent {
  readonly wm: ReferenceWorldModel;
  readonly actor: MLP;
  readonly critic: MLP;
  private readonly opts: { wm: Adam; actor: Adam; critic: Adam };
  private readonly rng: TensorRng;

  /** Whether the world model runs the observation loop as per-step ops even where the sequence kernel runs. */
  private readonly perStep: boolean;
  /**
   * The actor-critic step as before the rollout kernel: imagination as per-step ops (even where the kernel runs), and
   * the critic update with its own forward and tape.
   */
  private readonly imagineSteps: boolean;

  /**
   * `perStep`: the observation loop as per-step ops (to compare with the sequence kernel); `imagineSteps`: the
   * actor-critic step as before the rollout kernel (to compare with it).
   */
  constructor(seed: number, { perStep = false, imagineSteps = false }: { perStep?: boolean; imagineSteps?: boolean } = {}) {
    this.perStep = perStep;
    this.imagineSteps = imagineSteps;
    this.rng = new TensorRng(seed);
    const F = CFG.stoch + CFG.deter;
    this.wm = new ReferenceWorldModel(this.rng);
    this.actor = new MLP('actor', F, [CFG.units, CFG.units], 2 * CFG.actDim, { rng: this.rng });
    this.critic = new MLP('critic', F, [CFG.units, CFG.units], 1, { rng: this.rng });
    const adam = (name: string, m: Module, lr: number): Adam =>
      new Adam(name, m.variables(), { lr, eps: CFG.adamEps, clip: CFG.clip });
    this.opts = {
      wm: adam('model_opt', this.wm, CFG.modelLr),
      actor: adam('actor_opt', this.actor, CFG.actorLr),
      critic: adam('critic_opt', this.critic, CFG.criticLr),
    };
  }

  trainWorldModel(batch: Batch): { loss: number; start: Start } {
    let start: Start | undefined;
    const { loss } = this.opts.wm.minimize(() => worldModelLoss(this.wm, batch, this.rng, (s) => (start = s), this.perStep));
    return { loss, start: start as Start };
  }

  trainActorCritic(start: Start): { actorLoss: number; criticLoss: number } {
    let imagined: Imagined | undefined;
    const actor = this.opts.actor.minimize(() =>
      actorLoss(this.wm, this.actor, this.critic, start, this.rng, (i) => (imagined = i), this.imagineSteps),
    );
    const { feats, targets, critic: acts } = imagined as Imagined;
    const critic = acts
      ? criticUpdate(this.opts.critic, this.critic, acts, targets)
      : this.opts.critic.minimize(() => tf.mul(tf.mean(tf.square(tf.sub(this.critic.apply(feats), targets))), 0.5) as tf.Scalar);
    tf.dispose([feats, targets, start.stoch, start.deter, ...(acts ? [acts.h1, acts.h2, acts.value] : [])]);
    return { actorLoss: actor.loss, criticLoss: critic.loss };
  }
}

export function makeBatch(rng: TensorRng): Batch {
  const rows = CFG.T * CFG.B;
  return { obs: rng.normal([rows, CFG.obsDim]), act: rng.uniform([rows, CFG.actDim], -1, 1), rew: rng.normal([rows, 1]) };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The workloads of `dreamer bench step --workload <name>`; the first is the default. */
const WORKLOADS = ['reference', 'v3'] as const;

export const stepBench: Bench = {
  name: 'step',
  describe:
    'a Dreamer training step, world model then actor-critic, ms per step (--workload reference|v3, --backend, --threads, --native-blas off, --observe steps: the observation loop as per-step ops, --imagine steps: the actor-critic step as per-step ops, the critic with its own forward, --profile: kernels per step)',
  async run(args) {
    const workload = String(args.workload ?? WORKLOADS[0]);
    if (!(WORKLOADS as readonly string[]).includes(workload)) {
      throw new DreamerError(`unknown workload "${workload}" for bench step. Use --workload ${WORKLOADS.join(' or ')}.`);
    }
    const info = await initBackend(String(args.backend ?? 'auto') as BackendChoice, {
      threads: args.threads === undefined ? undefined : Number(args.threads),
      nativeBlas: args.nativeBlas === 'off' || args['native-blas'] === 'off' ? 'off' : 'auto',
      quiet: true,
    });
    const { backend, threads } = info;
    if (workload === 'v3') return runV3Bench(info, args);
    console.log(`${describeBackend(info)}; T=${CFG.T} B=${CFG.B} H=${CFG.H}, ${CFG.warmup} warm-up + ${CFG.reps} timed`);
    const agent = new ReferenceAgent(Number(args.seed ?? 0), { perStep: args.observe === 'steps', imagineSteps: args.imagine === 'steps' });
    const batch = makeBatch(new TensorRng(1));
    const wmMs: number[] = [];
    const acMs: number[] = [];
    const acCpuMs: number[] = []; // process CPU time (all threads) of the actor-critic update: robust to a shared machine
    for (let i = 0; i < CFG.warmup + CFG.reps; i += 1) {
      const t0 = performance.now();
      const { loss, start } = agent.trainWorldModel(batch);
      const t1 = performance.now();
      const cpu0 = process.cpuUsage();
      const { actorLoss: al, criticLoss: cl } = agent.trainActorCritic(start);
      const cpu = process.cpuUsage(cpu0);
      const t2 = performance.now();
      const timed = i >= CFG.warmup;
      if (timed) {
        wmMs.push(t1 - t0);
        acMs.push(t2 - t1);
        acCpuMs.push((cpu.user + cpu.system) / 1000);
      }
      console.log(
        `${timed ? 'step  ' : 'warmup'} wm ${(t1 - t0).toFixed(0)}ms loss ${loss.toFixed(3)} | actor+critic ` +
          `${(t2 - t1).toFixed(0)}ms actorLoss ${al.toFixed(3)} criticLoss ${cl.toFixed(3)} | tensors ${tf.memory().numTensors}`,
      );
    }
    const round = (ms: number): number => Math.round(ms * 10) / 10;
    const summary = {
      backend, threads, wm_step_ms: round(mean(wmMs)), ac_step_ms: round(mean(acMs)), ac_cpu_ms: round(mean(acCpuMs)),
      ...(info.nativeBlas ? { native_blas: info.nativeBlas, blas_threads: info.blasThreads } : {}),
    };
    console.log(`mean: world model ${summary.wm_step_ms} ms, actor-critic ${summary.ac_step_ms} ms (${summary.ac_cpu_ms} ms CPU)`);
    if (args.profile) {
      // One more step of each, every kernel counted and timed (the timers themselves add a little).
      let start: Start | undefined;
      const wm = profileKernels(() => void (start = agent.trainWorldModel(batch).start));
      const ac = profileKernels(() => void agent.trainActorCritic(start!));
      console.log(formatKernelProfile('world model', wm));
      console.log(formatKernelProfile('actor-critic', ac));
    }
    if (args.json) console.log(JSON.stringify(summary));
  },
};
