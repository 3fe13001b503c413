import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/tensor/backend.js';
import { TensorRng } from '../../src/tensor/random.js';
import { ReferenceCnnAutoencoder, reconstructionLoss } from '../../bench/cnn.js';

/** Parameters of torch_dreamer_cnn_step.py's networks at depth d, counted from its docstring's layer list. */
function peerParameterCount(d: number): number {
  const conv = (cin: number, cout: number): number => 4 * 4 * cin * cout + cout; // kernel 4, with bias
  const norm = (c: number): number => 2 * c;
  const enc = [3, d, 2 * d, 4 * d, 8 * d];
  const dec = [8 * d, 4 * d, 2 * d, d, 3];
  let n = 0;
  for (let i = 0; i < 4; i++) n += conv(enc[i], enc[i + 1]) + norm(enc[i + 1]);
  const flat = 4 * 4 * 8 * d;
  n += flat * 1024 + 1024 + 1024 * flat + flat;
  for (let i = 0; i < 4; i++) n += conv(dec[i], dec[i + 1]) + (i < 3 ? norm(dec[i + 1]) : 0);
  return n;
}

describe('the pixel workload of bench cnn', () => {
  beforeAll(async () => {
    await initBackend('cpu', { quiet: true });
  });

  it('has the peer\'s layers (parameter count) and maps frames [N, 64, 64, 3] to [N, 64, 64, 3]', () => {
    const model = new ReferenceCnnAutoencoder(8, new TensorRng(0));
    const count = [...model.variables().values()].reduce((s, v) => s + v.size, 0);
    expect(count).toBe(peerParameterCount(8));
    const frames = tf.zeros([2, 64, 64, 3]) as tf.Tensor4D;
    const out = tf.tidy(() => model.apply(frames));
    expect(out.shape).toEqual([2, 64, 64, 3]);
    const loss = tf.tidy(() => reconstructionLoss(model, frames));
    expect(loss.shape).toEqual([]);
    tf.dispose([frames, out, loss]);
    model.dispose();
  });
});
