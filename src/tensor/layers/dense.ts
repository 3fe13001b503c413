import * as tf from '@tensorflow/tfjs';
import { Module } from '../module.js';
import { TensorRng } from '../random.js';
import { glorotUniform, zeros, type Initializer } from './init.js';

/** Options of `Dense`. */
export interface DenseOptions {
  /** Add a bias vector (default true; DreamerV3 drops it where a norm follows). */
  bias?: boolean;
  /** Kernel initialiser (default `glorotUniform()`). Biases start at zero. */
  init?: Initializer;
  /** Random stream for the initialiser (default: a fresh `TensorRng(0)`; pass one to control seeding). */
  rng?: TensorRng;
}

/** Fully connected layer `y = x @ W + b`, W: [in, out], b: [out]. */
export class Dense extends Module {
  readonly inDim: number;
  readonly outDim: number;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | null;

  constructor(name: string, inDim: number, outDim: number, options: DenseOptions = {}) {
    super(name);
    this.inDim = inDim;
    this.outDim = outDim;
    const rng = options.rng ?? new TensorRng(0);
    this.kernel = this.addVariable('kernel', (options.init ?? glorotUniform())([inDim, outDim], rng));
    this.bias = options.bias === false ? null : this.addVariable('bias', zeros()([outDim], rng));
  }

  /** x: [N, in] -> [N, out]. */
  apply(x: tf.Tensor): tf.Tensor2D {
    const x2 = x as tf.Tensor2D;
    if (this.bias === null) return tf.matMul(x2, this.kernel as tf.Tensor2D);
    return tf.fused.matMul({ a: x2, b: this.kernel as tf.Tensor2D, bias: this.bias }) as tf.Tensor2D;
  }
}
