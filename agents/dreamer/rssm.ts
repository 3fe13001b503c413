import * as tf from '@tensorflow/tfjs';
import { GRUCell, Module, type MLP, type TensorRng } from '../../src/tensor/index.js';
import { stopGradient } from '../../src/tensor/math/stop_gradient.js';
import type { MlpConfig, RssmConfig } from './config.js';
import { latentKl, makeLatent, sampleLatent, type LatentKind } from './latent.js';
import { makeMlp } from './nets.js';

/**
 * The recurrent state-space model: a deterministic GRU state h and a stochastic latent z.
 *   h_t = GRU(h_{t-1}, [z_{t-1}, a_{t-1}])        (sequence model)
 *   prior     p(z_t | h_t)                         (dynamics predictor; imagine)
 *   posterior q(z_t | h_t, embed(o_t))             (representation; observe)
 * `isFirst` resets (h, z, a) to zeros inside a sequence, so sequences may span episode boundaries.
 *
 * Time axis: everything in agents/dreamer is time-major. A sequence is [T, B, ·] (the replay's [B, T, ·] batch is
 * transposed once, on the CPU, in the agent); flattened sequences are [T*B, ·] with row t*B + b; per-step lists
 * (imagination) hold T entries of [B, ·]. Time-major slices are contiguous, so stacking and its gradient stay cheap.
 */

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

/** What a policy gives imagination for features [N, F]: the action it drew and the one the model steps with. */
export interface ImaginedAction {
  /** [N, A] the draw (scored by the actor's logProb). */
  action: tf.Tensor2D;
  /** [N, A] the action fed to the sequence model (e.g. clipped to the env's bounds). */
  input: tf.Tensor2D;
}

/** An imagined trajectory as time-major lists: feat has H+1 entries [N, F] (the start first), action H entries [N, A]. */
export interface ImaginedSequence {
  feat: tf.Tensor2D[];
  action: tf.Tensor2D[];
  /** The carry after the last step. */
  last: RssmState;
}

/** The KL-balancing terms, means over all steps. */
export interface RssmLoss {
  /** KL(sg(post) || prior), floored at free nats: trains the prior. */
  dyn: tf.Scalar;
  /** KL(post || sg(prior)), floored at free nats: trains the representation. */
  rep: tf.Scalar;
}

export class Rssm extends Module {
  readonly latent: LatentKind;
  private readonly imgIn: MLP;
  private readonly gru: GRUCell;
  private readonly priorNet: MLP;
  private readonly postNet: MLP;

  constructor(
    readonly cfg: RssmConfig,
    mlpCfg: MlpConfig,
    readonly actionSize: number,
    readonly embedSize: number,
    private readonly rng: TensorRng,
  ) {
    super('rssm');
    this.latent = makeLatent(cfg);
    const mlp = { layers: 1, units: cfg.hidden, act: mlpCfg.act, norm: mlpCfg.norm };
    this.imgIn = this.addChild(makeMlp('img_in', this.latent.stochSize + actionSize, null, mlp, rng));
    this.gru = this.addChild(new GRUCell('gru', cfg.hidden, cfg.deter, { variant: 'v3', norm: mlpCfg.norm, rng }));
    this.priorNet = this.addChild(makeMlp('prior', cfg.deter, this.latent.statSize, mlp, rng));
    this.postNet = this.addChild(makeMlp('post', cfg.deter + embedSize, this.latent.statSize, mlp, rng));
  }

  get featSize(): number {
    return this.cfg.deter + this.latent.stochSize;
  }

  /** The zero carry for n rows. */
  initial(n: number): RssmState {
    return { deter: tf.zeros([n, this.cfg.deter]), stoch: tf.zeros([n, this.latent.stochSize]) };
  }

  /** The feature the heads read: [h, z], [N, D + S]. */
  feat(state: RssmState): tf.Tensor2D {
    return tf.concat([state.deter, state.stoch], 1);
  }

  /** Features with z drawn from the prior at each observed h (what imagination would see there): [T*B, D + S]. */
  priorFeat(post: ObserveResult): tf.Tensor2D {
    return this.feat({ deter: post.deter, stoch: sampleLatent(this.latent, post.priorStats, this.rng) });
  }

  /**
   * Posterior over whole sequences. Only the GRU and posterior run per step; the prior runs once over all [T*B].
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

  /**
   * Rolls the prior `horizon` steps from `start` [N, ·] with the actions of `policy`. Pure: it reads the model and
   * the RNG, and returns the sequence. Each step runs in its own tidy, so only its carry, feature and actions
   * outlive it (under a gradient tape the engine keeps what backprop needs): at DreamerV3 size the temporaries of
   * all H steps would otherwise fill the wasm heap.
   */
  imagine(start: RssmState, policy: (feat: tf.Tensor2D) => ImaginedAction, horizon: number): ImaginedSequence {
    let state = start;
    const feat = [this.feat(state)];
    const action: tf.Tensor2D[] = [];
    for (let k = 0; k < horizon; k++) {
      const step = tf.tidy(() => {
        const act = policy(feat[k]!);
        const next = this.imgStep(state, act.input);
        return { action: act.action, deter: next.deter, stoch: next.stoch, feat: this.feat(next) };
      });
      action.push(step.action);
      state = { deter: step.deter, stoch: step.stoch };
      feat.push(step.feat);
    }
    return { feat, action, last: state };
  }

  /** KL balancing with free nats per step over an observed sequence (DreamerV3's dyn and rep losses). */
  loss(post: ObserveResult, freeNats: number): RssmLoss {
    const [q, p] = [post.postStats, post.priorStats];
    const dynKl = latentKl(this.latent, stopGradient(q) as tf.Tensor2D, p);
    const repKl = latentKl(this.latent, q, stopGradient(p) as tf.Tensor2D);
    return { dyn: tf.mean(tf.maximum(dynKl, freeNats)) as tf.Scalar, rep: tf.mean(tf.maximum(repKl, freeNats)) as tf.Scalar };
  }

  /** Zeroes the carry (and action) of rows whose step starts an episode. isFirst [N] as 0/1 floats. */
  resetWhereFirst(state: RssmState, action: tf.Tensor2D, isFirst: tf.Tensor1D): [RssmState, tf.Tensor2D] {
    const keep = tf.expandDims(tf.sub(1, isFirst), 1);
    return [{ deter: tf.mul(state.deter, keep), stoch: tf.mul(state.stoch, keep) }, tf.mul(action, keep)];
  }

  /** One posterior step (acting, observe): the carry and its posterior stats. isFirst null: no row starts an episode. */
  obsStep(prev: RssmState, prevAction: tf.Tensor2D, embed: tf.Tensor2D, isFirst: tf.Tensor1D | null): { state: RssmState; stats: tf.Tensor2D } {
    // null: no row starts an episode (most acting steps), so there is nothing to reset
    const [state0, action0] = isFirst ? this.resetWhereFirst(prev, prevAction, isFirst) : [prev, prevAction];
    const deter = this.deterStep(state0, action0);
    const stats = this.postNet.apply(tf.concat([deter, embed], 1)) as tf.Tensor2D;
    return { state: { deter, stoch: sampleLatent(this.latent, stats, this.rng) }, stats };
  }

  /** One prior step (imagine). */
  imgStep(prev: RssmState, action: tf.Tensor2D): RssmState {
    const deter = this.deterStep(prev, action);
    const stats = this.priorNet.apply(deter) as tf.Tensor2D;
    return { deter, stoch: sampleLatent(this.latent, stats, this.rng) };
  }

  /** One sequence-model step: h_t from (h_{t-1}, z_{t-1}, a_{t-1}). */
  private deterStep(prev: RssmState, prevAction: tf.Tensor2D): tf.Tensor2D {
    const x = this.imgIn.apply(tf.concat([prev.stoch, prevAction], 1));
    return this.gru.apply(x, prev.deter);
  }
}
