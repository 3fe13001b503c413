import type * as tf from '@tensorflow/tfjs';
import type { DenseActivation } from '../kernels/dense-matmul.js';
import { Module } from '../module.js';
import { TensorRng } from '../random.js';
import { activate, type Activation } from './activation.js';
import { Dense } from './dense.js';
import { glorotUniform, type Initializer } from './init.js';
import { makeNorm, type LayerNorm, type NormKind, type RMSNorm } from './norm.js';

/** Options of `MLP`. */
export interface MLPOptions {
  /** Activation after every hidden layer (default 'elu', DreamerV1; DreamerV3 uses 'silu'). */
  act?: Activation;
  /** Norm between each hidden matmul and its activation (default 'none'; DreamerV3: 'layer' or 'rms'). */
  norm?: NormKind;
  /** Hidden-layer bias (default: true without a norm, false with one, since the norm's offset replaces it). */
  bias?: boolean;
  /** Hidden kernel initialiser (default `glorotUniform()`). */
  init?: Initializer;
  /** Output kernel initialiser (default: same as `init`; e.g. `uniformScaled(0)` for zero-initialised heads). */
  outInit?: Initializer;
  /** Random stream for the initialisers (default `TensorRng(0)`). */
  rng?: TensorRng;
}

/** Activations a Dense kernel applies itself (when no norm sits between the two). */
const FUSED_ACTIVATION: Partial<Record<Activation, DenseActivation>> = { elu: 'elu', relu: 'relu', none: 'linear' };

/**
 * Multi-layer perceptron: for each hidden size, Dense → norm → activation; then an output Dense (no activation)
 * when `outDim` is a number. Children are named dense0, norm0, dense1, ..., out. x: [N, in] -> [N, out].
 */
export class MLP extends Module {
  readonly inDim: number;
  readonly outDim: number;
  private readonly hidden: { dense: Dense; norm: LayerNorm | RMSNorm | null }[] = [];
  private readonly out: Dense | null;
  private readonly act: Activation;

  constructor(name: string, inDim: number, hidden: number[], outDim: number | null, options: MLPOptions = {}) {
    super(name);
    const rng = options.rng ?? new TensorRng(0);
    const norm = options.norm ?? 'none';
    const init = options.init ?? glorotUniform();
    const bias = options.bias ?? norm === 'none';
    this.act = options.act ?? 'elu';
    let dim = inDim;
    hidden.forEach((units, i) => {
      const dense = this.addChild(new Dense(`dense${i}`, dim, units, { bias, init, rng }));
      const normLayer = makeNorm(`norm${i}`, norm, units);
      if (normLayer) this.addChild(normLayer);
      this.hidden.push({ dense, norm: normLayer });
      dim = units;
    });
    this.out = outDim === null ? null : this.addChild(new Dense('out', dim, outDim, { init: options.outInit ?? init, rng }));
    this.inDim = inDim;
    this.outDim = outDim ?? dim;
  }

  /** x: [N, in] -> [N, out]. */
  apply(x: tf.Tensor): tf.Tensor {
    let h = x;
    const fused = FUSED_ACTIVATION[this.act];
    for (const { dense, norm } of this.hidden) {
      if (!norm && fused) {
        h = dense.apply(h, fused); // activation inside the matMul kernel
        continue;
      }
      const y = dense.apply(h);
      h = activate(norm ? norm.apply(y) : y, this.act);
    }
    return this.out ? this.out.apply(h) : h;
  }
}
