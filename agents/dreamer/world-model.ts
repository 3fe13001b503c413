import * as tf from '@tensorflow/tfjs';
import { Bernoulli, MSEDist, Module, SymlogMSE, SymlogTwoHot, type MLP, type TensorRng } from '../../src/tensor/index.js';
import { symlog } from '../../src/tensor/math/symlog.js';
import { layoutSize, vectorLayout, type ObsEntry, type ObsLayout } from '../api.js';
import { checkCnnImage, ImageDecoder, ImageEncoder, scaleImage, unscaleImage } from './cnn.js';
import type { WorldModelConfig } from './config.js';
import { makeMlp } from './nets.js';
import { Rssm, type ObserveResult } from './rssm.js';
import { TwoHot } from './twohot.js';

/**
 * The world model: encoder -> RSSM -> heads (decoder, reward, continue), trained on the negative time-series ELBO
 * split into named terms. Each head returns a distribution of the tensor library (`head(feat).logProb(x)`,
 * `.mode()`). Everything except the RSSM's GRU loop runs over all [T*B] steps at once.
 *
 * Observation rows are routed by their layout (agents/api.ts): the vector entries, concatenated, go through the MLP
 * encoder and come back from the MLP decoder; every image entry (uint8 [H, W, C]) has its own CNN encoder and
 * transposed-CNN decoder (./cnn.ts). The embeddings are concatenated into the RSSM's input, and the
 * reconstruction loss is the sum of one term per entry (logged as loss/recon/<key> when there is more than one
 * entry or an image).
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
  /** Reward + continue NLL on prior features, present only when `loss_scales.prior_heads` > 0 (counted in total). */
  priorHeads?: tf.Scalar;
  /** The reconstruction term of each entry of `reconKeys` (they sum to terms.recon). */
  recon: Record<string, tf.Scalar>;
  post: ObserveResult;
}

/** The reward head's distribution: symlog two-hot (DreamerV3) or a point prediction scored by squared error. */
export type RewardDist = SymlogTwoHot | MSEDist;

/** An image entry with its networks. */
interface ImageRoute {
  entry: ObsEntry;
  encoder: ImageEncoder;
  decoder: ImageDecoder;
}

export class WorldModel extends Module {
  readonly rssm: Rssm;
  /** The MLP encoder and decoder of the vector entries; null when every entry is an image. */
  readonly encoder: MLP | null;
  readonly decoder: MLP | null;
  readonly rewardHead: MLP;
  readonly contHead: MLP;
  readonly twohot: TwoHot;
  readonly layout: ObsLayout;
  /** O: width of an observation row */
  readonly obsSize: number;
  readonly vectors: readonly ObsEntry[];
  readonly images: readonly ImageRoute[];
  /** Names of the reconstruction terms logged one by one (loss/recon/<key>); empty for a single vector entry. */
  readonly reconKeys: readonly string[];

  constructor(
    readonly cfg: WorldModelConfig,
    obs: number | ObsLayout,
    readonly actionSize: number,
    rng: TensorRng,
  ) {
    super('wm');
    const { mlp, model } = cfg;
    this.layout = typeof obs === 'number' ? vectorLayout(obs) : obs;
    this.obsSize = layoutSize(this.layout);
    this.vectors = this.layout.filter((e) => e.kind === 'vector');
    const imageEntries = this.layout.filter((e) => e.kind === 'image');
    for (const e of imageEntries) checkCnnImage(e, cfg.cnn);
    const vectorSize = layoutSize(this.vectors);
    this.encoder = vectorSize > 0 ? this.addChild(makeMlp('encoder', vectorSize, null, mlp, rng)) : null;
    const imageEncoders = imageEntries.map((e) => this.addChild(new ImageEncoder(`cnn_encoder_${moduleKey(e.key)}`, imageShape(e), cfg.cnn, rng)));
    const embedSize = (this.encoder?.outDim ?? 0) + imageEncoders.reduce((n, enc) => n + enc.outDim, 0);
    this.rssm = this.addChild(new Rssm(cfg.rssm, mlp, actionSize, embedSize, rng));
    const feat = this.rssm.featSize;
    this.decoder = vectorSize > 0 ? this.addChild(makeMlp('decoder', feat, vectorSize, mlp, rng)) : null;
    this.images = imageEntries.map((entry, i) => ({
      entry,
      encoder: imageEncoders[i]!,
      decoder: this.addChild(new ImageDecoder(`cnn_decoder_${moduleKey(entry.key)}`, feat, imageShape(entry), cfg.cnn, rng)),
    }));
    this.reconKeys = this.layout.length > 1 || imageEntries.length > 0 ? this.layout.map((e) => e.key) : [];
    this.twohot = new TwoHot(model.bins);
    this.rewardHead = this.addChild(makeMlp('reward', feat, model.reward_head === 'twohot' ? model.bins : 1, mlp, rng, true));
    this.contHead = this.addChild(makeMlp('cont', feat, 1, mlp, rng));
  }

  /** obs [N, O] -> embed [N, E]: the MLP embedding of the vector entries, then each image's CNN embedding. */
  embed(obs: tf.Tensor2D): tf.Tensor2D {
    const parts: tf.Tensor2D[] = [];
    if (this.encoder) {
      const v = this.vectorColumns(obs);
      parts.push(this.encoder.apply(this.cfg.model.symlog_inputs ? symlog(v) : v) as tf.Tensor2D);
    }
    for (const { entry, encoder } of this.images) parts.push(encoder.apply(scaleImage(this.imageOf(obs, entry)) as tf.Tensor4D));
    return parts.length === 1 ? parts[0]! : (tf.concat(parts, 1) as tf.Tensor2D);
  }

  /** The vector entries' columns of obs [N, O], concatenated: [N, Dv]. */
  private vectorColumns(obs: tf.Tensor2D): tf.Tensor2D {
    if (this.vectors.length === 1 && this.vectors[0]!.size === this.obsSize) return obs;
    const cols = this.vectors.map((e) => tf.slice(obs, [0, e.offset], [-1, e.size]));
    return cols.length === 1 ? cols[0]! : (tf.concat(cols, 1) as tf.Tensor2D);
  }

  /** One image entry of obs [N, O] as [N, H, W, C] pixel values. */
  private imageOf(obs: tf.Tensor2D, entry: ObsEntry): tf.Tensor4D {
    return tf.reshape(tf.slice(obs, [0, entry.offset], [-1, entry.size]), [-1, ...imageShape(entry)]) as tf.Tensor4D;
  }

  /** The head of the vector entries on features [N, F]: predicts symlog(obs) when inputs are symlogged; mode() is [N, Dv]. */
  obsDist(feat: tf.Tensor2D): MSEDist {
    // Unreachable from input: callers ask for the vector head only when the layout has vector entries.
    if (!this.decoder) throw new Error('obsDist: this world model has no vector entries');
    const pred = this.decoder.apply(feat);
    return this.cfg.model.symlog_inputs ? new SymlogMSE(pred) : new MSEDist(pred);
  }

  /** The decoded observation rows for features [N, F], in observation units (pixels 0..255): [N, O]. */
  decodeObs(feat: tf.Tensor2D): tf.Tensor2D {
    const byKey = new Map<string, tf.Tensor2D>();
    if (this.decoder) {
      const v = this.obsDist(feat).mode() as tf.Tensor2D;
      let col = 0;
      for (const e of this.vectors) {
        byKey.set(e.key, this.vectors.length === 1 ? v : (tf.slice(v, [0, col], [-1, e.size]) as tf.Tensor2D));
        col += e.size;
      }
    }
    for (const { entry, decoder } of this.images) byKey.set(entry.key, tf.reshape(unscaleImage(decoder.apply(feat)), [-1, entry.size]));
    const rows = this.layout.map((e) => byKey.get(e.key)!);
    return rows.length === 1 ? rows[0]! : (tf.concat(rows, 1) as tf.Tensor2D);
  }

  /** -log p(o | s) per entry, each averaged over the [N] rows: vectors by (symlog) MSE, images by MSE summed over pixels. */
  private reconTerms(feat: tf.Tensor2D, obs: tf.Tensor2D): Map<string, tf.Scalar> {
    const terms = new Map<string, tf.Scalar>();
    if (this.decoder) {
      const dist = this.obsDist(feat);
      if (this.vectors.length === 1) {
        terms.set(this.vectors[0]!.key, nll(dist.logProb(this.vectorColumns(obs))));
      } else {
        let col = 0;
        for (const e of this.vectors) {
          const pred = tf.slice(dist.pred, [0, col], [-1, e.size]);
          const part = this.cfg.model.symlog_inputs ? new SymlogMSE(pred) : new MSEDist(pred);
          terms.set(e.key, nll(part.logProb(tf.slice(obs, [0, e.offset], [-1, e.size]))));
          col += e.size;
        }
      }
    }
    for (const { entry, decoder } of this.images) {
      const dist = new MSEDist(decoder.apply(feat), { independentDims: 3 });
      terms.set(entry.key, nll(dist.logProb(scaleImage(this.imageOf(obs, entry)))));
    }
    return terms;
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
    const perEntry = this.reconTerms(feat, tf.reshape(batch.obs, [n, o]));
    const recon = perEntry.size === 1 ? [...perEntry.values()][0]! : (tf.addN([...perEntry.values()]) as tf.Scalar);
    const { reward, cont } = this.headsLoss(feat, batch);
    const { dyn, rep } = this.rssm.loss(post, this.cfg.model.free_nats);
    const terms = { recon, reward, cont, dyn, rep };
    const scaled = WORLD_MODEL_LOSS_KEYS.map((k) => tf.mul(terms[k], this.cfg.loss_scales[k]));
    const reconByKey = Object.fromEntries(this.reconKeys.map((k) => [k, perEntry.get(k)!]));
    // Off by default: drawing the prior's z takes RNG draws, so seeded runs without it stay as they were.
    const priorScale = this.cfg.loss_scales.prior_heads;
    if (priorScale <= 0) return { total: tf.addN(scaled) as tf.Scalar, terms, recon: reconByKey, post };
    const priorHeads = this.priorHeadsLoss(post, batch);
    return { total: tf.addN([...scaled, tf.mul(priorHeads, priorScale)]) as tf.Scalar, terms, recon: reconByKey, post, priorHeads };
  }

  /**
   * The reward and continue heads on prior features [h_t, z_t ~ p(z | h_t)] at every replayed step. Imagination
   * reads the heads on such states only, while the plain loss trains them on posterior ones: where the posterior
   * holds what decides the reward (catch's final frame) and the prior spreads its z, the heads' reading of the prior
   * is never trained. The gradient reaches the heads, the prior and (through h) the sequence model.
   */
  private priorHeadsLoss(post: ObserveResult, batch: SequenceTensors): tf.Scalar {
    const { reward, cont } = this.headsLoss(this.rssm.priorFeat(post), batch);
    return tf.add(reward, cont) as tf.Scalar;
  }

  /** Reward and continue NLL of features [T*B, F] against the batch's rewards and terminations. */
  private headsLoss(feat: tf.Tensor2D, batch: SequenceTensors): { reward: tf.Scalar; cont: tf.Scalar } {
    const n = feat.shape[0];
    const reward = nll(this.rewardDist(feat).logProb(tf.reshape(batch.reward, [n])));
    // The target is 0 only on a true termination (a truncation continues).
    const cont = nll(this.contDist(feat).logProb(tf.sub(1, tf.reshape(batch.isTerminal, [n]))));
    return { reward, cont };
  }
}

/** The mean negative log-likelihood of per-row log-probabilities. */
function nll(logProb: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(logProb)) as tf.Scalar;
}

function imageShape(entry: ObsEntry): [number, number, number] {
  return entry.shape as [number, number, number];
}

/** An entry key as a module name (no '/'; names stay readable in checkpoints). */
function moduleKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_.-]/g, '_');
}
