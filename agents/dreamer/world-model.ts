import * as tf from '@tensorflow/tfjs';
import { Module, type MLP, type TensorRng } from '../../src/tensor/index.js';
import { stopGradient } from '../../src/tensor/math/stop_gradient.js';
import { symlog } from '../../src/tensor/math/symlog.js';
import { makeMlp, type MlpConfig } from './nets.js';
import { Rssm, type ObserveResult, type RssmConfig } from './rssm.js';
import { TwoHot } from './twohot.js';

/**
 * The world model: encoder -> RSSM -> heads (decoder, reward, continue), trained on the negative time-series ELBO
 * split into named terms. Everything except the RSSM's GRU loop runs over all [B*T] steps at once.
 */

export const WORLD_MODEL_LOSS_KEYS = ['recon', 'reward', 'cont', 'dyn', 'rep'] as const;
export type WorldModelLossKey = (typeof WORLD_MODEL_LOSS_KEYS)[number];

export interface WorldModelConfig {
  rssm: RssmConfig;
  mlp: MlpConfig;
  symlog_inputs: boolean;
  reward_head: 'twohot' | 'mse';
  bins: number;
  free_nats: number;
  loss_scales: Record<WorldModelLossKey, number>;
}

/** A replayed batch as time-major tensors. obs [T, B, O]; prevAction [T, B, A] (the action that led to obs, 0 at is_first). */
export interface SequenceTensors {
  obs: tf.Tensor3D;
  prevAction: tf.Tensor3D;
  reward: tf.Tensor2D;
  isFirst: tf.Tensor2D;
  isTerminal: tf.Tensor2D;
}

export interface WorldModelLoss {
  total: tf.Scalar;
  terms: Record<WorldModelLossKey, tf.Scalar>;
  post: ObserveResult;
}

export class WorldModel extends Module {
  readonly rssm: Rssm;
  readonly encoder: MLP;
  readonly decoder: MLP;
  readonly rewardHead: MLP;
  readonly contHead: MLP;
  readonly twohot: TwoHot;

  constructor(
    readonly cfg: WorldModelConfig,
    readonly obsSize: number,
    readonly actionSize: number,
    rng: TensorRng,
  ) {
    super('wm');
    this.encoder = this.addChild(makeMlp('encoder', obsSize, null, cfg.mlp, rng));
    this.rssm = this.addChild(new Rssm(cfg.rssm, actionSize, this.encoder.outDim, rng));
    const feat = this.rssm.featSize;
    this.decoder = this.addChild(makeMlp('decoder', feat, obsSize, cfg.mlp, rng));
    this.twohot = new TwoHot(cfg.bins);
    this.rewardHead = this.addChild(makeMlp('reward', feat, cfg.reward_head === 'twohot' ? cfg.bins : 1, cfg.mlp, rng, true));
    this.contHead = this.addChild(makeMlp('cont', feat, 1, cfg.mlp, rng));
  }

  /** obs [N, O] -> embed [N, E]. */
  embed(obs: tf.Tensor2D): tf.Tensor2D {
    return this.encoder.apply(this.cfg.symlog_inputs ? symlog(obs) : obs) as tf.Tensor2D;
  }

  /** Predicted reward (real scale) for features [N, F]: [N]. */
  reward(feat: tf.Tensor2D): tf.Tensor1D {
    const out = this.rewardHead.apply(feat) as tf.Tensor2D;
    return this.cfg.reward_head === 'twohot' ? this.twohot.mean(out) : (tf.reshape(out, [-1]) as tf.Tensor1D);
  }

  /** Probability that the episode continues after reaching the feature's state: [N]. */
  contProb(feat: tf.Tensor2D): tf.Tensor1D {
    return tf.reshape(tf.sigmoid(this.contHead.apply(feat)), [-1]) as tf.Tensor1D;
  }

  /** The negative ELBO terms of one batch (call inside a gradient tape). */
  loss(batch: SequenceTensors): WorldModelLoss {
    const [t, b, o] = batch.obs.shape;
    const n = t * b;
    const embed = tf.reshape(this.embed(tf.reshape(batch.obs, [n, o])), [t, b, -1]) as tf.Tensor3D;
    const post = this.rssm.observe(embed, batch.prevAction, batch.isFirst);
    const feat = tf.concat([post.deter, post.stoch], 1) as tf.Tensor2D;

    const target = tf.reshape(this.cfg.symlog_inputs ? symlog(batch.obs) : batch.obs, [n, o]);
    const recon = tf.mean(tf.sum(tf.square(tf.sub(this.decoder.apply(feat), target)), 1)) as tf.Scalar;
    const reward = this.rewardLoss(feat, tf.reshape(batch.reward, [n]) as tf.Tensor1D);
    const cont = this.contLoss(feat, tf.reshape(batch.isTerminal, [n]) as tf.Tensor1D);
    const { dyn, rep } = this.klLosses(post);
    const terms = { recon, reward, cont, dyn, rep };
    const scaled = WORLD_MODEL_LOSS_KEYS.map((k) => tf.mul(terms[k], this.cfg.loss_scales[k]));
    return { total: tf.addN(scaled) as tf.Scalar, terms, post };
  }

  private rewardLoss(feat: tf.Tensor2D, reward: tf.Tensor1D): tf.Scalar {
    const out = this.rewardHead.apply(feat) as tf.Tensor2D;
    if (this.cfg.reward_head === 'twohot') return tf.mean(this.twohot.nll(out, reward)) as tf.Scalar;
    return tf.mean(tf.square(tf.sub(tf.reshape(out, [-1]), reward))) as tf.Scalar;
  }

  /** Bernoulli NLL of "continues"; the target is 0 only on a true termination (a truncation continues). */
  private contLoss(feat: tf.Tensor2D, isTerminal: tf.Tensor1D): tf.Scalar {
    const logits = tf.reshape(this.contHead.apply(feat), [-1]);
    // Binary cross-entropy with logits x and target c: softplus(x) - x * c.
    return tf.mean(tf.sub(tf.softplus(logits), tf.mul(logits, tf.sub(1, isTerminal)))) as tf.Scalar;
  }

  /** KL balancing: dyn trains the prior towards sg(posterior), rep the posterior towards sg(prior); free nats per step. */
  private klLosses(post: ObserveResult): { dyn: tf.Scalar; rep: tf.Scalar } {
    const [q, p] = [post.postStats, post.priorStats];
    const latent = this.rssm.latent;
    const dynKl = latent.kl(stopGradient(q) as tf.Tensor2D, p);
    const repKl = latent.kl(q, stopGradient(p) as tf.Tensor2D);
    const free = this.cfg.free_nats;
    return { dyn: tf.mean(tf.maximum(dynKl, free)) as tf.Scalar, rep: tf.mean(tf.maximum(repKl, free)) as tf.Scalar };
  }

}
