/**
 * Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter on wasm computed by the native addon (native/src/conv.cc:
 * im2col + our sgemm, NHWC, on the operands where they lie in the wasm heap). Anything it does not cover (another
 * data format, dilation > 1, non-float tensors) goes to the wasm kernels: XNNPACK's Conv2D, our JS + XNNPACK
 * backprop kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputWasm } from './conv2d-backprop-input.js';
import { convGeometry, isPlainNhwc, type Conv2DInfo } from './conv-geometry.js';
import { input, stockKernel } from './stock.js';
import { elementOffset, heapF32, type WasmBackend } from './wasm-heap.js';

/** The addon's conv entry point (native/src/gemm.cc); offsets count floats. */
export type NativeConv2d = (heap: Float32Array, kind: number, aOff: number, bOff: number, outOff: number,
  n: number, h: number, w: number, c: number, fh: number, fw: number, co: number, oh: number, ow: number,
  sh: number, sw: number, padTop: number, padLeft: number) => void;

const FORWARD = 0;
const BACKPROP_INPUT = 1;
const BACKPROP_FILTER = 2;

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** Run the addon's `kind` on (a, b) into a fresh tensor of `outShape`. */
function run(conv2d: NativeConv2d, backend: WasmBackend, kind: number, a: tf.TensorInfo, b: tf.TensorInfo,
  outShape: number[], info: Conv2DInfo): tf.TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  const heap = heapF32(backend); // after the allocation, which may grow (and detach) the heap
  conv2d(heap, kind, elementOffset(backend, a), elementOffset(backend, b), elementOffset(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.filterHeight, info.filterWidth,
    info.outChannels, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth,
    info.padInfo.top, info.padInfo.left);
  return out;
}

function covered(attrs: tf.NamedAttrMap, ...ts: tf.TensorInfo[]): boolean {
  return isPlainNhwc(attrs) && ts.every((t) => t.dtype === 'float32');
}

/** Kernel configs that use the addon's `conv2d`. */
export function nativeConvKernels(conv2d: NativeConv2d): tf.KernelConfig[] {
  const forward = (args: KernelArgs): tf.TensorInfo => {
    const x = input(args.inputs, 'x');
    const filter = input(args.inputs, 'filter');
    const attrs = args.attrs ?? {};
    if (!covered(attrs, x, filter)) return stockKernel(tf.Conv2D).kernelFunc(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const info = convGeometry('Conv2D', x.shape, filter.shape, attrs);
    return run(conv2d, args.backend as WasmBackend, FORWARD, x, filter, info.outShape, info);
  };
  const backpropInput = (args: KernelArgs): tf.TensorInfo => {
    const dy = input(args.inputs, 'dy');
    const filter = input(args.inputs, 'filter');
    const attrs = args.attrs ?? {};
    if (!covered(attrs, dy, filter)) return conv2DBackpropInputWasm.kernelFunc(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const info = convGeometry('Conv2DBackpropInput', attrs.inputShape as number[], filter.shape, attrs);
    return run(conv2d, args.backend as WasmBackend, BACKPROP_INPUT, dy, filter, info.inShape, info);
  };
  const backpropFilter = (args: KernelArgs): tf.TensorInfo => {
    const x = input(args.inputs, 'x');
    const dy = input(args.inputs, 'dy');
    const attrs = args.attrs ?? {};
    if (!covered(attrs, x, dy)) return conv2DBackpropFilterWasm.kernelFunc(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const info = convGeometry('Conv2DBackpropFilter', x.shape, attrs.filterShape as number[], attrs);
    return run(conv2d, args.backend as WasmBackend, BACKPROP_FILTER, x, dy, info.filterShape, info);
  };
  return [
    { kernelName: tf.Conv2D, backendName: 'wasm', kernelFunc: forward as unknown as tf.KernelFunc },
    { kernelName: tf.Conv2DBackpropInput, backendName: 'wasm', kernelFunc: backpropInput as unknown as tf.KernelFunc },
    { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: backpropFilter as unknown as tf.KernelFunc },
  ];
}
