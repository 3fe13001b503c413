/**
 * Conv2DBackpropFilter on wasm (missing from tfjs-backend-wasm 4.22; pixel encoders need it).
 * dW[fh, fw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + fh − padTop, ow·sw + fw − padLeft, ci] · dy[b, oh, ow, co],
 * computed as im2col: cols [R = b·OH·OW, P = fh·fw·ci] built in JS, then colsᵀ @ dy on XNNPACK. The batch is
 * processed in chunks so the cols buffer stays below `MAX_COLS_FLOATS`.
 */
import * as tf from '@tensorflow/tfjs';
import { batchedProduct } from './matmul-core.js';
import { xnnProduct } from './batch-matmul.js';
import { input } from './stock.js';
import { byteOffset, elementOffset, heapF32, makeView, releaseView, type WasmBackend } from './wasm-heap.js';
import { BackendError } from '../../util/errors.js';

/** Largest im2col buffer per chunk (16M floats = 64 MB): bounds peak wasm memory, which never shrinks. */
const MAX_COLS_FLOATS = 16 * 1024 * 1024;
const FLOAT_BYTES = Float32Array.BYTES_PER_ELEMENT;

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

function convInfo(x: tf.TensorInfo, attrs: tf.NamedAttrMap): Conv2DInfo {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new BackendError(`Conv2DBackpropFilter on wasm supports NHWC only (got ${String(attrs.dataFormat)}): transpose the input to NHWC`);
  }
  const dilations = 1;
  return tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    attrs.strides as [number, number] | number, dilations,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast');
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

function conv2DBackpropFilter(args: KernelArgs, maxColsFloats: number): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const x = input(args.inputs, 'x');
  const dy = input(args.inputs, 'dy');
  const info = convInfo(x, args.attrs ?? {});
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
  fillCols(backend, x, cols, info, b0, count);
  const dyRowBytes = info.outHeight * info.outWidth * info.outChannels * FLOAT_BYTES;
  const dyView = makeView(backend, [1, rows, info.outChannels], byteOffset(backend, dy) + b0 * dyRowBytes);
  try {
    return batchedProduct(backend, cols, dyView, true, false, xnnProduct(backend));
  } finally {
    releaseView(backend, dyView);
    backend.disposeData(cols.dataId);
  }
}

/** im2col: row (b, oh, ow) holds the receptive field [fh, fw, ci] of that output pixel, zeros where padded. */
function fillCols(backend: WasmBackend, x: tf.TensorInfo, cols: tf.TensorInfo, info: Conv2DInfo, b0: number, count: number): void {
  const heap = heapF32(backend);
  const { inHeight: H, inWidth: W, inChannels: C, filterHeight: FH, filterWidth: FW } = info;
  const xBase = elementOffset(backend, x);
  let dst = elementOffset(backend, cols);
  for (let b = b0; b < b0 + count; b++) {
    for (let oh = 0; oh < info.outHeight; oh++) {
      for (let ow = 0; ow < info.outWidth; ow++) {
        for (let fh = 0; fh < FH; fh++) {
          const ih = oh * info.strideHeight + fh - info.padInfo.top;
          for (let fw = 0; fw < FW; fw++, dst += C) {
            const iw = ow * info.strideWidth + fw - info.padInfo.left;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
              heap.fill(0, dst, dst + C);
            } else {
              const src = xBase + ((b * H + ih) * W + iw) * C;
              heap.copyWithin(dst, src, src + C);
            }
          }
        }
      }
    }
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
