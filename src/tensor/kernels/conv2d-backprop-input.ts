/**
 * Conv2DBackpropInput on wasm without the native addon: the backward of conv2d to its input and the forward of
 * conv2dTranspose (every decoder stage). The stock kernel is a scalar loop (2–3 GFLOP/s, docs/performance.md);
 * here cols [R = b·OH·OW, P = fh·fw·ci] = dy [R, co] @ Fᵀ runs on XNNPACK, and col2im (conv-geometry.ts) adds each
 * patch back onto its pixels. The batch is processed in chunks so the cols buffer stays below `MAX_COLS_FLOATS`.
 */
import * as tf from '@tensorflow/tfjs';
import { batchedProduct } from './matmul-core.js';
import { xnnProduct } from './batch-matmul.js';
import { input, reshaped, stockKernel } from './stock.js';
import { byteOffset, elementOffset, heapF32, makeView, releaseView, type WasmBackend } from './wasm-heap.js';
import { col2im, convGeometry, isPlainNhwc } from './conv-geometry.js';
import { MAX_COLS_FLOATS } from './conv2d-backprop-filter.js';

const FLOAT_BYTES = Float32Array.BYTES_PER_ELEMENT;

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

function conv2DBackpropInput(args: KernelArgs, maxColsFloats: number): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const dy = input(args.inputs, 'dy');
  const filter = input(args.inputs, 'filter');
  const attrs = args.attrs ?? {};
  if (!isPlainNhwc(attrs) || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
    return stockKernel(tf.Conv2DBackpropInput).kernelFunc(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const info = convGeometry('Conv2DBackpropInput', attrs.inputShape as number[], filter.shape, attrs);
  const pixels = info.outHeight * info.outWidth;
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const dx = backend.makeOutput(info.inShape, 'float32');
  const dxBase = elementOffset(backend, dx);
  heapF32(backend).fill(0, dxBase, dxBase + tf.util.sizeFromShape(info.inShape));
  const chunk = Math.max(1, Math.floor(maxColsFloats / (pixels * patch)));
  const filterRows = reshaped(filter, [1, patch, info.outChannels]); // F as [P, co]; the product reads it transposed
  for (let b0 = 0; b0 < info.batchSize; b0 += chunk) {
    const count = Math.min(chunk, info.batchSize - b0);
    const rows = count * pixels;
    const dyView = makeView(backend, [1, rows, info.outChannels], byteOffset(backend, dy) + b0 * pixels * info.outChannels * FLOAT_BYTES);
    let cols: tf.TensorInfo | undefined;
    try {
      cols = batchedProduct(backend, dyView, filterRows, false, true, xnnProduct(backend));
      col2im(heapF32(backend), elementOffset(backend, cols), dxBase, info, b0, count);
    } finally {
      releaseView(backend, dyView);
      if (cols) backend.disposeData(cols.dataId);
    }
  }
  return dx;
}

/** The kernel with a given bound on the cols buffer (tests use a small one to exercise chunking). */
export function makeConv2DBackpropInput(maxColsFloats = MAX_COLS_FLOATS): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => conv2DBackpropInput(args, maxColsFloats);
  return { kernelName: tf.Conv2DBackpropInput, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

export const conv2DBackpropInputWasm = makeConv2DBackpropInput();
