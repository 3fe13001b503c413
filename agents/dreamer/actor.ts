import * as tf from '@tensorflow/tfjs';
import { DiagGaussian, Module, OneHotCategorical, type MLP, type TensorRng } from '../../src/tensor/index.js';
import type { BehaviorConfig, MlpConfig } from './config.js';
import { makeMlp } from './nets.js';
import { actionSize, type ActionSpec } from '../api.js';

/**
 * The policy head on the latent feature. Discrete actions: a categorical with `unimix` uniform mixing, acted as
 * one-hot vectors. Box actions: a Gaussian with mean tanh(m) and std in [min_std, max_std], acted in [-1, 1] (the
 * driver rescales to the env's bounds). The head returns a distribution of the tensor library.
 */

/** The std head's offset (DreamerV3's bounded normal: sigmoid(s + 2) starts the std near max_std). */
const STD_OFFSET = 2;

/** The actor's distribution over actions [N, A]: `rsample` acts (straight-through for one-hot actions). */
export type ActionDist = OneHotCategorical | DiagGaussian;

export class Actor extends Module {
  private readonly net: MLP;
  constructor(
    featSize: number,
    readonly spec: ActionSpec,
    readonly cfg: Pick<BehaviorConfig, 'unimix' | 'min_std' | 'max_std'>,
    mlp: MlpConfig,
    rng: TensorRng,
  ) {
    super('actor');
    const out = spec.kind === 'discrete' ? spec.n : 2 * spec.dims;
    this.net = this.addChild(makeMlp('net', featSize, out, mlp, rng));
  }

  /** feat [N, F] -> the action distribution (logProb and entropy give [N]). */
  dist(feat: tf.Tensor2D): ActionDist {
    const out = this.net.apply(feat) as tf.Tensor2D;
    if (this.spec.kind === 'discrete') return new OneHotCategorical(out, { unimix: this.cfg.unimix });
    const [m, s] = tf.split(out, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const { min_std: lo, max_std: hi } = this.cfg;
    const std = tf.add(tf.mul(tf.sigmoid(tf.add(s, STD_OFFSET)), hi - lo), lo);
    return new DiagGaussian(tf.tanh(m), std);
  }
}

/** The action vector [N, A] the world model and the env see: Box actions are clipped to [-1, 1]. */
export function boundAction(spec: ActionSpec, action: tf.Tensor): tf.Tensor2D {
  return (spec.kind === 'continuous' ? tf.clipByValue(action, -1, 1) : action) as tf.Tensor2D;
}
