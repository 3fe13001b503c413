/**
 * _FusedMatMul (matMul + bias + activation) on wasm. The stock kernel gives wrong answers with a bias when an
 * operand is transposed or batched (tfjs 4.22). Here every product runs as plain `[1, M, K] @ [1, K, N]` slices
 * (matmul-core.ts) through the C fused kernel, whose bias and activation are right on that path. Biases that are
 * not one row of N values, and PReLU, are done as matMul, then Add, then the activation kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { batchedProduct, cArgs, type SingleProduct } from './matmul-core.js';
import { input, reshaped, runStock } from './stock.js';
import type { WasmBackend, WasmModule } from './wasm-heap.js';
import { xnnProduct } from './batch-matmul.js';
import { BackendError } from '../../util/errors.js';

/** Must match `FusableActivation` in tfjs-backend-wasm's cc/fusable_activations.h. */
export const FUSABLE_ACTIVATION: Record<string, number> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 4, sigmoid: 5, elu: 6 };
/** The C kernel's id for "no tensor". */
const NO_TENSOR = 0;

type CFusedMatMul = (...args: unknown[]) => unknown;
const cwrapped = new WeakMap<WasmModule, CFusedMatMul>();

function cFusedMatMul(backend: WasmBackend): CFusedMatMul {
  let fn = cwrapped.get(backend.wasm);
  if (!fn) {
    fn = backend.wasm.cwrap('_FusedMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number',
      'number', 'number', 'number', 'number', 'number', 'number', 'number']);
    cwrapped.set(backend.wasm, fn);
  }
  return fn;
}

function fusedProduct(backend: WasmBackend, bias: tf.TensorInfo | undefined, activation: number, alpha: number): SingleProduct {
  const call = cFusedMatMul(backend);
  const biasId = bias ? cArgs(backend, bias)[0] : NO_TENSOR;
  return (a, b, out) => call(...cArgs(backend, a), ...cArgs(backend, b), false, false, activation, biasId,
    NO_TENSOR, alpha, cArgs(backend, out)[0]);
}

function fusedMatMul(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const a = input(args.inputs, 'a');
  const b = input(args.inputs, 'b');
  const { bias, preluActivationWeights } = args.inputs;
  const transposeA = Boolean(args.attrs?.transposeA);
  const transposeB = Boolean(args.attrs?.transposeB);
  const activation = String(args.attrs?.activation ?? 'linear');
  const alpha = Number(args.attrs?.leakyreluAlpha ?? 0);
  const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const biasIsRow = bias === undefined || tf.util.sizeFromShape(bias.shape) === n;
  const fusable = FUSABLE_ACTIVATION[activation];
  if (biasIsRow && fusable !== undefined && preluActivationWeights === undefined) {
    const row = bias ? reshaped(bias, [n]) : undefined;
    return batchedProduct(backend, a, b, transposeA, transposeB, fusedProduct(backend, row, fusable, alpha));
  }
  return unfused(backend, args.inputs, transposeA, transposeB, activation, alpha);
}

/** matMul, then Add(bias), then the activation, each a wasm kernel; intermediate buffers are freed. */
function unfused(
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  transposeA: boolean,
  transposeB: boolean,
  activation: string,
  alpha: number,
): tf.TensorInfo {
  let y = batchedProduct(backend, input(inputs, 'a'), input(inputs, 'b'), transposeA, transposeB, xnnProduct(backend));
  if (inputs.bias) y = replace(backend, y, runStock(tf.Add, backend, { a: y, b: inputs.bias }));
  const next = applyActivation(backend, y, activation, alpha, inputs.preluActivationWeights);
  return next === y ? y : replace(backend, y, next);
}

function replace(backend: WasmBackend, old: tf.TensorInfo, next: tf.TensorInfo): tf.TensorInfo {
  backend.disposeData(old.dataId);
  return next;
}

function applyActivation(
  backend: WasmBackend,
  x: tf.TensorInfo,
  activation: string,
  alpha: number,
  preluWeights: tf.TensorInfo | undefined,
): tf.TensorInfo {
  switch (activation) {
    case 'linear': return x;
    case 'relu': return runStock(tf.Relu, backend, { x });
    case 'relu6': return runStock(tf.Relu6, backend, { x });
    case 'elu': return runStock(tf.Elu, backend, { x });
    case 'sigmoid': return runStock(tf.Sigmoid, backend, { x });
    case 'leakyrelu': return runStock(tf.LeakyRelu, backend, { x }, { alpha });
    case 'prelu':
      if (!preluWeights) throw new BackendError('_FusedMatMul: the prelu activation needs preluActivationWeights: pass them to tf.fused.matMul');
      return runStock(tf.Prelu, backend, { x, alpha: preluWeights });
    default: throw new BackendError(`_FusedMatMul on wasm: unknown activation "${activation}": use linear, relu, relu6, elu, sigmoid, leakyrelu or prelu`);
  }
}

export const fusedMatMulFix: tf.KernelConfig = {
  kernelName: tf._FusedMatMul,
  backendName: 'wasm',
  kernelFunc: fusedMatMul as unknown as tf.KernelFunc,
};
