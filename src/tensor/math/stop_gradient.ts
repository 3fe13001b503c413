import * as tf from '@tensorflow/tfjs';

/**
 * The same values as `x`, seen by autodiff as a constant (TensorFlow's stop_gradient). tfjs has no such op: a
 * new tensor handle on x's data (one more reference, as the Identity kernel takes on cpu) is not on the gradient
 * tape, so no gradient flows through it. No copy is made.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  tf.backend().incRef(x.dataId);
  return tf.engine().makeTensorFromDataId(x.dataId, x.shape, x.dtype) as T;
}
