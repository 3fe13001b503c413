import * as tf from '@tensorflow/tfjs';
import { Module } from '../module.js';
import { TensorRng } from '../random.js';
import { activate, type Activation } from './activation.js';
import { checkImageShape, Conv2D, ConvTranspose2D } from './conv.js';
import { Dense } from './dense.js';

/** Options of `ConvEncoder`. */
export interface ConvEncoderOptions {
  /** Channels of the first layer; layer i has depth · 2^i (default 32, DreamerV1). */
  depth?: number;
  /** Kernel size of each layer, which also sets the layer count (default [4, 4, 4, 4]). */
  kernels?: number[];
  /** Input image side (default 64) and channels (default 3). */
  imageSize?: number;
  channels?: number;
  /** Activation after every layer (default 'relu', DreamerV1). */
  act?: Activation;
  rng?: TensorRng;
}

/**
 * DreamerV1's image encoder: stride-2 'valid' convolutions with depth 32·2^i, flattened.
 * [N, 64, 64, 3] -> 32→31, 64→14, 128→6, 256→2 -> [N, 2·2·256 = 1024].
 */
export class ConvEncoder extends Module {
  readonly outDim: number;
  private readonly layers: Conv2D[] = [];
  private readonly act: Activation;
  private readonly imageSize: number;
  private readonly channels: number;

  constructor(name: string, options: ConvEncoderOptions = {}) {
    super(name);
    const rng = options.rng ?? new TensorRng(0);
    const depth = options.depth ?? 32;
    this.act = options.act ?? 'relu';
    this.imageSize = options.imageSize ?? 64;
    this.channels = options.channels ?? 3;
    let [inC, size] = [this.channels, this.imageSize];
    (options.kernels ?? [4, 4, 4, 4]).forEach((k, i) => {
      const layer = this.addChild(new Conv2D(`conv${i}`, inC, depth * 2 ** i, k, { rng }));
      this.layers.push(layer);
      [inC, size] = [depth * 2 ** i, layer.outSize(size)];
    });
    this.outDim = inC * size * size;
  }

  /** images [N, H, W, C] (floats, e.g. centred to [-0.5, 0.5]) -> [N, outDim]. */
  apply(x: tf.Tensor4D): tf.Tensor2D {
    checkImageShape(x, this.imageSize, this.channels, `encoder "${this.name}"`);
    let h = x;
    for (const layer of this.layers) h = activate(layer.apply(h), this.act) as tf.Tensor4D;
    return tf.reshape(h, [x.shape[0], this.outDim]);
  }
}

/** Options of `ConvDecoder`. */
export interface ConvDecoderOptions {
  /** Channels: the dense layer emits 32·depth, the transposed layers have depth·2^(n-2-i) (default 32). */
  depth?: number;
  /** Kernel size of each transposed layer (default [5, 5, 6, 6]: 1 -> 5 -> 13 -> 30 -> 64). */
  kernels?: number[];
  /** Output image channels (default 3). */
  channels?: number;
  /** Activation after every layer but the last (default 'relu'). */
  act?: Activation;
  rng?: TensorRng;
}

/**
 * DreamerV1's image decoder: Dense(feat -> 32·depth) as a 1×1 image, then stride-2 'valid' transposed convolutions
 * (128, 64, 32 channels, then the image channels, no activation on the last): [N, feat] -> [N, 64, 64, 3] (the mean).
 */
export class ConvDecoder extends Module {
  readonly outSize: number;
  private readonly dense: Dense;
  private readonly layers: ConvTranspose2D[] = [];
  private readonly act: Activation;

  constructor(name: string, inDim: number, options: ConvDecoderOptions = {}) {
    super(name);
    const rng = options.rng ?? new TensorRng(0);
    const depth = options.depth ?? 32;
    const kernels = options.kernels ?? [5, 5, 6, 6];
    this.act = options.act ?? 'relu';
    this.dense = this.addChild(new Dense('dense', inDim, 32 * depth, { rng }));
    let [inC, size] = [32 * depth, 1];
    kernels.forEach((k, i) => {
      const last = i === kernels.length - 1;
      const outC = last ? options.channels ?? 3 : depth * 2 ** (kernels.length - 2 - i);
      const layer = this.addChild(new ConvTranspose2D(`deconv${i}`, inC, outC, k, { rng }));
      this.layers.push(layer);
      [inC, size] = [outC, layer.outSize(size)];
    });
    this.outSize = size;
  }

  /** feat [N, inDim] -> images [N, outSize, outSize, channels]. */
  apply(feat: tf.Tensor): tf.Tensor4D {
    const N = feat.shape[0];
    let h = tf.reshape(this.dense.apply(feat), [N, 1, 1, -1]) as tf.Tensor4D;
    this.layers.forEach((layer, i) => {
      const y = layer.apply(h);
      h = (i === this.layers.length - 1 ? y : activate(y, this.act)) as tf.Tensor4D;
    });
    return h;
  }
}
