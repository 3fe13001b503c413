import * as tf from '@tensorflow/tfjs';
import { GRUCell, Module, type MLP, type Activation, type NormKind, type TensorRng } from '../../src/tensor/index.js';
import { makeMlp } from './nets.js';
import { makeLatent, type LatentConfig, type LatentKind } from './latent.js';

/**
 * The recurrent state-space model: a deterministic GRU state h and a stochastic latent z.
 *   h_t = GRU(h_{t-1}, [z_{t-1}, a_{t-1}])        (sequence model)
 *   prior     p(z_t | h_t)                         (dynamics predictor; imagine)
 *   posterior q(z_t | h_t, embed(o_t))             (representation; observe)
 * `isFirst` resets (h, z, a) to zeros inside a sequence, so sequences may span episode boundaries.
 */

export interface RssmConfig {
  deter: number;
  hidden: number;
  act: Activation;
  norm: NormKind;
  latent: LatentConfig;
}

/** The carry: h [N, D] and flat z [N, S]. */
export interface RssmState {
  deter: tf.Tensor2D;
  stoch: tf.Tensor2D;
}

/** Posterior rollout over a sequence, time-major and flattened: every field [T*B, ·]. */
export interface ObserveResult {
  deter: tf.Tensor2D;
  stoch: tf.Tensor2D;
  postStats: tf.Tensor2D;
  priorStats: tf.Tensor2D;
}

export class Rssm extends Module {
  readonly latent: LatentKind;
  private readonly imgIn: MLP;
  private readonly gru: GRUCell;
  private readonly priorNet: MLP;
  private readonly postNet: MLP;

  constructor(
    readonly cfg: RssmConfig,
    readonly actionSize: number,
    readonly embedSize: number,
    private readonly rng: TensorRng,
  ) {
    super('rssm');
    this.latent = makeLatent(cfg.latent);
    const mlp = { layers: 1, units: cfg.hidden, act: cfg.act, norm: cfg.norm };
    this.imgIn = this.addChild(makeMlp('img_in', this.latent.stochSize + actionSize, null, mlp, rng));
    this.gru = this.addChild(new GRUCell('gru', cfg.hidden, cfg.deter, { variant: 'v3', norm: cfg.norm, rng }));
    this.priorNet = this.addChild(makeMlp('prior', cfg.deter, this.latent.statSize, mlp, rng));
    this.postNet = this.addChild(makeMlp('post', cfg.deter + embedSize, this.latent.statSize, mlp, rng));
  }

  get featSize(): number {
    return this.cfg.deter + this.latent.stochSize;
  }

  initial(n: number): RssmState {
    return { deter: tf.zeros([n, this.cfg.deter]), stoch: tf.zeros([n, this.latent.stochSize]) };
  }

  /** The feature the heads read: [h, z], [N, D + S]. */
  feat(state: RssmState): tf.Tensor2D {
    return tf.concat([state.deter, state.stoch], 1);
  }

  /** One sequence-model step: h_t from (h_{t-1}, z_{t-1}, a_{t-1}). */
  private deterStep(prev: RssmState, prevAction: tf.Tensor2D): tf.Tensor2D {
    const x = this.imgIn.apply(tf.concat([prev.stoch, prevAction], 1));
    return this.gru.apply(x, prev.deter);
  }

  /** Zeroes the carry (and action) of rows whose step starts an episode. isFirst [N] as 0/1 floats. */
  resetWhereFirst(state: RssmState, action: tf.Tensor2D, isFirst: tf.Tensor1D): [RssmState, tf.Tensor2D] {
    const keep = tf.expandDims(tf.sub(1, isFirst), 1);
    return [{ deter: tf.mul(state.deter, keep), stoch: tf.mul(state.stoch, keep) }, tf.mul(action, keep)];
  }

  /** Posterior step used when acting: returns the state and its posterior stats. */
  obsStep(prev: RssmState, prevAction: tf.Tensor2D, embed: tf.Tensor2D, isFirst: tf.Tensor1D | null): { state: RssmState; stats: tf.Tensor2D } {
    // null: no row starts an episode (most acting steps), so there is nothing to reset
    const [state0, action0] = isFirst ? this.resetWhereFirst(prev, prevAction, isFirst) : [prev, prevAction];
    const deter = this.deterStep(state0, action0);
    const stats = this.postNet.apply(tf.concat([deter, embed], 1)) as tf.Tensor2D;
    return { state: { deter, stoch: this.latent.sample(stats, this.rng) }, stats };
  }

  /** Prior step used in imagination. */
  imgStep(prev: RssmState, action: tf.Tensor2D): RssmState {
    const deter = this.deterStep(prev, action);
    const stats = this.priorNet.apply(deter) as tf.Tensor2D;
    return { deter, stoch: this.latent.sample(stats, this.rng) };
  }

  /**
   * Posterior over whole sequences, time-major (slices along the first axis are contiguous, so stacking and its
   * gradient stay cheap). Only the GRU and posterior run per step; the prior runs once over all [T*B].
   * embed [T, B, E], prevAction [T, B, A], isFirst [T, B].
   */
  observe(embed: tf.Tensor3D, prevAction: tf.Tensor3D, isFirst: tf.Tensor2D): ObserveResult {
    const [t, b] = [embed.shape[0], embed.shape[1]];
    const embeds = tf.unstack(embed) as tf.Tensor2D[];
    const actions = tf.unstack(prevAction) as tf.Tensor2D[];
    const firsts = tf.unstack(isFirst) as tf.Tensor1D[];
    let state = this.initial(b);
    const deters: tf.Tensor2D[] = [];
    const stochs: tf.Tensor2D[] = [];
    const stats: tf.Tensor2D[] = [];
    for (let i = 0; i < t; i++) {
      const out = this.obsStep(state, actions[i]!, embeds[i]!, firsts[i]!);
      state = out.state;
      deters.push(state.deter);
      stochs.push(state.stoch);
      stats.push(out.stats);
    }
    const deter = tf.concat(deters) as tf.Tensor2D;
    return { deter, stoch: tf.concat(stochs) as tf.Tensor2D, postStats: tf.concat(stats) as tf.Tensor2D, priorStats: this.priorNet.apply(deter) as tf.Tensor2D };
  }
}
