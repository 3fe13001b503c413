import * as tf from '@tensorflow/tfjs';
import { gruV3Gates } from '../kernels/fused/gru.js';
import { gruCellV1 } from '../kernels/fused/gru-cell.js';
import { Module } from '../module.js';
import { TensorRng } from '../random.js';
import { Dense } from './dense.js';
import { glorotUniform, type Initializer } from './init.js';
import { makeNorm, type LayerNorm, type NormKind, type RMSNorm } from './norm.js';

/** Options of `GRUCell`. */
export interface GRUOptions {
  /**
   * 'v1': the standard GRU of DreamerV1 (separate input and recurrent kernels, h' = u·h + (1-u)·cand).
   * 'v3': DreamerV3's cell (one Dense on [x, h], norm, update gate biased by -1). Default 'v1'.
   */
  variant?: 'v1' | 'v3';
  /**
   * v1 only. false (default): TF Keras' GRUCell, reset applied to h before the candidate matmul,
   * cand = tanh(x·Wc + (r ⊙ h)·Uc + b). true: PyTorch / cuDNN, cand = tanh(x·Wc + bx + r ⊙ (h·Uc + bh)), which
   * needs one recurrent matmul instead of two (the benchmark's reference uses it).
   */
  resetAfter?: boolean;
  /** v3 only: norm after the fused Dense (default 'layer'). */
  norm?: NormKind;
  /** Kernel initialiser (default `glorotUniform()`). */
  init?: Initializer;
  /** Random stream for the initialisers (default `TensorRng(0)`). */
  rng?: TensorRng;
}

/** DreamerV3 biases the update gate by -1 so that a fresh cell starts by mostly keeping its state. */
const V3_UPDATE_BIAS = -1;

/**
 * A gated recurrent unit step. apply(x: [B, in], h: [B, units]) -> h': [B, units]. v1 keeps all gates in one
 * [in, 3U] input kernel and one [U, 3U] recurrent kernel (PyTorch's layout), gate order reset, update, cand, and
 * splits the products: two matmuls per step instead of six. The gate arithmetic of v3 is one kernel forward and one
 * backward on cpu and wasm (kernels/fused/gru.ts); v1 with `resetAfter` is the whole cell, products included, as
 * one kernel each way with the native addon, else two products and the fused gates (kernels/fused/gru-cell.ts).
 */
export class GRUCell extends Module {
  readonly units: number;
  private readonly variant: 'v1' | 'v3';
  private readonly resetAfter: boolean;
  private readonly inputDense: Dense;
  private readonly recurrentDense: Dense | null;
  private readonly norm: LayerNorm | RMSNorm | null;

  constructor(name: string, inDim: number, units: number, options: GRUOptions = {}) {
    super(name);
    const rng = options.rng ?? new TensorRng(0);
    const init = options.init ?? glorotUniform();
    this.units = units;
    this.variant = options.variant ?? 'v1';
    this.resetAfter = options.resetAfter ?? false;
    if (this.variant === 'v3') {
      const normKind = options.norm ?? 'layer';
      this.inputDense = this.addChild(new Dense('dense', inDim + units, 3 * units, { bias: normKind === 'none', init, rng }));
      this.norm = makeNorm('norm', normKind, 3 * units);
      if (this.norm) this.addChild(this.norm);
      this.recurrentDense = null;
    } else {
      this.inputDense = this.addChild(new Dense('input', inDim, 3 * units, { init, rng }));
      this.recurrentDense = this.addChild(new Dense('recurrent', units, 3 * units, { init, rng, bias: this.resetAfter }));
      this.norm = null;
    }
  }

  /** x: [B, in], h: [B, units] -> [B, units]. */
  apply(x: tf.Tensor, h: tf.Tensor): tf.Tensor2D {
    return this.variant === 'v3' ? this.applyV3(x, h) : this.applyV1(x, h);
  }

  private applyV1(x: tf.Tensor, h: tf.Tensor): tf.Tensor2D {
    const recurrent = this.recurrentDense as Dense;
    if (this.resetAfter) {
      // one recurrent matmul; the kernel registry picks the fused cell or the composite ops
      const [wx, bx, wh, bh] = [this.inputDense.kernel, this.inputDense.bias, recurrent.kernel, recurrent.bias];
      return gruCellV1(x, h, { wx, bx: bx as tf.Variable, wh, bh: bh as tf.Variable });
    }
    const xp = this.inputDense.apply(x); // [B, 3U]
    const U = this.units;
    const [xr, xu, xc] = tf.split(xp, 3, 1);
    const kernel = recurrent.kernel as tf.Tensor2D;
    const gates = tf.matMul(h as tf.Tensor2D, tf.slice(kernel, [0, 0], [U, 2 * U]));
    const [hr, hu] = tf.split(gates, 2, 1);
    const reset = tf.sigmoid(tf.add(xr, hr));
    const cand = tf.tanh(tf.add(xc, tf.matMul(tf.mul(reset, h) as tf.Tensor2D, tf.slice(kernel, [0, 2 * U], [U, U]))));
    const update = tf.sigmoid(tf.add(xu, hu));
    // h' = u·h + (1-u)·cand = cand + u·(h - cand)
    return tf.add(cand, tf.mul(update, tf.sub(h, cand))) as tf.Tensor2D;
  }

  private applyV3(x: tf.Tensor, h: tf.Tensor): tf.Tensor2D {
    let y: tf.Tensor = this.inputDense.apply(tf.concat([x, h], 1));
    if (this.norm) y = this.norm.apply(y);
    return gruV3Gates(y, h, V3_UPDATE_BIAS);
  }
}
