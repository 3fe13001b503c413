/**
 * A dense layer's `act(x @ W + b)` as one `_FusedMatMul` kernel with a registered gradient.
 *
 * tfjs's `tf.fused.matMul` wraps the kernel in a customGrad: per call it reshapes both operands to rank 3 and
 * back, clones three saved tensors (Identity kernels) and adds scope bookkeeping, and its backward reshapes again:
 * about a dozen engine dispatches around two matMuls. Here the forward is one kernel on the rank-2 operands and the
 * backward is the activation's gradient, two matMuls and one bias sum.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../../util/errors.js';
import { DENSE_GRADIENT_KERNEL } from './names.js';

/** The activations fused into the kernel (each backend's `_FusedMatMul` applies them). */
export type DenseActivation = 'linear' | 'elu' | 'relu';

/** dy through the activation, given the kernel's output y. */
function activationGrad(dy: tf.Tensor, y: tf.Tensor, activation: DenseActivation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return dy;
    case 'elu':
      return tf.engine().runKernel(tf.EluGrad, { dy, y }) as tf.Tensor;
    case 'relu':
      return tf.mul(dy, tf.step(y));
  }
}

const denseGrad: tf.GradConfig = {
  kernelName: DENSE_GRADIENT_KERNEL,
  inputsToSave: ['a', 'b'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [a, b, y] = saved;
    const { transposeA, transposeB, activation } = attrs as { transposeA: boolean; transposeB: boolean; activation: string };
    if (transposeA || transposeB || !['linear', 'elu', 'relu'].includes(activation)) {
      throw new BackendError(
        `dense-matmul: no gradient for _FusedMatMul with transposes or activation "${activation}": ` +
        'take gradients through tf.matMul and the activation as separate ops',
      );
    }
    const dz = activationGrad(dy as tf.Tensor, y, activation as DenseActivation);
    return {
      a: () => tf.matMul(dz, b, false, true),
      b: () => tf.matMul(a, dz, true, false),
      bias: () => tf.sum(dz, 0),
    };
  },
};

let gradientRegistered = false;

/**
 * Register the gradient (register.ts does at start; `denseMatMul` on first use). tfjs registers none for
 * _FusedMatMul (its own op differentiates through customGrad), so this is the only one; left alone if something
 * else registered one first.
 */
export function registerDenseMatMulGradient(): void {
  if (!tf.getGradient(DENSE_GRADIENT_KERNEL)) tf.registerGradient(denseGrad);
  gradientRegistered = true;
}

/** act(x @ w + bias): x [N, in], w [in, out], bias [out] -> [N, out]. */
export function denseMatMul(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D, activation: DenseActivation = 'linear'): tf.Tensor2D {
  if (!gradientRegistered) registerDenseMatMulGradient();
  return tf.engine().runKernel(tf._FusedMatMul, { a: x, b: w, bias }, {
    transposeA: false, transposeB: false, activation, leakyreluAlpha: 0,
  }) as tf.Tensor2D;
}
