import * as tf from '@tensorflow/tfjs';
import { Module, type MLP, type SymlogTwoHot, type TensorRng } from '../../src/tensor/index.js';
import type { MlpConfig } from './config.js';
import { makeMlp } from './nets.js';
import type { TwoHot } from './twohot.js';

/** The value head: symlog two-hot over the latent feature, zero-initialised (values start at 0). */
export class Critic extends Module {
  private readonly net: MLP;
  constructor(
    name: string,
    featSize: number,
    readonly twohot: TwoHot,
    mlp: MlpConfig,
    rng: TensorRng,
  ) {
    super(name);
    this.net = this.addChild(makeMlp('net', featSize, twohot.bins.count, mlp, rng, true));
  }

  /** feat [N, F] -> the value distribution (mean() [N] in real scale). */
  dist(feat: tf.Tensor2D): SymlogTwoHot {
    return this.twohot.dist(this.net.apply(feat) as tf.Tensor2D);
  }

  /** Expected value, real scale: [N]. */
  value(feat: tf.Tensor2D): tf.Tensor1D {
    return this.dist(feat).mean();
  }

  /** slow <- slow + rate * (this - slow): the slow critic trails the fast one (DreamerV3, rate 0.02). */
  updateSlow(slow: Critic, rate: number): void {
    const fast = [...this.variables().values()];
    const target = [...slow.variables().values()];
    tf.tidy(() => target.forEach((v, i) => v.assign(tf.add(v, tf.mul(tf.sub(fast[i]!, v), rate)))));
  }

  /** Copies this critic's weights into `other` (the slow critic starts equal). */
  copyTo(other: Critic): void {
    this.updateSlow(other, 1);
  }
}
