/**
 * The reference critic's update without a second forward pass. The actor loss already runs the critic over every
 * imagined state (its values bootstrap the λ-returns), with the same weights the critic update then starts from;
 * the critic's MSE regression to the returns on the first H−1 steps needs exactly those activations. So the actor
 * loss's forward keeps them (detached), and the critic's gradient is formed by hand from them: the same maths as
 * autodiff of 0.5·mean((critic(x) − target)²), without the critic's forward (~1.9 GFLOP per step) or its tape.
 */
import * as tf from '@tensorflow/tfjs';
import { denseMatMul } from '../src/tensor/kernels/dense-matmul.js';
import type { MLP } from '../src/tensor/layers/mlp.js';
import { stopGradient } from '../src/tensor/math/stop_gradient.js';
import type { Adam, MinimizeResult } from '../src/tensor/optim/adam.js';

/** The ELU layers' outputs and the value of a [in, u1, u2, 1] critic over rows x. */
export interface CriticActivations {
  x: tf.Tensor2D;
  h1: tf.Tensor2D;
  h2: tf.Tensor2D;
  value: tf.Tensor2D;
}

const LAYERS = ['dense0', 'dense1', 'out'] as const;

function weights(critic: MLP): { w: tf.Variable[]; b: tf.Variable[]; names: string[] } {
  const vars = critic.variables();
  const get = (name: string): tf.Variable => {
    const v = vars.get(name);
    // Unreachable from input: the reference critic is an MLP [in, u, u, 1] with biases, and these are its names.
    if (!v) throw new Error(`critic has no variable ${name}`);
    return v;
  };
  const names = LAYERS.flatMap((l) => [`${critic.name}/${l}/kernel`, `${critic.name}/${l}/bias`]);
  return { w: LAYERS.map((l) => get(`${critic.name}/${l}/kernel`)), b: LAYERS.map((l) => get(`${critic.name}/${l}/bias`)), names };
}

/** critic.apply(x) with its activations: the same kernels MLP.apply runs (dense+ELU, dense+ELU, dense). */
export function criticForward(critic: MLP, x: tf.Tensor): CriticActivations {
  const { w, b } = weights(critic);
  const dense = (v: tf.Tensor, i: number, act: 'elu' | 'linear'): tf.Tensor2D =>
    denseMatMul(v as tf.Tensor2D, w[i] as tf.Tensor2D, b[i] as tf.Tensor1D, act);
  const h1 = dense(x, 0, 'elu');
  const h2 = dense(h1, 1, 'elu');
  return { x: x as tf.Tensor2D, h1, h2, value: dense(h2, 2, 'linear') };
}

/** The first `rows` rows of each activation, detached and kept (outside any tidy) for `criticUpdate`. */
export function keepRows(a: CriticActivations, rows: number): CriticActivations {
  const head = (t: tf.Tensor2D): tf.Tensor2D => tf.keep(stopGradient(tf.slice(t, [0, 0], [rows, t.shape[1]])));
  return { x: head(a.x), h1: head(a.h1), h2: head(a.h2), value: head(a.value) };
}

/** elu'(pre)·dy from elu's output y (tfjs's EluGrad kernel). */
const eluGrad = (dy: tf.Tensor, y: tf.Tensor): tf.Tensor2D => tf.engine().runKernel('EluGrad', { dy, y }) as tf.Tensor2D;

/** One Adam step of 0.5·mean((value − targets)²) from kept activations (disposes nothing; the caller owns `a`). */
export function criticUpdate(opt: Adam, critic: MLP, a: CriticActivations, targets: tf.Tensor): MinimizeResult {
  const { w, names } = weights(critic);
  return opt.applyGradients(() => {
    const err = tf.sub(a.value, targets); // [M, 1]
    const loss = tf.mul(tf.mean(tf.square(err)), 0.5) as tf.Scalar;
    const g3 = tf.div(err, a.value.shape[0]) as tf.Tensor2D; // d loss / d value
    const g2 = eluGrad(tf.matMul(g3, w[2], false, true), a.h2);
    const g1 = eluGrad(tf.matMul(g2, w[1], false, true), a.h1);
    const grads = [
      tf.matMul(a.x, g1, true, false), tf.sum(g1, 0),
      tf.matMul(a.h1, g2, true, false), tf.sum(g2, 0),
      tf.matMul(a.h2, g3, true, false), tf.sum(g3, 0),
    ];
    return { loss, grads: new Map(names.map((n, i) => [n, grads[i]])) };
  });
}
