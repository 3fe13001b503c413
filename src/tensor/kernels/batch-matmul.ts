/**
 * BatchMatMul on wasm that always takes XNNPACK's fast path: transposed operands (every matMul of a backward
 * pass) and batches are brought to plain `[1, M, K] @ [1, K, N]` products (see matmul-core.ts). The stock kernel
 * runs transposed or batched products in a scalar loop at 0.5-2.3 GFLOP/s.
 */
import * as tf from '@tensorflow/tfjs';
import { batchedProduct, cArgs, type SingleProduct } from './matmul-core.js';
import type { WasmBackend, WasmModule } from './wasm-heap.js';
import { input } from './stock.js';
import { BackendError } from '../../util/errors.js';

type CBatchMatMul = (...args: unknown[]) => unknown;
const cwrapped = new WeakMap<WasmModule, CBatchMatMul>();

/** The wasm module's own C entry point (a_id, a_shape, a_rank, b_id, b_shape, b_rank, tA, tB, out_id). */
function cBatchMatMul(backend: WasmBackend): CBatchMatMul {
  let fn = cwrapped.get(backend.wasm);
  if (!fn) {
    fn = backend.wasm.cwrap('BatchMatMul', null,
      ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
    cwrapped.set(backend.wasm, fn);
  }
  return fn;
}

/** The XNNPACK product used per slice. */
export function xnnProduct(backend: WasmBackend): SingleProduct {
  const call = cBatchMatMul(backend);
  return (a, b, out) => call(...cArgs(backend, a), ...cArgs(backend, b), false, false, cArgs(backend, out)[0]);
}

function batchMatMul(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const a = input(args.inputs, 'a');
  const b = input(args.inputs, 'b');
  const transposeA = Boolean(args.attrs?.transposeA);
  const transposeB = Boolean(args.attrs?.transposeB);
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new BackendError(`BatchMatMul on wasm supports float32 only (got ${a.dtype} and ${b.dtype}): cast both with tf.cast(x, 'float32')`);
  }
  return batchedProduct(backend, a, b, transposeA, transposeB, xnnProduct(backend));
}

export const batchMatMulFix: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as tf.KernelFunc,
};
