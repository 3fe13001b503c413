/**
 * Conv2DBackpropFilter on wasm without the native addon (missing from tfjs-backend-wasm 4.22; pixel encoders need it;
 * native-conv.ts replaces it when the addon is built).
 * dW[fh, fw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + fh − padTop, ow·sw + fw − padLeft, ci] · dy[b, oh, ow, co],
 * computed as im2col: cols [R = b·OH·OW, P = fh·fw·ci] built in JS (conv-geometry.ts), then colsᵀ @ dy on XNNPACK. The batch is
 * processed in chunks so the cols buffer stays below `MAX_COLS_FLOATS`.
 */
import * as tf from '@tensorflow/tfjs';
import { batchedProduct } from './matmul-core.js';
import { xnnProduct } from './batch-matmul.js';
import { input } from './stock.js';
import { byteOffset, elementOffset, heapF32, makeView, releaseView, type WasmBackend } from './wasm-heap.js';
import { convGeometry, im2col, type Conv2DInfo } from './conv-geometry.js';

/** Largest im2col buffer per chunk (16M floats = 64 MB): bounds peak wasm memory, which never shrinks. */
export const MAX_COLS_FLOATS = 16 * 1024 * 1024;
const FLOAT_BYTES = Float32Array.BYTES_PER_ELEMENT;

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

function conv2DBackpropFilter(args: KernelArgs, maxColsFloats: number): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const x = input(args.inputs, 'x');
  const dy = input(args.inputs, 'dy');
  const attrs = args.attrs ?? {};
  const info = convGeometry('Conv2DBackpropFilter', x.shape, attrs.filterShape as number[], attrs);
  const pixels = info.outHeight * info.outWidth;
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const chunk = Math.max(1, Math.floor(maxColsFloats / (pixels * patch)));
  let total: tf.TensorInfo | undefined;
  for (let b0 = 0; b0 < info.batchSize; b0 += chunk) {
    const count = Math.min(chunk, info.batchSize - b0);
    const part = chunkGradient(backend, x, dy, info, b0, count);
    total = total ? accumulate(backend, total, part) : part;
  }
  return { dataId: total!.dataId, shape: info.filterShape, dtype: 'float32' };
}

/** colsᵀ @ dy for images [b0, b0 + count): a fresh [P, outChannels] tensor. */
function chunkGradient(
  backend: WasmBackend, x: tf.TensorInfo, dy: tf.TensorInfo, info: Conv2DInfo, b0: number, count: number,
): tf.TensorInfo {
  const rows = count * info.outHeight * info.outWidth;
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = backend.makeOutput([1, rows, patch], 'float32');
  im2col(heapF32(backend), elementOffset(backend, x), elementOffset(backend, cols), info, b0, count);
  const dyRowBytes = info.outHeight * info.outWidth * info.outChannels * FLOAT_BYTES;
  const dyView = makeView(backend, [1, rows, info.outChannels], byteOffset(backend, dy) + b0 * dyRowBytes);
  try {
    return batchedProduct(backend, cols, dyView, true, false, xnnProduct(backend));
  } finally {
    releaseView(backend, dyView);
    backend.disposeData(cols.dataId);
  }
}

/** total += part (elementwise, in place on `total`, which this kernel owns); frees `part`. */
function accumulate(backend: WasmBackend, total: tf.TensorInfo, part: tf.TensorInfo): tf.TensorInfo {
  const heap = heapF32(backend);
  const t = elementOffset(backend, total);
  const p = elementOffset(backend, part);
  const size = tf.util.sizeFromShape(total.shape);
  for (let i = 0; i < size; i++) heap[t + i] += heap[p + i];
  backend.disposeData(part.dataId);
  return total;
}

/** The kernel with a given bound on the im2col buffer (tests use a small one to exercise chunking). */
export function makeConv2DBackpropFilter(maxColsFloats = MAX_COLS_FLOATS): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => conv2DBackpropFilter(args, maxColsFloats);
  return { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

export const conv2DBackpropFilterWasm = makeConv2DBackpropFilter();
