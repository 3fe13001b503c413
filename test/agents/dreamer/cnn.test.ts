import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCnnImage, ImageDecoder, ImageEncoder } from '../../../agents/dreamer/cnn.js';
import type { ObsEntry } from '../../../agents/api.js';
import { TensorRng } from '../../../src/tensor/index.js';
import { ConfigError } from '../../../src/util/errors.js';
import { useCpu } from './helpers.js';

const image = (h: number, w: number, c: number): ObsEntry => ({ key: 'image', kind: 'image', shape: [h, w, c], offset: 0, size: h * w * c });

describe('the DreamerV3 CNN encoder and decoder', () => {
  beforeAll(useCpu);

  // Every stage setting: the bottom map is H / 2^S by W / 2^S with depth * mults[S-1] channels.
  const settings: { shape: [number, number, number]; mults: number[]; bottom: [number, number, number] }[] = [
    { shape: [64, 64, 3], mults: [1, 2, 4, 8], bottom: [4, 4, 8 * 8] },
    { shape: [64, 64, 1], mults: [2, 3, 4, 4], bottom: [4, 4, 8 * 4] },
    { shape: [32, 32, 3], mults: [1, 2, 4], bottom: [4, 4, 8 * 4] },
    { shape: [64, 64, 3], mults: [1, 2, 4], bottom: [8, 8, 8 * 4] },
    { shape: [16, 32, 4], mults: [1, 2], bottom: [4, 8, 8 * 2] },
    { shape: [8, 8, 3], mults: [1], bottom: [4, 4, 8] },
  ];
  for (const { shape, mults, bottom } of settings) {
    it(`[${shape}] with mults [${mults}]: embed ${bottom.join('x')}, decoded back to [${shape}]`, () => {
      const cfg = { depth: 8, mults, kernel: 4 };
      const rng = new TensorRng(0);
      const enc = new ImageEncoder('enc', shape, cfg, rng);
      const dec = new ImageDecoder('dec', 12, shape, cfg, rng);
      expect(enc.outDim).toBe(bottom[0] * bottom[1] * bottom[2]);
      const before = tf.memory().numTensors;
      const [embedShape, imageShape] = tf.tidy(() => {
        const e = enc.apply(tf.randomUniform([2, ...shape], -0.5, 0.5) as tf.Tensor4D);
        const d = dec.apply(tf.randomNormal([2, 12]) as tf.Tensor2D);
        return [e.shape, d.shape];
      });
      expect(embedShape).toEqual([2, enc.outDim]);
      expect(imageShape).toEqual([2, ...shape]);
      expect(tf.memory().numTensors).toBe(before);
      // conv kernels [k, k, in, out] per stage; transposed kernels [k, k, out, in]
      const kernels = [...enc.variables()].filter(([n]) => n.endsWith('/kernel')).map(([, v]) => v.shape);
      expect(kernels).toEqual(mults.map((m, i) => [4, 4, i === 0 ? shape[2] : 8 * mults[i - 1]!, 8 * m]));
      enc.dispose();
      dec.dispose();
    });
  }

  it('refuses an image the stages cannot halve down, naming the entry, its shape and the keys to set', () => {
    const cfg = { depth: 8, mults: [1, 2, 4, 8], kernel: 4 };
    expect(() => checkCnnImage(image(84, 84, 3), cfg)).toThrow(ConfigError);
    expect(() => checkCnnImage(image(84, 84, 3), cfg)).toThrow(/entry "image" is an image \[84, 84, 3\].*divisible by 16: set env.image_size=\[80,80\].*2 stages/);
    expect(() => checkCnnImage(image(63, 64, 3), cfg)).toThrow(/\[63, 64, 3\]/);
    expect(() => checkCnnImage(image(64, 64, 3), { ...cfg, mults: [] })).toThrow(/agent.cnn.mults/);
    expect(() => checkCnnImage(image(64, 64, 3), cfg)).not.toThrow();
  });
});
