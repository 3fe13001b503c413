import * as tf from '@tensorflow/tfjs';
import { Module, type MLP, type TensorRng } from '../../src/tensor/index.js';
import { makeMlp, type MlpConfig } from './nets.js';
import type { TwoHot } from './twohot.js';

/** The value head: symlog two-hot logits over the latent feature, zero-initialised (values start at 0). */
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

  /** feat [N, F] -> logits [N, bins]. */
  logits(feat: tf.Tensor2D): tf.Tensor2D {
    return this.net.apply(feat) as tf.Tensor2D;
  }

  /** Expected value, real scale: [N]. */
  value(feat: tf.Tensor2D): tf.Tensor1D {
    return this.twohot.mean(this.logits(feat));
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
