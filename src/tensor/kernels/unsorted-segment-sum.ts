/**
 * UnsortedSegmentSum on wasm (missing from tfjs-backend-wasm 4.22; it is the gradient of gather):
 * `out[ids[i], ...] += x[i, ...]`, ids outside [0, numSegments) dropped, as in TensorFlow.
 * A plain loop over the heap: it is memory-bound, one pass over x.
 */
import * as tf from '@tensorflow/tfjs';
import { input } from './stock.js';
import { elementOffset, heapF32, heapI32, type WasmBackend } from './wasm-heap.js';
import { BackendError } from '../../util/errors.js';

function unsortedSegmentSum(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const x = input(args.inputs, 'x');
  const segmentIds = input(args.inputs, 'segmentIds');
  const numSegments = Number(args.attrs?.numSegments);
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new BackendError(`UnsortedSegmentSum on wasm supports float32 and int32 (got ${x.dtype}): cast x with tf.cast(x, 'float32')`);
  }
  const rows = tf.util.sizeFromShape(segmentIds.shape); // x viewed as [rows, inner]
  const inner = tf.util.sizeFromShape(x.shape.slice(segmentIds.shape.length));
  const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const heap = x.dtype === 'float32' ? heapF32(backend) : heapI32(backend); // after the allocation
  const ids = heapI32(backend);
  const xBase = elementOffset(backend, x);
  const idBase = elementOffset(backend, segmentIds);
  const outBase = elementOffset(backend, out);
  heap.fill(0, outBase, outBase + numSegments * inner); // makeOutput memory is uninitialised
  for (let i = 0; i < rows; i++) {
    const seg = ids[idBase + i];
    if (seg < 0 || seg >= numSegments) continue;
    const src = xBase + i * inner;
    const dst = outBase + seg * inner;
    for (let j = 0; j < inner; j++) heap[dst + j] += heap[src + j];
  }
  return out;
}

export const unsortedSegmentSumWasm: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};
