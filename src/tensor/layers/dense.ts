import * as tf from '@tensorflow/tfjs';
import { denseMatMul, type DenseActivation } from '../kernels/dense-matmul.js';
import { Module } from '../module.js';
import { TensorRng } from '../random.js';
import { activate } from './activation.js';
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

  /** x: [N, in] -> act([N, out]); the activation runs inside the matMul kernel (one dispatch). */
  apply(x: tf.Tensor, activation: DenseActivation = 'linear'): tf.Tensor2D {
    const x2 = x as tf.Tensor2D;
    if (this.bias === null) {
      const y = tf.matMul(x2, this.kernel as tf.Tensor2D);
      return activation === 'linear' ? (y as tf.Tensor2D) : (activate(y, activation) as tf.Tensor2D);
    }
    return denseMatMul(x2, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D, activation);
  }
}
