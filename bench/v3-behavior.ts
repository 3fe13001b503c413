/**
 * The actor-critic update of agents/dreamer/behavior.ts (REINFORCE path), restated with the agent's own networks
 * (world model, actor, critic, slow critic, return normaliser) but freeing each imagination step's intermediates as
 * it goes. Why: `Behavior.train` imagines inside one `tf.tidy`, so every step's temporaries (GRU gates, categorical
 * probabilities, Gumbel noise, ...) live until the rollout ends; at V3 size (1024 starts × 15 steps) that peaks
 * near the wasm backend's 4 GB heap and aborts on the second update (see docs/performance.md). Same kernels, same
 * losses, same optimiser settings: only the lifetime of temporaries differs.
 */
import * as tf from '@tensorflow/tfjs';
import { boundAction } from '../agents/dreamer/actor.js';
import type { Behavior, BehaviorMetrics } from '../agents/dreamer/behavior.js';
import type { RssmState } from '../agents/dreamer/rssm.js';
import { Adam, type TensorRng } from '../src/tensor/index.js';
import { lambdaReturn } from '../src/tensor/math/lambda_return.js';

/** The imagined trajectory the losses read, flattened time-major over H start steps: feat [H·N, F], the rest [H·N]. */
interface Trajectory {
  feat: tf.Tensor2D;
  action: tf.Tensor2D;
  returns: tf.Tensor1D;
  values: tf.Tensor1D;
  weights: tf.Tensor1D;
}

export class LeanBehavior {
  private readonly actorOpt: Adam;
  private readonly criticOpt: Adam;

  constructor(
    readonly behavior: Behavior,
    private readonly rng: TensorRng,
  ) {
    const c = behavior.cfg;
    const opt = { beta1: 0.9, beta2: 0.999, eps: c.eps, clip: c.clip };
    this.actorOpt = new Adam('actor', behavior.actor.variables(), { lr: c.actor_lr, ...opt });
    this.criticOpt = new Adam('critic', behavior.critic.variables(), { lr: c.critic_lr, ...opt });
  }

  /** H prior steps from `start` [N, ·]: the features of steps 0..H [N, F] and the actions 0..H-1 [N, A]. */
  private rollout(start: RssmState): { feats: tf.Tensor2D[]; actions: tf.Tensor2D[] } {
    const { actor, wm } = this.behavior;
    const feats = [wm.rssm.feat(start)];
    const actions: tf.Tensor2D[] = [];
    let state = start;
    for (let k = 0; k < this.behavior.cfg.horizon; k++) {
      const prev = state;
      const step = tf.tidy(() => {
        const action = actor.dist(feats[k]!).sample(this.rng);
        const next = wm.rssm.imgStep(prev, boundAction(actor.spec, action));
        return { action, deter: next.deter, stoch: next.stoch, feat: wm.rssm.feat(next) };
      });
      if (prev !== start) tf.dispose([prev.deter, prev.stoch]);
      state = { deter: step.deter, stoch: step.stoch };
      actions.push(step.action);
      feats.push(step.feat);
    }
    tf.dispose([state.deter, state.stoch]);
    return { feats, actions };
  }

  /** Imagines and scores the rollout as `Behavior.imagine` does; returns the trajectory and the return scale. */
  private imagine(start: RssmState, startCont: tf.Tensor1D): { traj: Trajectory; scale: number } {
    const { feats, actions } = this.rollout(start);
    const { wm, critic, cfg } = this.behavior;
    const [h, n] = [cfg.horizon, startCont.shape[0]];
    const traj = tf.tidy(() => {
      const later = tf.concat(feats.slice(1)) as tf.Tensor2D; // [H·N, F], steps 1..H
      const reward = tf.reshape(wm.reward(later), [h, n]);
      const cont = tf.reshape(wm.contProb(later), [h, n]);
      const startFeat = tf.concat(feats.slice(0, h)) as tf.Tensor2D; // [H·N, F], steps 0..H-1
      const values = tf.concat([tf.reshape(critic.value(startFeat), [h, n]), tf.expandDims(critic.value(feats[h]!), 0)]);
      const returns = tf.transpose(lambdaReturn(tf.transpose(reward), tf.transpose(cont), tf.transpose(values), cfg.gamma, cfg.lambda));
      // weight_k = prod_{j<k} gamma·cont_j, starting from the start's continue flag.
      const discs = tf.unstack(tf.mul(cont, cfg.gamma)).slice(0, h - 1);
      const rows: tf.Tensor[] = [startCont];
      for (const d of discs) rows.push(tf.mul(rows.at(-1)!, d));
      const flat = (x: tf.Tensor): tf.Tensor1D => tf.reshape(x, [h * n]) as tf.Tensor1D;
      return {
        feat: startFeat,
        action: tf.concat(actions) as tf.Tensor2D,
        returns: flat(returns),
        values: flat(tf.slice(values, [0, 0], [h, n])),
        weights: flat(tf.stack(rows)),
      };
    });
    tf.dispose([...feats, ...actions]);
    const scale = this.behavior.returnNorm.update(traj.returns.dataSync() as Float32Array);
    return { traj, scale };
  }

  /** One actor and one critic update from the detached posterior states `start` [N, ·]. */
  train(start: RssmState, startCont: tf.Tensor1D): BehaviorMetrics {
    const { actor, critic, slowCritic, wm, cfg } = this.behavior;
    const { traj: t, scale } = this.imagine(start, startCont);
    const actorStep = this.actorOpt.minimize(() => {
      const dist = actor.dist(t.feat);
      const adv = tf.div(tf.sub(t.returns, t.values), scale);
      const objective = tf.add(tf.mul(dist.logProb(t.action), adv), tf.mul(dist.entropy(), cfg.entropy));
      return tf.neg(tf.mean(tf.mul(objective, t.weights))) as tf.Scalar;
    });
    const criticStep = this.criticOpt.minimize(() => {
      const logits = critic.logits(t.feat);
      const slowTarget = slowCritic.value(t.feat);
      const nll = tf.add(wm.twohot.nll(logits, t.returns), tf.mul(wm.twohot.nll(logits, slowTarget), cfg.slow_critic_reg));
      return tf.mean(tf.mul(nll, t.weights)) as tf.Scalar;
    });
    if (!criticStep.skipped) critic.updateSlow(slowCritic, cfg.slow_critic_rate);
    const means = tf.tidy(() => tf.stack([tf.mean(t.returns), tf.mean(t.values)]).dataSync());
    tf.dispose(Object.values(t));
    return {
      'loss/actor': actorStep.loss,
      'loss/critic': criticStep.loss,
      'grad_norm/actor': actorStep.gradNorm,
      'grad_norm/critic': criticStep.gradNorm,
      'imag/return_mean': means[0]!,
      'imag/value_mean': means[1]!,
      'imag/return_scale': scale,
    };
  }
}
