import * as tf from '@tensorflow/tfjs';
import { Bernoulli, MSEDist, Module, SymlogMSE, SymlogTwoHot, type MLP, type TensorRng } from '../../src/tensor/index.js';
import { symlog } from '../../src/tensor/math/symlog.js';
import type { WorldModelConfig } from './config.js';
import { makeMlp } from './nets.js';
import { Rssm, type ObserveResult } from './rssm.js';
import { TwoHot } from './twohot.js';

/**
 * The world model: encoder -> RSSM -> heads (decoder, reward, continue), trained on the negative time-series ELBO
 * split into named terms. Each head returns a distribution of the tensor library (`head(feat).logProb(x)`,
 * `.mode()`). Everything except the RSSM's GRU loop runs over all [T*B] steps at once.
 */

export const WORLD_MODEL_LOSS_KEYS = ['recon', 'reward', 'cont', 'dyn', 'rep'] as const;
export type WorldModelLossKey = (typeof WORLD_MODEL_LOSS_KEYS)[number];

export type { WorldModelConfig } from './config.js';

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

/** The reward head's distribution: symlog two-hot (DreamerV3) or a point prediction scored by squared error. */
export type RewardDist = SymlogTwoHot | MSEDist;

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
    const { mlp, model } = cfg;
    this.encoder = this.addChild(makeMlp('encoder', obsSize, null, mlp, rng));
    this.rssm = this.addChild(new Rssm(cfg.rssm, mlp, actionSize, this.encoder.outDim, rng));
    const feat = this.rssm.featSize;
    this.decoder = this.addChild(makeMlp('decoder', feat, obsSize, mlp, rng));
    this.twohot = new TwoHot(model.bins);
    this.rewardHead = this.addChild(makeMlp('reward', feat, model.reward_head === 'twohot' ? model.bins : 1, mlp, rng, true));
    this.contHead = this.addChild(makeMlp('cont', feat, 1, mlp, rng));
  }

  /** obs [N, O] -> embed [N, E]. */
  embed(obs: tf.Tensor2D): tf.Tensor2D {
    return this.encoder.apply(this.cfg.model.symlog_inputs ? symlog(obs) : obs) as tf.Tensor2D;
  }

  /** The observation head on features [N, F]: predicts symlog(obs) when inputs are symlogged; mode() is obs [N, O]. */
  obsDist(feat: tf.Tensor2D): MSEDist {
    const pred = this.decoder.apply(feat);
    return this.cfg.model.symlog_inputs ? new SymlogMSE(pred) : new MSEDist(pred);
  }

  /** The reward head on features [N, F]; mode() is the reward (real scale) [N]. */
  rewardDist(feat: tf.Tensor2D): RewardDist {
    const out = this.rewardHead.apply(feat) as tf.Tensor2D;
    return this.cfg.model.reward_head === 'twohot' ? this.twohot.dist(out) : new MSEDist(tf.reshape(out, [-1]), { independentDims: 0 });
  }

  /** "The episode continues after this state" on features [N, F]: Bernoulli per row, probs [N]. */
  contDist(feat: tf.Tensor2D): Bernoulli {
    return new Bernoulli(tf.reshape(this.contHead.apply(feat), [-1]), { independentDims: 0 });
  }

  /** Predicted reward (real scale) for features [N, F]: [N]. */
  reward(feat: tf.Tensor2D): tf.Tensor1D {
    return this.rewardDist(feat).mode() as tf.Tensor1D;
  }

  /** Probability that the episode continues after reaching the feature's state: [N]. */
  contProb(feat: tf.Tensor2D): tf.Tensor1D {
    return this.contDist(feat).probs as tf.Tensor1D;
  }

  /** The negative ELBO terms of one batch (call inside a gradient tape). */
  loss(batch: SequenceTensors): WorldModelLoss {
    const [t, b, o] = batch.obs.shape;
    const n = t * b;
    const embed = tf.reshape(this.embed(tf.reshape(batch.obs, [n, o])), [t, b, -1]) as tf.Tensor3D;
    const post = this.rssm.observe(embed, batch.prevAction, batch.isFirst);
    const feat = this.rssm.feat(post);
    const nll = (logProb: tf.Tensor): tf.Scalar => tf.neg(tf.mean(logProb)) as tf.Scalar;
    const recon = nll(this.obsDist(feat).logProb(tf.reshape(batch.obs, [n, o])));
    const reward = nll(this.rewardDist(feat).logProb(tf.reshape(batch.reward, [n])));
    // The target is 0 only on a true termination (a truncation continues).
    const cont = nll(this.contDist(feat).logProb(tf.sub(1, tf.reshape(batch.isTerminal, [n]))));
    const { dyn, rep } = this.rssm.loss(post, this.cfg.model.free_nats);
    const terms = { recon, reward, cont, dyn, rep };
    const scaled = WORLD_MODEL_LOSS_KEYS.map((k) => tf.mul(terms[k], this.cfg.loss_scales[k]));
    return { total: tf.addN(scaled) as tf.Scalar, terms, post };
  }
}
