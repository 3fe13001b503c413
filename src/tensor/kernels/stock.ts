/**
 * Access to the wasm backend's own (stock) kernels, kept before we replace any of them, so that our kernels can
 * call them directly (as the cpu backend's kernels call each other) and benchmarks can switch back.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmBackend } from './wasm-heap.js';

const WASM = 'wasm';
const saved = new Map<string, tf.KernelConfig>();

/** Remember the stock wasm kernel `name` (once) so it survives our re-registration. */
export function saveStockKernel(name: string): tf.KernelConfig | undefined {
  if (!saved.has(name)) {
    const config = tf.getKernel(name, WASM);
    if (config) saved.set(name, config);
  }
  return saved.get(name);
}

/** The stock wasm kernel `name` (registered now or saved before replacement). */
export function stockKernel(name: string): tf.KernelConfig {
  const config = saved.get(name) ?? tf.getKernel(name, WASM);
  // Unreachable from input: the names are our own, from kernels the wasm backend ships (register.ts saves them).
  if (!config) throw new Error(`the wasm backend has no stock kernel ${name}`);
  return config;
}

/** Run a stock wasm kernel on tensor infos already on the wasm backend; the caller owns the result. */
export function runStock(
  name: string,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const out = stockKernel(name).kernelFunc({ inputs, backend: backend as unknown as tf.KernelBackend, attrs });
  return Array.isArray(out) ? out[0] : out;
}

/** Swap the last two axes into a fresh buffer (the wasm Transpose kernel, a fast C++ loop). */
export function transposeLastTwo(backend: WasmBackend, x: tf.TensorInfo): tf.TensorInfo {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return runStock('Transpose', backend, { x }, { perm });
}

/** Same data, new shape: a reshape costs nothing on wasm, and a TensorInfo is only a description. */
export function reshaped(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** A required kernel input. */
export function input(inputs: tf.NamedTensorInfoMap, name: string): tf.TensorInfo {
  const t = inputs[name];
  // Unreachable from input: the tfjs ops name every input of the kernels they run.
  if (!t) throw new Error(`wasm kernel: missing input "${name}"`);
  return t;
}
