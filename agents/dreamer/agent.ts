import * as tf from '@tensorflow/tfjs';
import { Adam, TensorRng, type AdamState, type TensorRngState } from '../../src/tensor/index.js';
import type { SequenceBatch } from '../../src/replay/index.js';
import { actionSize, layoutSize, vectorLayout, type ActionSpec, type ObsLayout, type Agent, type AgentParts, type DreamModel, type LoadScope, type Metrics, type NamedTensors, type PolicyMode, type PolicyOutput } from '../api.js';
import { boundAction } from './actor.js';
import { Behavior, type BehaviorState } from './behavior.js';
import type { DreamerConfig } from './config.js';
import { dreamOpenLoop } from './dream.js';
import type { RssmState } from './rssm.js';
import { carryFromTensors, carryTensors } from './carry.js';
import { agentParts, restoreAgent } from './state.js';
import { WORLD_MODEL_LOSS_KEYS, WorldModel, type SequenceTensors } from './world-model.js';

/**
 * The Dreamer agent: `policy` acts from the posterior state carried per sub-env, `train` runs one world-model
 * update and one actor-critic update in imagination on a replayed batch, `report` summarises the model.
 */

/** The recurrent state the driver carries between calls, one row per sub-env (owned by the agent). */
export interface DreamerPolicyState {
  latent: RssmState;
  /** [N, A] the action last taken (the world model's a_{t-1}). */
  action: tf.Tensor2D;
}

/** See `DreamerAgent.getState`. */
export interface DreamerAgentState {
  rng: TensorRngState;
  model: AdamState;
  behavior: BehaviorState;
}

export class DreamerAgent implements Agent<DreamerPolicyState> {
  readonly wm: WorldModel;
  readonly behavior: Behavior;
  private readonly modelOpt: Adam;
  private readonly rng: TensorRng;
  /** `dreamer dream`: the world model's open-loop prediction. */
  readonly dream: DreamModel = { predict: (episode, context, horizon) => dreamOpenLoop(this.wm, episode, context, horizon) };

  readonly obsSize: number;
  /** Where each observation entry sits in a row, and whether it is an image (routed to a CNN) or a vector. */
  readonly obsLayout: ObsLayout;

  constructor(
    readonly cfg: DreamerConfig,
    obs: number | ObsLayout,
    readonly actionSpec: ActionSpec,
    seed: number,
  ) {
    this.obsLayout = typeof obs === 'number' ? vectorLayout(obs) : obs;
    this.obsSize = layoutSize(this.obsLayout);
    this.rng = new TensorRng(seed);
    this.wm = new WorldModel(cfg, this.obsLayout, actionSize(actionSpec), this.rng);
    this.behavior = new Behavior(cfg.behavior, cfg.mlp, this.wm, actionSpec, this.rng);
    const m = cfg.model;
    this.modelOpt = new Adam('model', this.wm.variables(), { lr: m.lr, eps: m.eps, clip: m.clip });
  }

  policy(obs: Float32Array, isFirst: ArrayLike<boolean>, state: DreamerPolicyState | undefined, mode: PolicyMode): PolicyOutput<DreamerPolicyState> {
    const n = isFirst.length;
    const next = tf.tidy(() => {
      const prev = state ?? this.initialState(n);
      // The reset mask only when some sub-env starts an episode: 5 kernels fewer on every other step.
      const first = Array.prototype.some.call(isFirst, Boolean) ? tf.tensor1d(Float32Array.from(isFirst, (f) => (f ? 1 : 0))) : null;
      const embed = this.wm.embed(tf.tensor2d(obs, [n, this.obsSize]));
      const { state: latent } = this.wm.rssm.obsStep(prev.latent, prev.action, embed, first);
      const dist = this.behavior.actor.dist(this.wm.rssm.feat(latent));
      const action = boundAction(this.actionSpec, mode === 'eval' ? dist.mode() : dist.sample(this.rng));
      return { latent: { deter: latent.deter, stoch: latent.stoch }, action } as unknown as tf.TensorContainer;
    }) as unknown as DreamerPolicyState;
    if (state) this.disposeState(state);
    return { action: next.action.dataSync() as Float32Array, state: next };
  }

  private initialState(n: number): DreamerPolicyState {
    return { latent: this.wm.rssm.initial(n), action: tf.zeros([n, actionSize(this.actionSpec)]) };
  }

  disposeState(state: DreamerPolicyState): void {
    tf.dispose([state.latent.deter, state.latent.stoch, state.action]);
  }

  /** The carry as carry.safetensors holds it: deter [N, D], stoch [N, S], action [N, A] (./carry.ts). */
  saveCarry(state: DreamerPolicyState): NamedTensors {
    return carryTensors(state);
  }

  loadCarry(saved: NamedTensors, numEnvs: number, source: string): DreamerPolicyState {
    const sizes = { deter: this.cfg.rssm.deter, stoch: this.wm.rssm.latent.stochSize, action: actionSize(this.actionSpec) };
    return carryFromTensors(saved, numEnvs, sizes, source);
  }

  /** One world-model update, then one actor-critic update from all B*T posterior states. */
  train(batch: SequenceBatch): Metrics {
    const { metrics, start, startCont } = this.trainModel(batch);
    if (!Number.isFinite(metrics['loss/model']!) || !Number.isFinite(metrics['grad_norm/model']!)) {
      // The optimiser skipped a NaN/Inf world-model update; imagining from NaN states would still move the actor.
      tf.dispose([start.deter, start.stoch, startCont]);
      return metrics;
    }
    const behavior = this.behavior.train(start, startCont);
    tf.dispose([start.deter, start.stoch, startCont]);
    return { ...metrics, ...behavior };
  }

  /**
   * One world-model update. Returns its metrics and the posterior states [T*B, ·] with their continue flags
   * (1 - is_terminal), detached: the caller disposes them.
   */
  trainModel(batch: SequenceBatch): { metrics: Metrics; start: RssmState; startCont: tf.Tensor1D } {
    const data = toTensors(batch);
    let terms: tf.Tensor1D | undefined;
    let start: RssmState | undefined;
    const reconKeys = this.wm.reconKeys;
    const model = this.modelOpt.minimize(() => {
      const loss = this.wm.loss(data);
      const scalars = [...WORLD_MODEL_LOSS_KEYS.map((k) => loss.terms[k]), ...reconKeys.map((k) => loss.recon[k]!), ...(loss.priorHeads ? [loss.priorHeads] : [])];
      terms = tf.keep(tf.stack(scalars) as tf.Tensor1D);
      start = { deter: tf.keep(loss.post.deter), stoch: tf.keep(loss.post.stoch) };
      return loss.total;
    });
    const startCont = tf.tidy(() => tf.sub(1, tf.reshape(data.isTerminal, [-1])) as tf.Tensor1D);
    const values = (terms as tf.Tensor1D).dataSync();
    tf.dispose([terms as tf.Tensor, ...Object.values(data)]);
    const metrics: Metrics = { 'loss/model': model.loss, 'grad_norm/model': model.gradNorm };
    WORLD_MODEL_LOSS_KEYS.forEach((k, i) => (metrics[`loss/${k}`] = values[i]!));
    reconKeys.forEach((k, i) => (metrics[`loss/recon/${k}`] = values[WORLD_MODEL_LOSS_KEYS.length + i]!));
    if (values.length > WORLD_MODEL_LOSS_KEYS.length + reconKeys.length) metrics['loss/prior_heads'] = values[values.length - 1]!;
    return { metrics, start: start as RssmState, startCont };
  }

  /** Everything but the weights a resumed run needs: optimiser moments, RNG position, normaliser statistics. */
  getState(): DreamerAgentState {
    return { rng: this.rng.getState(), model: this.modelOpt.getState(), behavior: this.behavior.getState() };
  }

  setState(state: DreamerAgentState): void {
    this.modelOpt.setState(state.model);
    this.behavior.setState(state.behavior);
    this.rng.setState(state.rng);
  }

  /** Checkpoint parts: weights.safetensors, optimizer.safetensors, agent.json (agents/dreamer/state.ts). */
  save(): AgentParts {
    return agentParts(this);
  }

  load(parts: AgentParts, scope: LoadScope, source: string): void {
    restoreAgent(this, parts, scope, source);
  }

  /** A one-line summary for logs. */
  report(): Metrics {
    return { 'model/params': this.wm.numParams(), 'actor/params': this.behavior.actor.numParams(), 'critic/params': this.behavior.critic.numParams() };
  }
}

/** The replay's [B, T, ·] batch as time-major tensors [T, B, ·] (transposed on the CPU, where it is cheap). */
function toTensors(b: SequenceBatch): SequenceTensors {
  const [B, T] = [b.batchSize, b.seqLen];
  const tm = (src: Float32Array, d: number): Float32Array => timeMajor(src, B, T, d);
  return {
    obs: tf.tensor3d(tm(b.obs, b.obsDim), [T, B, b.obsDim]),
    prevAction: tf.tensor3d(tm(b.action, b.actionDim), [T, B, b.actionDim]),
    reward: tf.tensor2d(tm(b.reward, 1), [T, B]),
    isFirst: tf.tensor2d(tm(b.isFirst, 1), [T, B]),
    isTerminal: tf.tensor2d(tm(b.isTerminal, 1), [T, B]),
  };
}

/** [B, T, D] -> [T, B, D], row-major. */
export function timeMajor(src: Float32Array, b: number, t: number, d: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < t; j++) out.set(src.subarray((i * t + j) * d, (i * t + j + 1) * d), (j * b + i) * d);
  }
  return out;
}
