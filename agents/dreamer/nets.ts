import * as tf from '@tensorflow/tfjs';
import { MLP, TensorRng, uniformScaled, type Activation, type NormKind } from '../../src/tensor/index.js';

/** The shape of every MLP of the agent (one config block): hidden layers, width, activation, norm. */
export interface MlpConfig {
  layers: number;
  units: number;
  act: Activation;
  norm: NormKind;
}

/** An MLP with `cfg.layers` hidden layers of `cfg.units`; `outDim` null keeps the last hidden layer as output. */
export function makeMlp(name: string, inDim: number, outDim: number | null, cfg: MlpConfig, rng: TensorRng, zeroOut = false): MLP {
  return new MLP(name, inDim, new Array<number>(cfg.layers).fill(cfg.units), outDim, {
    act: cfg.act,
    norm: cfg.norm,
    rng,
    // Zero-initialised outputs start reward/value heads at 0 (DreamerV3's outscale 0).
    ...(zeroOut ? { outInit: uniformScaled(0) } : {}),
  });
}

/** Value `sample`, gradient passed to `probs` unchanged: `sample + probs - sg(probs)` in one op. */
export const straightThrough: (sample: tf.Tensor, probs: tf.Tensor) => tf.Tensor = tf.customGrad((...inputs) => ({
  value: tf.clone(inputs[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => [tf.zerosLike(dy), dy],
}));
