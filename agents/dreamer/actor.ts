import * as tf from '@tensorflow/tfjs';
import { categoricalSample, fusedCategoricalSampleActive } from '../../src/tensor/kernels/fused/categorical.js';
import { Module, type MLP, type TensorRng } from '../../src/tensor/index.js';
import { makeMlp, straightThrough, type MlpConfig } from './nets.js';

/**
 * The policy head on the latent feature. Discrete actions: a categorical with 1 % uniform mixing, acted as one-hot
 * vectors. Box actions: a Gaussian with mean tanh(m) and std in [min_std, max_std], acted in [-1, 1] (the driver
 * rescales to the env's bounds).
 */

export type ActionSpec = { kind: 'discrete'; n: number } | { kind: 'continuous'; dims: number };

export interface ActorConfig {
  mlp: MlpConfig;
  unimix: number;
  min_std: number;
  max_std: number;
}

/** The std head's offset (DreamerV3's bounded normal: sigmoid(s + 2) starts the std near max_std). */
const STD_OFFSET = 2;

/** log(2 pi e) / 2: the entropy of a unit Gaussian per dimension beyond log(std). */
const HALF_LOG_2PIE = 0.5 * Math.log(2 * Math.PI * Math.E);
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** The distribution the actor outputs for a batch of features [N, F]. */
export interface ActionDist {
  /** Reparameterised (continuous) or straight-through (discrete) sample: [N, A]. */
  sample(rng: TensorRng): tf.Tensor2D;
  mode(): tf.Tensor2D;
  /** log pi(a) for actions [N, A]: [N]. */
  logProb(action: tf.Tensor2D): tf.Tensor1D;
  entropy(): tf.Tensor1D;
}

export class Actor extends Module {
  private readonly net: MLP;
  constructor(
    featSize: number,
    readonly spec: ActionSpec,
    readonly cfg: ActorConfig,
    rng: TensorRng,
  ) {
    super('actor');
    const out = spec.kind === 'discrete' ? spec.n : 2 * spec.dims;
    this.net = this.addChild(makeMlp('net', featSize, out, cfg.mlp, rng));
  }

  /** Size of the action vector the world model sees. */
  get actionSize(): number {
    return this.spec.kind === 'discrete' ? this.spec.n : this.spec.dims;
  }

  dist(feat: tf.Tensor2D): ActionDist {
    const out = this.net.apply(feat) as tf.Tensor2D;
    return this.spec.kind === 'discrete' ? this.categorical(out) : this.gaussian(out);
  }

  private categorical(logits: tf.Tensor2D): ActionDist {
    const n = logits.shape[1];
    const probs = tf.add(tf.mul(tf.softmax(logits), 1 - this.cfg.unimix), this.cfg.unimix / n) as tf.Tensor2D;
    const logProbs = tf.log(probs);
    return {
      sample: (rng) => {
        const u = tf.randomUniform(probs.shape, 1e-6, 1 - 1e-6, 'float32', rng.nextSeed()) as tf.Tensor2D;
        // The same draw as one kernel (softmax, unimix, Gumbel-max, straight-through to the mixed probabilities).
        if (fusedCategoricalSampleActive(logits.size)) return categoricalSample(logits, u, n, this.cfg.unimix);
        const idx = tf.argMax(tf.sub(logProbs, tf.log(tf.neg(tf.log(u)))), -1);
        return straightThrough(tf.oneHot(idx, n).toFloat(), probs) as tf.Tensor2D;
      },
      mode: () => tf.oneHot(tf.argMax(probs, -1), n).toFloat() as tf.Tensor2D,
      logProb: (a) => tf.sum(tf.mul(a, logProbs), 1) as tf.Tensor1D,
      entropy: () => tf.neg(tf.sum(tf.mul(probs, logProbs), 1)) as tf.Tensor1D,
    };
  }

  private gaussian(out: tf.Tensor2D): ActionDist {
    const [m, s] = tf.split(out, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const mean = tf.tanh(m) as tf.Tensor2D;
    const { min_std: lo, max_std: hi } = this.cfg;
    const std = tf.add(tf.mul(tf.sigmoid(tf.add(s, STD_OFFSET)), hi - lo), lo) as tf.Tensor2D;
    const logStd = tf.log(std);
    return {
      sample: (rng) => tf.add(mean, tf.mul(std, tf.randomNormal(mean.shape, 0, 1, 'float32', rng.nextSeed()))) as tf.Tensor2D,
      mode: () => mean,
      logProb: (a) => {
        const z = tf.div(tf.sub(a, mean), std);
        return tf.neg(tf.sum(tf.add(tf.add(tf.mul(0.5, tf.square(z)), logStd), HALF_LOG_2PI), 1)) as tf.Tensor1D;
      },
      entropy: () => tf.sum(tf.add(logStd, HALF_LOG_2PIE), 1) as tf.Tensor1D,
    };
  }
}

/** The action vector the world model and the env see: Box actions are clipped to [-1, 1]. */
export function boundAction(spec: ActionSpec, action: tf.Tensor2D): tf.Tensor2D {
  return spec.kind === 'continuous' ? (tf.clipByValue(action, -1, 1) as tf.Tensor2D) : action;
}
