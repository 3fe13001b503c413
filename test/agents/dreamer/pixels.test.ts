import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DreamerAgent } from '../../../agents/dreamer/agent.js';
import type { ObsLayout } from '../../../agents/api.js';
import type { SequenceBatch } from '../../../src/replay/index.js';
import { ConfigError } from '../../../src/util/errors.js';
import { initBackend } from '../../../src/tensor/backend.js';
import { tinyConfig } from './helpers.js';

const SIDE = 32;
const CH = 3;
const PIX = SIDE * SIDE * CH;
/** A Dict observation { image [32, 32, 3], proprio [2] } as its flat row: the image first, in key order. */
const LAYOUT: ObsLayout = [
  { key: 'image', kind: 'image', shape: [SIDE, SIDE, CH], offset: 0, size: PIX },
  { key: 'proprio', kind: 'vector', shape: [2], offset: PIX, size: 2 },
];
const SPEC = { kind: 'discrete', n: 2 } as const;
/** A small CNN: depth 8, three stages 32 -> 16 -> 8 -> 4. */
const CNN = ['agent.cnn.depth=8', 'agent.cnn.mults=[1,2,4]'];

/** Frames of a bright 8x8 square moving right one column per step on a dark background, with its position as proprio. */
function frameBatch(b = 4, t = 6): SequenceBatch {
  const obsDim = PIX + 2;
  const n = b * t;
  const batch: SequenceBatch = {
    batchSize: b, seqLen: t, obsDim, actionDim: 2,
    obs: new Float32Array(n * obsDim), action: new Float32Array(n * 2), reward: new Float32Array(n),
    isFirst: new Float32Array(n), isLast: new Float32Array(n), isTerminal: new Float32Array(n), cont: new Float32Array(n).fill(1),
  };
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < t; j++) {
      const row = (i * t + j) * obsDim;
      const [x0, y0] = [4 * i + 2 * j, 6 * i];
      for (let y = 0; y < SIDE; y++) {
        for (let x = 0; x < SIDE; x++) {
          const inside = x >= x0 && x < x0 + 8 && y >= y0 && y < y0 + 8;
          for (let c = 0; c < CH; c++) batch.obs[row + (y * SIDE + x) * CH + c] = inside ? 200 + 20 * c : 30;
        }
      }
      batch.obs.set([x0 / SIDE, y0 / SIDE], row + PIX);
      batch.isFirst[i * t + j] = j === 0 ? 1 : 0;
      if (j > 0) batch.action[(i * t + j) * 2 + (j % 2)] = 1;
    }
  }
  return batch;
}

describe('image observations in the Dreamer world model', () => {
  // wasm: tfjs's cpu backend takes ~3 s per convolutional update even at this size, wasm ~50 ms.
  beforeAll(async () => {
    await initBackend('wasm', { quiet: true });
  });

  it('routes the image entry to the CNN and the vector entry to the MLP, and concatenates the embeddings', () => {
    const agent = new DreamerAgent(tinyConfig(...CNN).agent, LAYOUT, SPEC, 0);
    const shapes = new Map([...agent.wm.variables()].map(([name, v]) => [name, v.shape]));
    expect(shapes.get('wm/encoder/dense0/kernel')).toEqual([2, 16]); // the MLP reads the 2 proprio values only
    expect(shapes.get('wm/cnn_encoder_image/conv0/kernel')).toEqual([4, 4, 3, 8]);
    expect(shapes.get('wm/cnn_decoder_image/deconv2/kernel')).toEqual([4, 4, 3, 8]); // the last layer emits the 3 channels
    expect(shapes.get('wm/decoder/out/kernel')?.[1]).toBe(2);
    // Row 1 gets row 0's proprio: the two rows then differ in the image only, so the MLP part of the embedding
    // (its first 16 columns) is equal and the CNN part is not.
    const obs = frameBatch(2, 1).obs;
    obs.set(obs.subarray(PIX, PIX + 2), PIX + 2 + PIX);
    const [mlp, cnn] = tf.tidy(() => {
      const e = agent.wm.embed(tf.tensor2d(obs, [2, PIX + 2]));
      return [tf.slice(e, [0, 0], [-1, 16]).arraySync(), tf.slice(e, [0, 16], [-1, -1]).arraySync()];
    }) as [number[][], number[][]];
    const maxDiff = (rows: number[][]): number => Math.max(...rows[0]!.map((v, k) => Math.abs(v - rows[1]![k]!)));
    const [mlpSame, cnnDiff] = [maxDiff(mlp) < 1e-6, maxDiff(cnn) > 1e-4];
    expect(mlpSame).toBe(true);
    expect(cnnDiff).toBe(true);
  });

  it('logs one reconstruction term per entry, summing to loss/recon, and leaks no tensors over train steps', () => {
    const agent = new DreamerAgent(tinyConfig(...CNN).agent, LAYOUT, SPEC, 1);
    const batch = frameBatch(2, 4);
    agent.train(batch);
    const before = tf.memory().numTensors;
    let m = agent.train(batch);
    m = agent.train(batch);
    expect(tf.memory().numTensors).toBe(before);
    expect(m['loss/recon/image']).toBeGreaterThan(0);
    expect(m['loss/recon/proprio']).toBeGreaterThan(0);
    expect(m['loss/recon']).toBeCloseTo(m['loss/recon/image']! + m['loss/recon/proprio']!, 2);
    expect(Number.isFinite(m['loss/actor']!)).toBe(true);
  });

  it('overfits a fixed batch of frames: the image reconstruction falls at least 5x in 40 updates', () => {
    const agent = new DreamerAgent(tinyConfig(...CNN, 'agent.model.lr=3e-3').agent, LAYOUT, SPEC, 2);
    const batch = frameBatch(4, 4);
    const losses: number[] = [];
    for (let k = 0; k < 40; k++) {
      const { metrics, start, startCont } = agent.trainModel(batch);
      tf.dispose([start.deter, start.stoch, startCont]);
      losses.push(metrics['loss/recon/image']!);
    }
    expect(losses[0]! / losses.at(-1)!).toBeGreaterThan(5);
  }, 60_000);

  it('a plain Box image observation (no Dict) trains with one term, loss/recon/image', () => {
    const layout: ObsLayout = [{ key: 'image', kind: 'image', shape: [16, 16, 1], offset: 0, size: 256 }];
    const agent = new DreamerAgent(tinyConfig('agent.cnn.depth=4', 'agent.cnn.mults=[1,2]').agent, layout, SPEC, 3);
    expect(agent.wm.encoder).toBeNull();
    const b = frameBatch(2, 3);
    const obs = new Float32Array(2 * 3 * 256);
    for (let r = 0; r < 6; r++) for (let p = 0; p < 256; p++) obs[r * 256 + p] = b.obs[r * (PIX + 2) + p * 12]!;
    const m = agent.train({ ...b, obsDim: 256, obs });
    expect(m['loss/recon/image']).toBeCloseTo(m['loss/recon']!, 4);
  });

  it('saves the CNN weights with the agent and loads them into a fresh agent of the same config', () => {
    const cfg = tinyConfig(...CNN).agent;
    const trained = new DreamerAgent(cfg, LAYOUT, SPEC, 4);
    trained.train(frameBatch(2, 3));
    const parts = trained.save();
    const names = Object.keys(parts.tensors.weights!);
    expect(names).toContain('wm/cnn_encoder_image/conv2/kernel');
    expect(names).toContain('wm/cnn_decoder_image/dense/kernel');
    const fresh = new DreamerAgent(cfg, LAYOUT, SPEC, 5);
    const kernel = (a: DreamerAgent) => Array.from(a.wm.variables().get('wm/cnn_decoder_image/deconv0/kernel')!.dataSync());
    expect(kernel(fresh)).not.toEqual(kernel(trained));
    fresh.load(parts, 'training', 'test');
    expect(kernel(fresh)).toEqual(kernel(trained));
  });

  it('refuses an image the CNN cannot halve down to its bottom map, at construction', () => {
    const layout: ObsLayout = [{ key: 'pixels', kind: 'image', shape: [30, 30, 3], offset: 0, size: 2700 }];
    expect(() => new DreamerAgent(tinyConfig(...CNN).agent, layout, SPEC, 0)).toThrow(ConfigError);
    expect(() => new DreamerAgent(tinyConfig(...CNN).agent, layout, SPEC, 0)).toThrow(/"pixels".*\[30, 30, 3\].*env.image_size=\[32,32\]/);
  });
});
