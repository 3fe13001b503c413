import * as tf from '@tensorflow/tfjs';
import type { TensorRng } from '../random.js';

/**
 * A weight initialiser: given a kernel shape (last two axes [fanIn, fanOut], leading axes are receptive field,
 * e.g. [kh, kw, in, out]) and a random stream, returns the initial tensor.
 */
export type Initializer = (shape: number[], rng: TensorRng) => tf.Tensor;

/** Fans of a kernel shape: receptive field × input channels, receptive field × output channels. */
export function fans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptive * shape[shape.length - 2], fanOut: receptive * shape[shape.length - 1] };
}

/** Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)) (Keras' and DreamerV1's default). */
export function glorotUniform(): Initializer {
  return (shape, rng) => {
    const { fanIn, fanOut } = fans(shape);
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return rng.uniform(shape, -limit, limit);
  };
}

/** Std of a standard normal truncated to ±2: dividing by it restores unit variance after truncation. */
const TRUNC_NORMAL_STD_CORRECTION = 0.87962566103423978;

/**
 * DreamerV3's default: truncated normal (±2 std) with variance `scale / fanAvg`, fanAvg = (fanIn + fanOut) / 2,
 * corrected for the variance lost to truncation.
 */
export function truncNormalFanAvg(scale = 1): Initializer {
  return (shape, rng) => {
    const { fanIn, fanOut } = fans(shape);
    const std = Math.sqrt(scale / ((fanIn + fanOut) / 2)) / TRUNC_NORMAL_STD_CORRECTION;
    return rng.truncatedNormal(shape, 0, std);
  };
}

/**
 * Uniform with variance `scale / fanAvg`: U(-l, l), l = sqrt(3 · scale / fanAvg). DreamerV3 uses it with a small
 * `scale` ("outscale") on output layers; `scale = 0` gives zeros (reward and critic heads start at 0).
 */
export function uniformScaled(scale: number): Initializer {
  return (shape, rng) => {
    if (scale === 0) return tf.zeros(shape);
    const { fanIn, fanOut } = fans(shape);
    const limit = Math.sqrt((3 * scale) / ((fanIn + fanOut) / 2));
    return rng.uniform(shape, -limit, limit);
  };
}

/** All zeros (biases). */
export function zeros(): Initializer {
  return (shape) => tf.zeros(shape);
}

/** All ones (norm scales). */
export function ones(): Initializer {
  return (shape) => tf.ones(shape);
}
