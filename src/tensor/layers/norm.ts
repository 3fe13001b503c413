import * as tf from '@tensorflow/tfjs';
import { fusedKernelsActive } from '../kernels/fused/active.js';
import { fusedLayerNorm, fusedRmsNorm } from '../kernels/fused/norm.js';
import { Module } from '../module.js';

/** Options of `LayerNorm` and `RMSNorm`. */
export interface NormOptions {
  /** Added to the variance before the square root (default 1e-3, as SheepRL's DreamerV3). */
  eps?: number;
}

const DEFAULT_NORM_EPS = 1e-3;

/** Layer normalisation over the last axis with a learned scale (init 1) and offset (init 0). x: [..., D]. */
export class LayerNorm extends Module {
  readonly scale: tf.Variable;
  readonly offset: tf.Variable;
  private readonly eps: number;

  constructor(name: string, dim: number, options: NormOptions = {}) {
    super(name);
    this.eps = options.eps ?? DEFAULT_NORM_EPS;
    this.scale = this.addVariable('scale', tf.ones([dim]));
    this.offset = this.addVariable('offset', tf.zeros([dim]));
  }

  apply(x: tf.Tensor): tf.Tensor {
    if (fusedKernelsActive()) return fusedLayerNorm(x, this.scale, this.offset, this.eps);
    const axis = x.rank - 1;
    const { mean, variance } = tf.moments(x, axis, true);
    const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps)));
    return tf.add(tf.mul(normed, this.scale), this.offset);
  }
}

/** Root-mean-square normalisation over the last axis with a learned scale (init 1): x / rms(x) · scale. */
export class RMSNorm extends Module {
  readonly scale: tf.Variable;
  private readonly eps: number;

  constructor(name: string, dim: number, options: NormOptions = {}) {
    super(name);
    this.eps = options.eps ?? DEFAULT_NORM_EPS;
    this.scale = this.addVariable('scale', tf.ones([dim]));
  }

  apply(x: tf.Tensor): tf.Tensor {
    if (fusedKernelsActive()) return fusedRmsNorm(x, this.scale, this.eps);
    const meanSquare = tf.mean(tf.square(x), x.rank - 1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, this.eps))), this.scale);
  }
}

/** Which normalisation an MLP or GRU applies after its matmul. */
export type NormKind = 'none' | 'layer' | 'rms';

/** Builds the named norm module, or null for 'none'. */
export function makeNorm(name: string, kind: NormKind, dim: number, options: NormOptions = {}): LayerNorm | RMSNorm | null {
  if (kind === 'layer') return new LayerNorm(name, dim, options);
  if (kind === 'rms') return new RMSNorm(name, dim, options);
  return null;
}
