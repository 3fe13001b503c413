/**
 * Sum over leading axes on wasm (e.g. a bias gradient: Σ over the rows of dy [N, D]). The stock kernel first
 * transposes the reduced axes to the end (a full strided copy of the input), then reduces. Here the sum over
 * rows is a matMul with a row of ones; other reductions go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { input, reshaped, runStock } from './stock.js';
import { elementOffset, heapF32, type WasmBackend } from './wasm-heap.js';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** Number of leading axes reduced, if `axes` is exactly [0, 1, ..., k-1] with k < rank; else 0. */
function leadingAxes(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b);
  const isPrefix = sorted.every((a, i) => a === i);
  return isPrefix && sorted.length < rank ? sorted.length : 0;
}

function sum(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const x = input(args.inputs, 'x');
  const axes = tf.util.parseAxisParam(args.attrs?.axis as number | number[], x.shape);
  const k = leadingAxes(axes, x.shape.length);
  if (x.dtype !== 'float32' || k === 0) return runStock(tf.Sum, backend, { x }, args.attrs);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, k));
  const width = tf.util.sizeFromShape(x.shape.slice(k));
  const keepDims = Boolean(args.attrs?.keepDims);
  const outShape = keepDims ? [...new Array<number>(k).fill(1), ...x.shape.slice(k)] : x.shape.slice(k);
  // Σ over rows = ones [1, rows] @ x [rows, width]: one product on whichever matMul kernel is registered
  // (XNNPACK or native BLAS), far faster than a JS loop over the heap.
  const ones = backend.makeOutput([1, 1, rows], 'float32');
  const start = elementOffset(backend, ones);
  heapF32(backend).fill(1, start, start + rows);
  try {
    const product = tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc({
      inputs: { a: ones, b: reshaped(x, [1, rows, width]) },
      backend: backend as unknown as tf.KernelBackend,
      attrs: { transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
    return { dataId: product.dataId, shape: outShape, dtype: 'float32' };
  } finally {
    backend.disposeData(ones.dataId);
  }
}

export const sumFix: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: sum as unknown as tf.KernelFunc,
};
