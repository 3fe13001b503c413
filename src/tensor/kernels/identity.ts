/**
 * Identity on wasm without a copy. The engine saves tensors for backprop through Identity; the stock wasm kernel
 * copies the whole buffer each time. Sharing the dataId with one more reference is what the cpu backend does:
 * no wasm kernel writes into its inputs, so sharing is safe.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmBackend } from './wasm-heap.js';
import { input, runStock } from './stock.js';

function identity(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const x = input(args.inputs, 'x');
  if (x.dtype === 'string') return runStock(tf.Identity, backend, { x });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityFix: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as tf.KernelFunc,
};
