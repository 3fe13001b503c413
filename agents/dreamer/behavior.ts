import * as tf from '@tensorflow/tfjs';
import { Adam, ReturnNormaliser, type AdamState, type MinimizeResult, type ReturnNormaliserState, type TensorRng } from '../../src/tensor/index.js';
import { lambdaReturn } from '../../src/tensor/math/lambda_return.js';
import { stopGradient } from '../../src/tensor/math/stop_gradient.js';
import type { ActionSpec } from '../api.js';
import { Actor, boundAction } from './actor.js';
import type { ActorGrad, BehaviorConfig, MlpConfig } from './config.js';
import { Critic } from './critic.js';
import type { ImaginedSequence, RssmState } from './rssm.js';
import type { WorldModel } from './world-model.js';

/**
 * Behaviour learning in imagination: from every posterior state, roll the prior forward H steps with the actor
 * (`Rssm.imagine`), score the rollout with the reward and continue heads and the critic (`scoreImagination`:
 * lambda-returns and weights), and train actor and critic on pure losses. The return normaliser is updated in
 * one explicit step per update, outside every gradient tape. Time-major throughout (see rssm.ts).
 */

/**
 * A scored imagined rollout, flattened time-major over the H start steps 0..H-1 (row k*N + i): feat [H*N, F],
 * action [H*N, A], the rest [H*N].
 */
export type Imagined = {
  feat: tf.Tensor2D;
  action: tf.Tensor2D;
  returns: tf.Tensor1D;
  values: tf.Tensor1D;
  weights: tf.Tensor1D;
};

export type BehaviorMetrics = Record<string, number>;

/** See `Behavior.getState`. */
export interface BehaviorState {
  actor: AdamState;
  critic: AdamState;
  returnNorm: ReturnNormaliserState;
}

/** `auto` picks REINFORCE for discrete actions and backprop through the dynamics for Box actions (DreamerV1/V2). */
export function resolveActorGrad(choice: BehaviorConfig['actor_grad'], spec: ActionSpec): ActorGrad {
  if (choice !== 'auto') return choice;
  return spec.kind === 'discrete' ? 'reinforce' : 'dynamics';
}

/** Imagines `horizon` steps from `start` [N, ·], acting with samples of the actor (clipped for the model). */
export function imagineWithActor(wm: WorldModel, actor: Actor, start: RssmState, horizon: number, rng: TensorRng): ImaginedSequence {
  return wm.rssm.imagine(
    start,
    (feat) => {
      const action = actor.dist(feat).rsample(rng) as tf.Tensor2D;
      return { action, input: boundAction(actor.spec, action) };
    },
    horizon,
  );
}

/**
 * Scores an imagined sequence: rewards and continue probabilities of steps 1..H, critic values of steps 0..H,
 * lambda-returns and the weights of steps 0..H-1. startCont [N]: 1 - is_terminal of the start states.
 */
export function scoreImagination(
  wm: WorldModel,
  critic: Critic,
  seq: ImaginedSequence,
  startCont: tf.Tensor1D,
  cfg: Pick<BehaviorConfig, 'gamma' | 'lambda'>,
): Imagined {
  const h = seq.action.length;
  const n = startCont.shape[0];
  const later = tf.concat(seq.feat.slice(1)) as tf.Tensor2D; // [H*N, F], steps 1..H
  const reward = tf.reshape(wm.reward(later), [h, n]) as tf.Tensor2D;
  const cont = tf.reshape(wm.contProb(later), [h, n]) as tf.Tensor2D;
  const startFeat = tf.concat(seq.feat.slice(0, h)) as tf.Tensor2D; // [H*N, F], steps 0..H-1
  const lastValue = critic.value(seq.feat[h]!);
  const values = tf.concat([tf.reshape(critic.value(startFeat), [h, n]), tf.expandDims(lastValue, 0)]) as tf.Tensor2D; // [H+1, N]
  const returns = lambdaReturn(reward, cont, values, cfg.gamma, cfg.lambda, 0); // [H, N]
  const weights = discountWeights(tf.mul(cont, cfg.gamma) as tf.Tensor2D, startCont);
  const flat = (x: tf.Tensor): tf.Tensor1D => tf.reshape(x, [h * n]) as tf.Tensor1D;
  return {
    feat: startFeat,
    action: tf.concat(seq.action) as tf.Tensor2D,
    returns: flat(returns),
    values: flat(tf.slice(values, [0, 0], [h, n])),
    weights: flat(weights),
  };
}

/**
 * weight_k = prod_{j<k} disc_j with weight_0 = the start's continue flag: later steps count less. discount [H, N]
 * -> [H, N]. (A product loop: tfjs has no gradient for cumprod, and the weights are constants to every loss.)
 */
function discountWeights(discount: tf.Tensor2D, startCont: tf.Tensor1D): tf.Tensor2D {
  const discs = tf.unstack(stopGradient(discount)).slice(0, discount.shape[0] - 1);
  const rows: tf.Tensor[] = [startCont];
  for (const d of discs) rows.push(tf.mul(rows.at(-1)!, d));
  return tf.stack(rows) as tf.Tensor2D;
}

/** REINFORCE: -log pi(a) * sg(advantage) - entropy bonus, advantage = (R - v) / scale. */
export function reinforceActorLoss(actor: Actor, t: Imagined, scale: number, entropy: number): tf.Scalar {
  const dist = actor.dist(t.feat);
  const adv = tf.div(tf.sub(t.returns, t.values), scale);
  const objective = tf.add(tf.mul(dist.logProb(t.action), adv), tf.mul(dist.entropy(), entropy));
  return tf.neg(tf.mean(tf.mul(objective, t.weights))) as tf.Scalar;
}

/** Dynamics backprop: maximise R / scale through the model, plus the entropy bonus. */
export function dynamicsActorLoss(actor: Actor, t: Imagined, scale: number, entropy: number): tf.Scalar {
  const objective = tf.add(tf.div(t.returns, scale), tf.mul(actor.dist(t.feat).entropy(), entropy));
  return tf.neg(tf.mean(tf.mul(objective, t.weights))) as tf.Scalar;
}

/** Two-hot NLL of the lambda-returns, plus the slow critic's prediction as a regulariser. */
export function criticLoss(critic: Critic, slowCritic: Critic, t: Imagined, slowReg: number): tf.Scalar {
  const dist = critic.dist(t.feat);
  const slowTarget = slowCritic.value(t.feat);
  const loss = tf.add(tf.neg(dist.logProb(t.returns)), tf.mul(tf.neg(dist.logProb(slowTarget)), slowReg));
  return tf.mean(tf.mul(loss, t.weights)) as tf.Scalar;
}

export class Behavior {
  readonly actor: Actor;
  readonly critic: Critic;
  readonly slowCritic: Critic;
  readonly returnNorm: ReturnNormaliser;
  readonly actorGrad: ActorGrad;
  private readonly actorOpt: Adam;
  private readonly criticOpt: Adam;

  constructor(
    readonly cfg: BehaviorConfig,
    mlp: MlpConfig,
    readonly wm: WorldModel,
    spec: ActionSpec,
    private readonly rng: TensorRng,
  ) {
    const feat = wm.rssm.featSize;
    this.actorGrad = resolveActorGrad(cfg.actor_grad, spec);
    this.actor = new Actor(feat, spec, cfg, mlp, rng);
    this.critic = new Critic('critic', feat, wm.twohot, mlp, rng);
    this.slowCritic = new Critic('slow_critic', feat, wm.twohot, mlp, rng);
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

  /** Imagines from `start` [N, ·] and scores the rollout (no state changes but the RNG's). */
  imagine(start: RssmState, startCont: tf.Tensor1D): Imagined {
    const seq = imagineWithActor(this.wm, this.actor, start, this.cfg.horizon, this.rng);
    return scoreImagination(this.wm, this.critic, seq, startCont, this.cfg);
  }

  /**
   * One actor and one critic update from the (detached) posterior states `start` [N, ·]: imagine, step the actor
   * (through the dynamics, the rollout runs inside the actor's tape), update the return normaliser, step the
   * critic on the same (detached) rollout, and let the slow critic trail.
   */
  train(start: RssmState, startCont: tf.Tensor1D): BehaviorMetrics {
    const actor = this.actorGrad === 'dynamics' ? this.dynamicsStep(start, startCont) : this.reinforceStep(start, startCont);
    const { traj, norm } = actor;
    this.returnNorm.setState(norm); // the normaliser's one update, outside every tape
    const criticStep = this.criticOpt.minimize(() => criticLoss(this.critic, this.slowCritic, traj, this.cfg.slow_critic_reg));
    // A skipped (NaN/Inf) critic update leaves every behaviour variable as it was, the slow critic included.
    if (!criticStep.skipped) this.critic.updateSlow(this.slowCritic, this.cfg.slow_critic_rate);
    const means = tf.tidy(() => tf.stack([tf.mean(traj.returns), tf.mean(traj.values)]).dataSync());
    tf.dispose(Object.values(traj));
    return {
      'loss/actor': actor.step.loss,
      'loss/critic': criticStep.loss,
      'grad_norm/actor': actor.step.gradNorm,
      'grad_norm/critic': criticStep.gradNorm,
      'imag/return_mean': means[0]!,
      'imag/value_mean': means[1]!,
      'imag/return_scale': this.returnNorm.scaleOf(norm),
    };
  }

  /** REINFORCE: the rollout is data, imagined once outside the actor's tape. */
  private reinforceStep(start: RssmState, startCont: tf.Tensor1D): ActorStep {
    const traj = tf.tidy(() => keepImagined(this.imagine(start, startCont)));
    const norm = this.returnNorm.next(traj.returns);
    const scale = this.returnNorm.scaleOf(norm);
    const step = this.actorOpt.minimize(() => reinforceActorLoss(this.actor, traj, scale, this.cfg.entropy));
    return { step, traj, norm };
  }

  /** Dynamics backprop: the rollout runs inside the actor's tape; the critic then trains on it, detached. */
  private dynamicsStep(start: RssmState, startCont: tf.Tensor1D): ActorStep {
    return minimizeWithAux(this.actorOpt, () => {
      const traj = this.imagine(start, startCont);
      const norm = this.returnNorm.next(traj.returns); // read inside the tape, set by the caller
      const loss = dynamicsActorLoss(this.actor, traj, this.returnNorm.scaleOf(norm), this.cfg.entropy);
      return { loss, traj: keepImagined(traj), norm };
    });
  }
}

/** An actor update with the rollout it trained on (kept: the caller disposes it) and the normaliser's next statistics. */
interface ActorStep {
  step: MinimizeResult;
  traj: Imagined;
  norm: ReturnNormaliserState;
}

/** Marks a rollout's tensors to outlive the enclosing tidy or gradient tape. */
function keepImagined(t: Imagined): Imagined {
  return { feat: tf.keep(t.feat), action: tf.keep(t.action), returns: tf.keep(t.returns), values: tf.keep(t.values), weights: tf.keep(t.weights) };
}

/** `opt.minimize` of a loss that also produces the rollout it was computed on (which must be `tf.keep`-ed). */
function minimizeWithAux(opt: Adam, lossFn: () => { loss: tf.Scalar; traj: Imagined; norm: ReturnNormaliserState }): ActorStep {
  let aux: Omit<ActorStep, 'step'> | undefined;
  const step = opt.minimize(() => {
    const { loss, ...rest } = lossFn();
    aux = rest;
    return loss;
  });
  // minimize calls lossFn exactly once, so aux is set
  return { step, ...(aux as Omit<ActorStep, 'step'>) };
}
