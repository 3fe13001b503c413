/**
 * Slice and SplitV on wasm without copying the whole input. The stock Slice kernel reads its input with
 * `readSync`, which copies the entire tensor out of the heap on every call, so splitting [N, 3D] GRU gates or
 * the gradient of a concat costs a full copy per piece (SplitV was 1/3 of the world-model step's kernel time).
 * Here the slice is copied straight from a view of the heap.
 */
import * as tf from '@tensorflow/tfjs';
import { input, runStock, stockKernel } from './stock.js';
import type { WasmBackend } from './wasm-heap.js';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
type Numeric = Float32Array | Int32Array | Uint8Array;

/** A typed view of a tensor's elements over the live heap (re-read after any allocation). */
function view(backend: WasmBackend, t: tf.TensorInfo): Numeric {
  const data = backend.dataIdMap.get(t.dataId);
  // Unreachable from input: the engine hands a wasm kernel only tensors it has moved to the wasm backend.
  if (!data) throw new Error('wasm Slice: tensor is not on the wasm backend');
  const buffer = backend.wasm.wasmMemory?.buffer ?? backend.wasm.HEAPU8.buffer;
  const size = tf.util.sizeFromShape(t.shape);
  if (t.dtype === 'float32') return new Float32Array(buffer, data.memoryOffset, size);
  if (t.dtype === 'int32') return new Int32Array(buffer, data.memoryOffset, size);
  return new Uint8Array(buffer, data.memoryOffset, size);
}

/** x[begin : begin + size] into a fresh tensor. */
export function sliceInfo(backend: WasmBackend, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const src = view(backend, x);
  const dst = view(backend, out);
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    dst.set(src.subarray(offset, offset + dst.length));
    return out;
  }
  copyRows(src, dst, x.shape.length, strides, begin, size);
  return out;
}

/** Copy the strided block row by row (a row = the last axis), walking the outer indices like an odometer. */
function copyRows(src: Numeric, dst: Numeric, rank: number, strides: number[], begin: number[], size: number[]): void {
  const rowLength = size[rank - 1];
  const rows = dst.length / Math.max(rowLength, 1);
  const index = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let r = 0, out = 0; r < rows; r++, out += rowLength) {
    let offset = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) offset += (begin[d] + index[d]) * strides[d];
    dst.set(src.subarray(offset, offset + rowLength), out);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
}

function slice(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const x = input(args.inputs, 'x');
  if (x.dtype === 'string' || x.dtype === 'complex64') return runStock(tf.Slice, backend, { x }, args.attrs);
  const [begin, size] = tf.slice_util.parseSliceParams(x, args.attrs?.begin as number[], args.attrs?.size as number[]);
  return sliceInfo(backend, x, begin, size);
}

function splitV(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const x = input(args.inputs, 'x');
  const attrs = args.attrs ?? {};
  if (x.dtype === 'string' || x.dtype === 'complex64') {
    return stockKernel(tf.SplitV).kernelFunc(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo[];
  }
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs.numOrSizeSplits as number[], axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const piece = sliceInfo(backend, x, [...begin], size);
    begin[axis] += s;
    return piece;
  });
}

export const sliceFix: tf.KernelConfig = {
  kernelName: tf.Slice,
  backendName: 'wasm',
  kernelFunc: slice as unknown as tf.KernelFunc,
};

export const splitVFix: tf.KernelConfig = {
  kernelName: tf.SplitV,
  backendName: 'wasm',
  kernelFunc: splitV as unknown as tf.KernelFunc,
};
