/**
 * BatchMatMul and _FusedMatMul on wasm computed by the native BLAS addon. Operands are read where they lie in
 * the wasm heap; transposes are BLAS flags, batches are strides (0 for a broadcast batch of 1), bias and
 * activation happen in the same native call.
 */
import * as tf from '@tensorflow/tfjs';
import { broadcastIndex, planProduct } from './matmul-core.js';
import { batchMatMulFix } from './batch-matmul.js';
import { FUSABLE_ACTIVATION, fusedMatMulFix } from './fused-matmul.js';
import { input, stockKernel } from './stock.js';
import { elementOffset, heapF32, type WasmBackend } from './wasm-heap.js';
import type { NativeConv2d } from './native-conv.js';

/** The addon's interface (native/src/gemm.cc). Offsets and strides count floats; biasOff < 0 means no bias. */
export interface BlasAddon {
  gemm(heap: Float32Array, transA: boolean, transB: boolean, m: number, n: number, k: number, batch: number,
    aOff: number, aStride: number, bOff: number, bStride: number, cOff: number, cStride: number,
    biasOff: number, activation: number, alpha: number): void;
  /** Up to `maxThreads` per sgemm, one per `minWorkPerThread` multiply-adds (0 or absent: always `maxThreads`). */
  setThreads(maxThreads: number, minWorkPerThread?: number): void;
  /** NHWC conv kernels as im2col + sgemm (native-conv.ts; absent in addons built before it). */
  conv2d?: NativeConv2d;
  /** out[i] = exp(x[i]), vectorised (absent in addons built before it). */
  exp?(x: Float32Array, out: Float32Array): void;
  /** dx = dy where y > 0, else dy·(y + 1), split over the addon's threads (absent in addons built before it). */
  eluGrad?(dy: Float32Array, y: Float32Array, dx: Float32Array): void;
  info(): string;
}

const NO_BIAS = -1;
const LINEAR = 0;

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

interface Epilogue {
  bias?: tf.TensorInfo;
  activation: number;
  alpha: number;
}

/** `act(op(a) @ op(b) + bias)` into a fresh tensor of the broadcast output shape. */
function nativeProduct(blas: BlasAddon, backend: WasmBackend, a: tf.TensorInfo, b: tf.TensorInfo,
  tA: boolean, tB: boolean, epilogue: Epilogue): tf.TensorInfo {
  const { m, k, n, outShape } = planProduct(a, b, tA, tB);
  const batchDims = outShape.slice(0, -2);
  const batchOut = tf.util.sizeFromShape(batchDims);
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const out = backend.makeOutput(outShape, 'float32');
  const heap = heapF32(backend); // after the allocation, which may grow (and detach) the heap
  const [aOff, bOff, cOff] = [elementOffset(backend, a), elementOffset(backend, b), elementOffset(backend, out)];
  const biasOff = epilogue.bias ? elementOffset(backend, epilogue.bias) : NO_BIAS;
  const run = (rows: number, batch: number, aO: number, aS: number, bO: number, bS: number, cO: number): void =>
    blas.gemm(heap, tA, tB, rows, n, k, batch, aO, aS, bO, bS, cO, m * n, biasOff, epilogue.activation, epilogue.alpha);
  if (batchB === 1 && !tA && batchA === batchOut) {
    run(batchOut * m, 1, aOff, 0, bOff, 0, cOff); // one right operand: the batch folds into the rows
  } else if ((batchA === batchOut || batchA === 1) && (batchB === batchOut || batchB === 1)) {
    run(m, batchOut, aOff, batchA === 1 ? 0 : m * k, bOff, batchB === 1 ? 0 : k * n, cOff);
  } else {
    const aIndex = broadcastIndex(batchDims, a.shape.slice(0, -2));
    const bIndex = broadcastIndex(batchDims, b.shape.slice(0, -2));
    for (let i = 0; i < batchOut; i++) {
      run(m, 1, aOff + aIndex(i) * m * k, 0, bOff + bIndex(i) * k * n, 0, cOff + i * m * n);
    }
  }
  return out;
}

function isFloat(...ts: tf.TensorInfo[]): boolean {
  return ts.every((t) => t.dtype === 'float32');
}

/** Kernel configs that use `blas`; anything the addon does not cover goes to our wasm kernels. */
export function nativeMatMulKernels(blas: BlasAddon): tf.KernelConfig[] {
  const batchMatMul = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const a = input(args.inputs, 'a');
    const b = input(args.inputs, 'b');
    if (!isFloat(a, b)) return batchMatMulFix.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
    return nativeProduct(blas, args.backend as WasmBackend, a, b, Boolean(args.attrs?.transposeA),
      Boolean(args.attrs?.transposeB), { activation: LINEAR, alpha: 0 });
  };
  const fusedMatMul = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const a = input(args.inputs, 'a');
    const b = input(args.inputs, 'b');
    const { bias, preluActivationWeights } = args.inputs;
    const tB = Boolean(args.attrs?.transposeB);
    const n = tB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
    const activation = FUSABLE_ACTIVATION[String(args.attrs?.activation ?? 'linear')];
    const biasIsRow = bias === undefined || (bias.dtype === 'float32' && tf.util.sizeFromShape(bias.shape) === n);
    if (!isFloat(a, b) || !biasIsRow || activation === undefined || preluActivationWeights !== undefined) {
      return fusedMatMulFix.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
    }
    return nativeProduct(blas, args.backend as WasmBackend, a, b, Boolean(args.attrs?.transposeA), tB,
      { bias, activation, alpha: Number(args.attrs?.leakyreluAlpha ?? 0) });
  };
  return [
    { kernelName: tf.BatchMatMul, backendName: 'wasm', kernelFunc: batchMatMul as unknown as tf.KernelFunc },
    { kernelName: tf._FusedMatMul, backendName: 'wasm', kernelFunc: fusedMatMul as unknown as tf.KernelFunc },
  ];
}

/**
 * EluGrad on wasm through the addon's loop, split over its threads: the heads' [12,000, 200] ELU gradients of the
 * actor-critic step are otherwise single-threaded wasm work. Undefined for older addons.
 */
export function nativeEluGradKernel(blas: BlasAddon): tf.KernelConfig | undefined {
  const eluGrad = blas.eluGrad;
  if (!eluGrad) return undefined;
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const [dy, y] = [input(args.inputs, 'dy'), input(args.inputs, 'y')];
    const same = dy.shape.length === y.shape.length && dy.shape.every((v, i) => v === y.shape[i]);
    if (dy.dtype !== 'float32' || y.dtype !== 'float32' || !same) {
      return stockKernel(tf.EluGrad).kernelFunc(args as Parameters<tf.KernelFunc>[0]);
    }
    const backend = args.backend as WasmBackend;
    const out = backend.makeOutput(dy.shape, 'float32');
    const heap = heapF32(backend); // after the allocation, which may grow (and detach) the heap
    const size = tf.util.sizeFromShape(dy.shape);
    const [dyOff, yOff, outOff] = [elementOffset(backend, dy), elementOffset(backend, y), elementOffset(backend, out)];
    eluGrad.call(blas, heap.subarray(dyOff, dyOff + size), heap.subarray(yOff, yOff + size), heap.subarray(outOff, outOff + size));
    return out;
  };
  return { kernelName: tf.EluGrad, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/** Exp on wasm through the addon's vectorised loop (the stock kernel is scalar); undefined for older addons. */
export function nativeExpKernel(blas: BlasAddon): tf.KernelConfig | undefined {
  const exp = blas.exp;
  if (!exp) return undefined;
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = input(args.inputs, 'x');
    if (x.dtype !== 'float32') return stockKernel(tf.Exp).kernelFunc(args as Parameters<tf.KernelFunc>[0]);
    const backend = args.backend as WasmBackend;
    const out = backend.makeOutput(x.shape, 'float32');
    const heap = heapF32(backend); // after the allocation, which may grow (and detach) the heap
    const size = tf.util.sizeFromShape(x.shape);
    const [xOff, outOff] = [elementOffset(backend, x), elementOffset(backend, out)];
    exp.call(blas, heap.subarray(xOff, xOff + size), heap.subarray(outOff, outOff + size));
    return out;
  };
  return { kernelName: tf.Exp, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
