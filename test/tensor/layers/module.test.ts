import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiagGaussian } from '../../../src/tensor/distributions/diag_gaussian.js';
import { MLP } from '../../../src/tensor/layers/mlp.js';
import { emaUpdate } from '../../../src/tensor/math/ema.js';
import { Module } from '../../../src/tensor/module.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { CheckpointError } from '../../../src/util/errors.js';
import { useTestBackend, values } from './helpers.js';

beforeAll(useTestBackend);

class WorldModel extends Module {
  readonly encoder: MLP;
  constructor(rng: TensorRng, hidden = 8) {
    super('wm');
    this.encoder = this.addChild(new MLP('encoder', 3, [hidden], 2, { rng }));
  }
}

describe('Module', () => {
  it('names variables by path', () => {
    expect([...new WorldModel(new TensorRng(0)).variables().keys()]).toEqual([
      'wm/encoder/dense0/kernel', 'wm/encoder/dense0/bias', 'wm/encoder/out/kernel', 'wm/encoder/out/bias',
    ]);
  });

  it('the same seed gives the same parameters and samples; another seed does not', () => {
    const a = new WorldModel(new TensorRng(42)).getWeights();
    const b = new WorldModel(new TensorRng(42)).getWeights();
    const c = new WorldModel(new TensorRng(43)).getWeights();
    for (const [name, w] of a) expect(Array.from(w.data)).toEqual(Array.from(b.get(name)?.data ?? []));
    expect(Array.from(c.get('wm/encoder/out/kernel')?.data ?? [])).not.toEqual(Array.from(a.get('wm/encoder/out/kernel')?.data ?? []));
    const d = new DiagGaussian(tf.zeros([4, 3]), tf.ones([4, 3]));
    expect(values(d.sample(new TensorRng(7)))).toEqual(values(d.sample(new TensorRng(7))));
    const rng = new TensorRng(7);
    const first = values(rng.normal([3]));
    const state = rng.getState();
    const next = values(rng.normal([3]));
    rng.setState(state);
    expect(values(rng.normal([3]))).toEqual(next);
    expect(next).not.toEqual(first);
  });

  it('getWeights / setWeights round-trip and reject mismatched checkpoints with a clear error', () => {
    const src = new WorldModel(new TensorRng(1));
    const dst = new WorldModel(new TensorRng(2));
    dst.setWeights(src.getWeights());
    expect(values(dst.encoder.apply(tf.ones([1, 3])))).toEqual(values(src.encoder.apply(tf.ones([1, 3]))));
    const wider = new WorldModel(new TensorRng(1), 9);
    expect(() => wider.setWeights(src.getWeights())).toThrow(CheckpointError);
    expect(() => wider.setWeights(src.getWeights())).toThrow(/"wm\/encoder\/dense0\/kernel" has shape \[3,8\] but the model expects \[3,9\]/);
    const partial = src.getWeights();
    partial.delete('wm/encoder/out/bias');
    expect(() => dst.setWeights(partial)).toThrow(/missing "wm\/encoder\/out\/bias"/);
  });

  it('counts parameters and frees them on dispose', () => {
    const before = tf.memory().numTensors;
    const m = new WorldModel(new TensorRng(3));
    expect(m.numParams()).toBe(3 * 8 + 8 + 8 * 2 + 2);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('emaUpdate moves the slow copy towards the source', () => {
    const fast = new WorldModel(new TensorRng(4));
    const slow = new WorldModel(new TensorRng(5));
    const [f, s] = [values(fast.encoder.variableList()[0]), values(slow.encoder.variableList()[0])];
    emaUpdate(slow, fast, 0.02);
    const got = values(slow.encoder.variableList()[0]);
    got.forEach((v, i) => expect(v).toBeCloseTo(0.98 * s[i] + 0.02 * f[i], 6));
    expect(() => emaUpdate(new WorldModel(new TensorRng(1), 4), fast, 0.5)).toThrow(CheckpointError);
  });
});
