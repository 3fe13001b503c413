import * as tf from '@tensorflow/tfjs';
import { Conv2D, ConvTranspose2D, Dense, LayerNorm, Module, activate, type TensorRng } from '../../src/tensor/index.js';
import { ConfigError } from '../../src/util/errors.js';
import type { ObsEntry } from '../api.js';
import type { CnnConfig } from './config.js';

/**
 * DreamerV3's image encoder and decoder. Each stage is a stride-2 convolution (kernel `agent.cnn.kernel`, 'same'
 * padding) with depth · mults[i] channels, LayerNorm over the channels and SiLU, so S = len(mults) stages take
 * [N, H, W, C] down to [N, H/2^S, W/2^S, depth · mults[S-1]] (64×64 with 4 stages: 4×4×256), flattened as the
 * embedding. The decoder mirrors it: a linear layer from the latent feature to that bottom map, then transposed
 * convolutions back up to [N, H, W, C]. Images enter scaled to [-0.5, 0.5] and are predicted on that scale.
 */

/** The bottom map of an image entry: [H / 2^S, W / 2^S]. */
export function bottomSize(shape: readonly number[], stages: number): [number, number] {
  const f = 2 ** stages;
  return [shape[0]! / f, shape[1]! / f];
}

/** Checks that the CNN can take an image entry; a ConfigError names the entry, its shape and what to set. */
export function checkCnnImage(entry: ObsEntry, cfg: CnnConfig): void {
  const { mults } = cfg;
  if (mults.length < 1 || mults.some((m) => !Number.isInteger(m) || m < 1)) {
    throw new ConfigError(`agent.cnn.mults must be a non-empty list of positive integers (one per stride-2 stage), got [${mults.join(', ')}].`);
  }
  const [h, w] = entry.shape as [number, number, number];
  const f = 2 ** mults.length;
  if (h % f !== 0 || w % f !== 0) {
    const fit = (x: number): number => Math.max(f, Math.round(x / f) * f);
    throw new ConfigError(
      `observation entry "${entry.key}" is an image [${entry.shape.join(', ')}], but the CNN's ${mults.length} stride-2 stages (agent.cnn.mults) ` +
        `need a height and width divisible by ${f}: set env.image_size=[${fit(h)},${fit(w)}] (or resize the frames with ImageResize), ` +
        `or use ${Math.max(1, Math.floor(Math.log2(gcdPow2(h, w))))} stages in agent.cnn.mults.`,
    );
  }
}

/** The largest power of two dividing both sides. */
function gcdPow2(h: number, w: number): number {
  let p = 1;
  while (h % (p * 2) === 0 && w % (p * 2) === 0) p *= 2;
  return p;
}

/** x [..., C] -> LayerNorm over C, then SiLU (as a [rows, C] matrix, the shape the norm kernels take). */
function normAct(norm: LayerNorm, x: tf.Tensor4D): tf.Tensor4D {
  const c = x.shape[3];
  const y = norm.apply(tf.reshape(x, [-1, c]));
  return tf.reshape(activate(y, 'silu'), x.shape) as tf.Tensor4D;
}

/** uint8 pixel values (as floats 0..255) -> [-0.5, 0.5]. */
export function scaleImage(x: tf.Tensor): tf.Tensor {
  return tf.sub(tf.div(x, 255), 0.5);
}

/** Predicted [-0.5, 0.5] images -> pixel values 0..255 (clipped). */
export function unscaleImage(x: tf.Tensor): tf.Tensor {
  return tf.clipByValue(tf.mul(tf.add(x, 0.5), 255), 0, 255);
}

export class ImageEncoder extends Module {
  readonly outDim: number;
  private readonly convs: Conv2D[] = [];
  private readonly norms: LayerNorm[] = [];

  constructor(name: string, readonly imageShape: readonly [number, number, number], cfg: CnnConfig, rng: TensorRng) {
    super(name);
    let inC = imageShape[2];
    cfg.mults.forEach((m, i) => {
      const outC = cfg.depth * m;
      this.convs.push(this.addChild(new Conv2D(`conv${i}`, inC, outC, cfg.kernel, { stride: 2, padding: 'same', rng })));
      this.norms.push(this.addChild(new LayerNorm(`norm${i}`, outC)));
      inC = outC;
    });
    const [bh, bw] = bottomSize(imageShape, cfg.mults.length);
    this.outDim = bh * bw * inC;
  }

  /** images [N, H, W, C] scaled to [-0.5, 0.5] -> [N, outDim]. */
  apply(x: tf.Tensor4D): tf.Tensor2D {
    let h = x;
    this.convs.forEach((conv, i) => (h = normAct(this.norms[i]!, conv.apply(h))));
    return tf.reshape(h, [x.shape[0], this.outDim]);
  }
}

export class ImageDecoder extends Module {
  private readonly dense: Dense;
  private readonly denseNorm: LayerNorm;
  private readonly deconvs: ConvTranspose2D[] = [];
  private readonly norms: LayerNorm[] = [];
  private readonly bottom: [number, number, number];

  constructor(name: string, inDim: number, readonly imageShape: readonly [number, number, number], cfg: CnnConfig, rng: TensorRng) {
    super(name);
    const depths = cfg.mults.map((m) => cfg.depth * m);
    const [bh, bw] = bottomSize(imageShape, depths.length);
    this.bottom = [bh, bw, depths[depths.length - 1]!];
    this.dense = this.addChild(new Dense('dense', inDim, bh * bw * this.bottom[2], { rng }));
    this.denseNorm = this.addChild(new LayerNorm('dense_norm', this.bottom[2]));
    // Channels going up: the encoder's stage depths in reverse, ending at the image's channels.
    const outs = [...depths.slice(0, -1).reverse(), imageShape[2]];
    let inC = this.bottom[2];
    outs.forEach((outC, i) => {
      this.deconvs.push(this.addChild(new ConvTranspose2D(`deconv${i}`, inC, outC, cfg.kernel, { stride: 2, padding: 'same', rng })));
      if (i < outs.length - 1) this.norms.push(this.addChild(new LayerNorm(`norm${i}`, outC)));
      inC = outC;
    });
  }

  /** feat [N, F] -> predicted images [N, H, W, C] on the [-0.5, 0.5] scale. */
  apply(feat: tf.Tensor2D): tf.Tensor4D {
    const n = feat.shape[0];
    let h = normAct(this.denseNorm, tf.reshape(this.dense.apply(feat), [n, ...this.bottom]) as tf.Tensor4D);
    this.deconvs.forEach((deconv, i) => {
      const y = deconv.apply(h);
      h = i < this.norms.length ? normAct(this.norms[i]!, y) : y;
    });
    return h;
  }
}
