import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OneHotCategorical } from '../../../src/tensor/distributions/one_hot_categorical.js';
import { GRUCell } from '../../../src/tensor/layers/gru.js';
import { MLP } from '../../../src/tensor/layers/mlp.js';
import { Adam } from '../../../src/tensor/optim/adam.js';
import { TensorRng } from '../../../src/tensor/random.js';
import { CheckpointError } from '../../../src/util/errors.js';
import { maxRelError, useTestBackend, values } from '../layers/helpers.js';

beforeAll(useTestBackend);

const A = [1, 3];
/** loss = ½ Σ a_i w_i², gradient a ⊙ w. */
const quadratic = (w: tf.Variable) => (): tf.Scalar => tf.mul(tf.sum(tf.mul(tf.tensor1d(A), tf.square(w))), 0.5);

/** Adam by hand (PyTorch's formulation) on the quadratic, optionally clipping the global norm. */
function adamByHand(w0: number[], steps: number, lr: number, eps: number, clip = Infinity): number[] {
  const [b1, b2] = [0.9, 0.999];
  const w = [...w0];
  const m = [0, 0];
  const v = [0, 0];
  for (let t = 1; t <= steps; t += 1) {
    let g = w.map((wi, i) => A[i] * wi);
    const norm = Math.hypot(...g);
    if (norm > clip) g = g.map((gi) => (gi * clip) / (norm + 1e-6));
    for (let i = 0; i < 2; i += 1) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2;
      const denom = Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps;
      w[i] -= (lr / (1 - b1 ** t)) * (m[i] / denom);
    }
  }
  return w;
}

describe('Adam', () => {
  it('applyGradients with the caller\'s gradient makes the same updates as minimize, clip included', () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const opt = new Adam('q', new Map([['w', w]]), { lr: 0.1, eps: 1e-5, clip: 2 });
    let last = { loss: 0, gradNorm: 0 };
    for (let i = 0; i < 3; i += 1) {
      // the quadratic's gradient a ⊙ w by hand
      last = opt.applyGradients(() => ({ loss: quadratic(w)(), grads: new Map([['w', tf.mul(tf.tensor1d(A), w)]]) }));
    }
    expect(maxRelError(values(w), adamByHand([1, -2], 3, 0.1, 1e-5, 2))).toBeLessThan(1e-5);
    const before = adamByHand([1, -2], 2, 0.1, 1e-5, 2);
    expect(last.gradNorm).toBeCloseTo(Math.hypot(A[0] * before[0], A[1] * before[1]), 4);
    expect(() => opt.applyGradients(() => ({ loss: tf.scalar(0), grads: new Map([['v', w]]) }))).toThrow(/no variable "v"/);
    expect(opt.stepCount).toBe(3);
  });

  it('matches a hand-computed update on a quadratic', () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const opt = new Adam('q', new Map([['w', w]]), { lr: 0.1, eps: 1e-5 });
    let last = { loss: 0, gradNorm: 0 };
    for (let i = 0; i < 3; i += 1) last = opt.minimize(quadratic(w));
    expect(maxRelError(values(w), adamByHand([1, -2], 3, 0.1, 1e-5))).toBeLessThan(1e-5);
    const before = adamByHand([1, -2], 2, 0.1, 1e-5);
    expect(last.loss).toBeCloseTo(0.5 * (A[0] * before[0] ** 2 + A[1] * before[1] ** 2), 4);
    expect(opt.stepCount).toBe(3);
  });

  it('clipping caps the global norm and reports the norm before clipping', () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const opt = new Adam('q', new Map([['w', w]]), { lr: 0.1, eps: 1e-5, clip: 0.5 });
    const { gradNorm } = opt.minimize(quadratic(w));
    expect(gradNorm).toBeCloseTo(Math.hypot(1, 6), 4);
    // the first moment after one step is (1 - β1) · clipped gradient, whose norm is the clip
    const m = opt.getState().m.get('w') as Float32Array;
    expect(Math.hypot(...m) / 0.1).toBeCloseTo(0.5, 4);
    for (let i = 0; i < 2; i += 1) opt.minimize(quadratic(w));
    expect(maxRelError(values(w), adamByHand([1, -2], 3, 0.1, 1e-5, 0.5))).toBeLessThan(1e-5);
  });

  it('adaptive clipping caps each gradient at agc · ‖param‖', () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const opt = new Adam('q', new Map([['w', w]]), { lr: 0.1, agc: 0.1 });
    opt.minimize(quadratic(w));
    const m = opt.getState().m.get('w') as Float32Array;
    expect(Math.hypot(...m) / 0.1).toBeCloseTo(0.1 * Math.hypot(1, 2), 4);
  });

  it('updates only its own variables, and its state round-trips by name', () => {
    const own = tf.variable(tf.tensor1d([1, -2]));
    const other = tf.variable(tf.tensor1d([3]));
    const loss = (): tf.Scalar => tf.add(quadratic(own)(), tf.sum(tf.square(other)));
    const opt = new Adam('a', new Map([['own', own]]), { lr: 0.1 });
    opt.minimize(loss);
    expect(values(other)).toEqual([3]);
    const copyVar = tf.variable(own.clone());
    const copy = new Adam('b', new Map([['own', copyVar]]), { lr: 0.1 });
    copy.setState(opt.getState());
    opt.minimize(loss);
    copy.minimize(quadratic(copyVar));
    expect(values(copyVar)).toEqual(values(own));
    const wrong = new Adam('c', new Map([['renamed', tf.variable(tf.zeros([2]))]]), { lr: 0.1 });
    expect(() => wrong.setState(opt.getState())).toThrow(CheckpointError);
    expect(() => wrong.setState(opt.getState())).toThrow(/missing m of "renamed"/);
  });

  it('does not leak tensors across training steps of a small model', () => {
    const rng = new TensorRng(1);
    const net = new MLP('net', 4, [16], 6, { act: 'silu', norm: 'layer', rng });
    const gru = new GRUCell('gru', 6, 8, { variant: 'v3', rng });
    const opt = new Adam('opt', new Map([...net.variables(), ...gru.variables()]), { lr: 1e-3, clip: 10, agc: 0.3 });
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 1);
    const step = (): void => {
      opt.minimize(() => {
        const z = new OneHotCategorical(tf.reshape(net.apply(x), [5, 2, 3]), { unimix: 0.01 }).rsample(rng);
        const h = gru.apply(tf.reshape(z, [5, 6]), tf.zeros([5, 8]));
        return tf.mean(tf.square(h)) as tf.Scalar;
      });
    };
    step();
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 99; i += 1) step();
    expect(tf.memory().numTensors).toBe(after1);
  });
});
