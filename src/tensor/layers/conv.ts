import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../util/errors.js';
import { Module } from '../module.js';
import { TensorRng } from '../random.js';
import { glorotUniform, zeros, type Initializer } from './init.js';

/** Options of `Conv2D` and `ConvTranspose2D`. */
export interface ConvOptions {
  /** Step between filter applications, both axes (default 2, DreamerV1's). */
  stride?: number;
  /** 'valid' (default, DreamerV1: 64 -> 31 -> 14 -> 6 -> 2) or 'same'. */
  padding?: 'valid' | 'same';
  /** Kernel initialiser (default `glorotUniform()`); biases start at zero. */
  init?: Initializer;
  /** Random stream for the initialiser (default `TensorRng(0)`). */
  rng?: TensorRng;
}

/** 2-D convolution over NHWC images: x [N, H, W, in] -> [N, H', W', out]; kernel [k, k, in, out]. */
export class Conv2D extends Module {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  private readonly stride: number;
  private readonly padding: 'valid' | 'same';

  constructor(name: string, inChannels: number, outChannels: number, kernelSize: number, options: ConvOptions = {}) {
    super(name);
    const rng = options.rng ?? new TensorRng(0);
    this.stride = options.stride ?? 2;
    this.padding = options.padding ?? 'valid';
    const shape = [kernelSize, kernelSize, inChannels, outChannels];
    this.kernel = this.addVariable('kernel', (options.init ?? glorotUniform())(shape, rng));
    this.bias = this.addVariable('bias', zeros()([outChannels], rng));
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const y = tf.conv2d(x, this.kernel as tf.Tensor4D, this.stride, this.padding);
    return tf.add(y, this.bias);
  }

  /** Spatial size after this layer for an input of size `size`. */
  outSize(size: number): number {
    const k = this.kernel.shape[0];
    return this.padding === 'same' ? Math.ceil(size / this.stride) : Math.floor((size - k) / this.stride) + 1;
  }
}

/** Transposed convolution (learned upsampling): x [N, H, W, in] -> [N, H', W', out]; kernel [k, k, out, in]. */
export class ConvTranspose2D extends Module {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  private readonly stride: number;
  private readonly padding: 'valid' | 'same';
  private readonly outChannels: number;

  constructor(name: string, inChannels: number, outChannels: number, kernelSize: number, options: ConvOptions = {}) {
    super(name);
    const rng = options.rng ?? new TensorRng(0);
    this.stride = options.stride ?? 2;
    this.padding = options.padding ?? 'valid';
    this.outChannels = outChannels;
    const shape = [kernelSize, kernelSize, outChannels, inChannels];
    this.kernel = this.addVariable('kernel', (options.init ?? glorotUniform())(shape, rng));
    this.bias = this.addVariable('bias', zeros()([outChannels], rng));
  }

  /** Spatial size after this layer: (size - 1)·stride + k ('valid') or size·stride ('same'). */
  outSize(size: number): number {
    const k = this.kernel.shape[0];
    return this.padding === 'same' ? size * this.stride : (size - 1) * this.stride + k;
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [N, H, W] = x.shape;
    const outShape: [number, number, number, number] = [N, this.outSize(H), this.outSize(W), this.outChannels];
    const y = tf.conv2dTranspose(x, this.kernel as tf.Tensor4D, outShape, this.stride, this.padding);
    return tf.add(y, this.bias);
  }
}

/** Checks an NHWC image batch against the size a conv stack was built for. */
export function checkImageShape(x: tf.Tensor, size: number, channels: number, who: string): void {
  const [, H, W, C] = x.shape;
  if (x.rank !== 4 || H !== size || W !== size || C !== channels) {
    throw new ConfigError(
      `${who}: expected images [N, ${size}, ${size}, ${channels}] (NHWC) but got [${x.shape}]; ` +
        'resize observations (e.g. with the pixel-observation wrapper) or build the encoder for this size.',
    );
  }
}
