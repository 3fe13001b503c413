/**
 * Sum over leading axes on wasm (e.g. a bias gradient: Σ over the rows of dy [N, D]). The stock kernel first
 * transposes the reduced axes to the end (a full strided copy of the input), then reduces. Here the rows are
 * accumulated in place, in one cache-friendly pass; other reductions go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { input, runStock } from './stock.js';
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
  const out = backend.makeOutput(outShape, 'float32');
  const heap = heapF32(backend); // after the allocation
  const src = elementOffset(backend, x);
  const dst = elementOffset(backend, out);
  heap.fill(0, dst, dst + width);
  for (let r = 0; r < rows; r++) {
    const row = src + r * width;
    for (let j = 0; j < width; j++) heap[dst + j] += heap[row + j];
  }
  return out;
}

export const sumFix: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: sum as unknown as tf.KernelFunc,
};
