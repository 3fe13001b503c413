import * as tf from '@tensorflow/tfjs';
import { Adam, ReturnNormaliser, type AdamState, type ReturnNormaliserState, type TensorRng } from '../../src/tensor/index.js';
import { lambdaReturn } from '../../src/tensor/math/lambda_return.js';
import { stopGradient } from '../../src/tensor/math/stop_gradient.js';
import { Actor, boundAction, type ActionSpec, type ActorConfig } from './actor.js';
import { Critic } from './critic.js';
import type { MlpConfig } from './nets.js';
import type { RssmState } from './rssm.js';
import type { WorldModel } from './world-model.js';

/**
 * Behaviour learning in imagination: from every posterior state, roll the prior forward H steps with the actor,
 * score with the reward and continue heads and the critic, and train actor and critic on lambda-returns.
 */

export interface BehaviorConfig {
  horizon: number;
  gamma: number;
  lambda: number;
  /** 'reinforce' (DreamerV3, any action space) or 'dynamics' (DreamerV1: backprop through the model; Box only). */
  actor_grad: 'reinforce' | 'dynamics';
  entropy: number;
  actor: ActorConfig;
  critic: MlpConfig;
  slow_critic_rate: number;
  slow_critic_reg: number;
  return_norm_decay: number;
  actor_lr: number;
  critic_lr: number;
  clip: number;
  eps: number;
}

/** An imagined rollout, time-major and flattened over the H start steps 0..H-1: feat [H*N, F], action [H*N, A], the rest [H*N]. */
export interface Imagined {
  feat: tf.Tensor2D;
  action: tf.Tensor2D;
  returns: tf.Tensor1D;
  values: tf.Tensor1D;
  weights: tf.Tensor1D;
}

export type BehaviorMetrics = Record<string, number>;

/** See `Behavior.getState`. */
export interface BehaviorState {
  actor: AdamState;
  critic: AdamState;
  returnNorm: ReturnNormaliserState;
}

export class Behavior {
  readonly actor: Actor;
  readonly critic: Critic;
  readonly slowCritic: Critic;
  readonly returnNorm: ReturnNormaliser;
  private readonly actorOpt: Adam;
  private readonly criticOpt: Adam;

  constructor(
    readonly cfg: BehaviorConfig,
    readonly wm: WorldModel,
    spec: ActionSpec,
    private readonly rng: TensorRng,
  ) {
    const feat = wm.rssm.featSize;
    this.actor = new Actor(feat, spec, cfg.actor, rng);
    this.critic = new Critic('critic', feat, wm.twohot, cfg.critic, rng);
    this.slowCritic = new Critic('slow_critic', feat, wm.twohot, cfg.critic, rng);
    this.critic.copyTo(this.slowCritic);
    this.returnNorm = new ReturnNormaliser({ decay: cfg.return_norm_decay });
    const opt = { beta1: 0.9, beta2: 0.999, eps: cfg.eps, clip: cfg.clip };
    this.actorOpt = new Adam('actor', this.actor.variables(), { lr: cfg.actor_lr, ...opt });
    this.criticOpt = new Adam('critic', this.critic.variables(), { lr: cfg.critic_lr, ...opt });
  }

  /** Optimiser moments and return-normaliser statistics (the slow critic is in the weights). */
  getState(): BehaviorState {
    return { actor: this.actorOpt.getState(), critic: this.criticOpt.getState(), returnNorm: this.returnNorm.getState() };
  }

  setState(state: BehaviorState): void {
    this.actorOpt.setState(state.actor);
    this.criticOpt.setState(state.critic);
    this.returnNorm.setState(state.returnNorm);
  }

  /**
   * Rolls the prior H steps from `start` [N, ·] with actions sampled from the actor. Each step runs in its own
   * tidy, so only its state, feature and action outlive it (under a gradient tape the engine keeps what backprop
   * needs): at DreamerV3 size the temporaries of all H steps would otherwise fill the wasm heap.
   */
  private rollout(start: RssmState): { feats: tf.Tensor2D[]; actions: tf.Tensor2D[] } {
    const { rssm } = this.wm;
    let state = start;
    const feats = [rssm.feat(state)];
    const actions: tf.Tensor2D[] = [];
    for (let k = 0; k < this.cfg.horizon; k++) {
      const step = tf.tidy(() => {
        const action = this.actor.dist(feats[k]!).sample(this.rng);
        const next = rssm.imgStep(state, boundAction(this.actor.spec, action));
        return { action, deter: next.deter, stoch: next.stoch, feat: rssm.feat(next) };
      });
      actions.push(step.action);
      state = { deter: step.deter, stoch: step.stoch };
      feats.push(step.feat);
    }
    return { feats, actions };
  }

  /**
   * Imagines from `start` and scores the rollout. startCont [N]: 1 - is_terminal of the start states. The
   * normaliser sees the returns here (one read per update).
   */
  imagine(start: RssmState, startCont: tf.Tensor1D): Imagined & { scale: number } {
    const { feats, actions } = this.rollout(start);
    const [h, n] = [this.cfg.horizon, startCont.shape[0]];
    const later = tf.concat(feats.slice(1)) as tf.Tensor2D; // [H*N, F], steps 1..H
    const reward = tf.reshape(this.wm.reward(later), [h, n]) as tf.Tensor2D;
    const cont = tf.reshape(this.wm.contProb(later), [h, n]) as tf.Tensor2D;
    const startFeat = tf.concat(feats.slice(0, h)) as tf.Tensor2D; // [H*N, F], steps 0..H-1
    const lastValue = this.critic.value(feats[h]!);
    const values = tf.concat([tf.reshape(this.critic.value(startFeat), [h, n]), tf.expandDims(lastValue, 0)]) as tf.Tensor2D;
    const discount = tf.mul(cont, this.cfg.gamma) as tf.Tensor2D;
    // The library's lambdaReturn works on [N, H] (batch-major); ours are [H, N].
    const returns = tf.transpose(
      lambdaReturn(tf.transpose(reward), tf.transpose(cont), tf.transpose(values), this.cfg.gamma, this.cfg.lambda),
    ) as tf.Tensor2D;
    // weight_k = prod_{j<=k} disc_j with disc_0 = the start's continue flag: later steps count less.
    // (a product loop: tfjs has no gradient for cumprod, and the weights are constants to every loss anyway).
    const discs = tf.unstack(stopGradient(discount)).slice(0, h - 1);
    const weightRows: tf.Tensor[] = [startCont];
    for (const d of discs) weightRows.push(tf.mul(weightRows.at(-1)!, d));
    const weights = tf.stack(weightRows);
    const scale = this.returnNorm.update(returns.dataSync() as Float32Array);
    const flat = (x: tf.Tensor): tf.Tensor1D => tf.reshape(x, [h * n]) as tf.Tensor1D;
    return {
      feat: startFeat,
      action: tf.concat(actions) as tf.Tensor2D,
      returns: flat(returns),
      values: flat(tf.slice(values, [0, 0], [h, n])),
      weights: flat(weights),
      scale,
    };
  }

  /** One actor and one critic update from the (detached) posterior states `start` [N, ·]. */
  train(start: RssmState, startCont: tf.Tensor1D): BehaviorMetrics {
    let traj: Imagined | undefined;
    let scale = 1;
    const keepTraj = (t: Imagined & { scale: number }): Imagined => {
      scale = t.scale;
      return { feat: tf.keep(t.feat), action: tf.keep(t.action), returns: tf.keep(t.returns), values: tf.keep(t.values), weights: tf.keep(t.weights) };
    };
    let actorStep;
    if (this.cfg.actor_grad === 'dynamics') {
      actorStep = this.actorOpt.minimize(() => {
        const t = this.imagine(start, startCont);
        traj = keepTraj(t);
        return this.dynamicsActorLoss(t);
      });
    } else {
      tf.tidy(() => {
        traj = keepTraj(this.imagine(start, startCont));
      });
      const fixed = traj as unknown as Imagined;
      actorStep = this.actorOpt.minimize(() => this.reinforceActorLoss(fixed, scale));
    }
    const t = traj as Imagined;
    const criticStep = this.criticOpt.minimize(() => this.criticLoss(t));
    // A skipped (NaN/Inf) critic update leaves every behaviour variable as it was, the slow critic included.
    if (!criticStep.skipped) this.critic.updateSlow(this.slowCritic, this.cfg.slow_critic_rate);
    const metrics = tf.tidy(() => tf.stack([tf.mean(t.returns), tf.mean(t.values)]).dataSync());
    Object.values(t).forEach((x: tf.Tensor) => x.dispose());
    return {
      'loss/actor': actorStep.loss,
      'loss/critic': criticStep.loss,
      'grad_norm/actor': actorStep.gradNorm,
      'grad_norm/critic': criticStep.gradNorm,
      'imag/return_mean': metrics[0]!,
      'imag/value_mean': metrics[1]!,
      'imag/return_scale': scale,
    };
  }

  /** REINFORCE: -log pi(a) * sg(advantage) - entropy bonus, advantage = (R - v) / scale. */
  private reinforceActorLoss(t: Imagined, scale: number): tf.Scalar {
    const dist = this.actor.dist(t.feat);
    const adv = tf.div(tf.sub(t.returns, t.values), scale);
    const objective = tf.add(tf.mul(dist.logProb(t.action), adv), tf.mul(dist.entropy(), this.cfg.entropy));
    return tf.neg(tf.mean(tf.mul(objective, t.weights))) as tf.Scalar;
  }

  /** Dynamics backprop: maximise R / scale through the model, plus the entropy bonus. */
  private dynamicsActorLoss(t: Imagined & { scale: number }): tf.Scalar {
    const entropy = this.actor.dist(t.feat).entropy();
    const objective = tf.add(tf.div(t.returns, t.scale), tf.mul(entropy, this.cfg.entropy));
    return tf.neg(tf.mean(tf.mul(objective, t.weights))) as tf.Scalar;
  }

  /** Two-hot NLL of the lambda-returns, plus the slow critic's prediction as a regulariser. */
  private criticLoss(t: Imagined): tf.Scalar {
    const logits = this.critic.logits(t.feat);
    const twohot = this.wm.twohot;
    const slowTarget = this.slowCritic.value(t.feat);
    const loss = tf.add(twohot.nll(logits, t.returns), tf.mul(twohot.nll(logits, slowTarget), this.cfg.slow_critic_reg));
    return tf.mean(tf.mul(loss, t.weights)) as tf.Scalar;
  }
}
