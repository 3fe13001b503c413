/**
 * Backend selection. `auto` takes, in order: TensorFlow's C library through `@tensorflow/tfjs-node-gpu` or
 * `@tensorflow/tfjs-node` (optional, not dependencies: their install downloads libtensorflow), then
 * `@tensorflow/tfjs-backend-wasm` (SIMD, threads, our kernel fixes), then the pure-JS `cpu` backend.
 * An explicit choice that cannot load is an error that says how to install it.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../util/errors.js';
import { registerKernels, registerWasmKernelFixes } from './kernels/register.js';
import { installLightTapeSaves } from './kernels/tape-saves.js';
import { installFillZeroCotangents } from './kernels/zero-cotangents.js';
import type { WasmBackend } from './kernels/wasm-heap.js';
import { unrefWorkers, withThreadedWasm } from './backend/wasm-threads.js';
import { addonUnavailableReason, enableNativeBlas, loadAddon, type NativeBlasChoice } from './kernels/native-blas.js';

export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface BackendOptions {
  /**
   * Compute threads. On wasm without the native addon: the XNNPACK pool (fixed at the first wasm init of the
   * process), default every core. With the native addon they go to its GEMM (default 1), and wasm stays
   * single-threaded.
   */
  threads?: number;
  /** Do not print the `backend: ...` line. */
  quiet?: boolean;
  /** `auto`: use the optional native BLAS addon (native/) for matMul on wasm when it is built; `off`: never. */
  nativeBlas?: NativeBlasChoice;
}

export interface BackendInfo {
  /** The tfjs backend name now active: `tensorflow`, `wasm` or `cpu`. */
  backend: string;
  threads: number;
  /** wasm only: whether the SIMD build runs. */
  simd?: boolean;
  /** wasm only: the native BLAS behind matMul, when the addon is in use. */
  nativeBlas?: string;
  /** wasm with the native addon: the most threads one BLAS call may use (small products use one). */
  blasThreads?: number;
  /** wasm without the native addon: why (not built and the install's reason, does not load, or switched off). */
  nativeMissing?: string;
  /** tensorflow only: which package provides it. */
  package?: string;
}

const TF_NODE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
/** GEMM threads with the native addon when `threads` is not given (measured on CartPole's update, 2026-12-04). */
export const NATIVE_DEFAULT_THREADS = 1;
const INSTALL_TENSORFLOW =
  'install one with `npm install @tensorflow/tfjs-node-gpu` (CUDA) or `npm install @tensorflow/tfjs-node` ' +
  '(their install downloads libtensorflow, see docs/backends.md), or use `backend: auto`';

let current: { key: string; info: Promise<BackendInfo> } | undefined;

/** Select and initialise a backend (idempotent: the same request returns the same result). */
export function initBackend(choice: BackendChoice, opts: BackendOptions = {}): Promise<BackendInfo> {
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new BackendError(`unknown backend "${String(choice)}": use one of ${BACKEND_CHOICES.join(', ')}`);
  }
  const key = JSON.stringify([choice, opts.threads ?? null, opts.nativeBlas ?? 'auto']);
  if (current?.key === key) return current.info;
  const info = select(choice, opts).then((result) => {
    if (!opts.quiet) console.log(describeBackend(result));
    return result;
  });
  installLightTapeSaves();
  installFillZeroCotangents();
  registerKernels();
  current = { key, info };
  info.catch(() => { if (current?.key === key) current = undefined; });
  return info;
}

const threadCount = (n: number): string => `${n} thread${n === 1 ? '' : 's'}`;

/**
 * The run's first line: which path computes, e.g. `backend: wasm + native addon (own GEMM, AVX-512), 2 threads`
 * or `backend: wasm (simd, 2 threads; native addon not built: no C++ compiler ...; see docs/backends.md)`.
 */
export function describeBackend(info: BackendInfo): string {
  if (info.nativeBlas) {
    return `backend: ${info.backend} + native addon (${info.nativeBlas}), ${threadCount(info.blasThreads ?? 1)}`;
  }
  const parts: string[] = [];
  if (info.package) parts.push(info.package);
  if (info.simd !== undefined) parts.push(info.simd ? 'simd' : 'no simd');
  parts.push(threadCount(info.threads));
  const why = info.nativeMissing ? `; ${info.nativeMissing}; see docs/backends.md` : '';
  return `backend: ${info.backend} (${parts.join(', ')}${why})`;
}

async function select(choice: BackendChoice, opts: BackendOptions): Promise<BackendInfo> {
  if (choice === 'tensorflow' || choice === 'auto') {
    const info = await tryTensorflow();
    if (info) return info;
    if (choice === 'tensorflow') {
      throw new BackendError(`backend "tensorflow" is not available: neither ${TF_NODE_PACKAGES.join(' nor ')} ` +
        `is installed; ${INSTALL_TENSORFLOW}.`);
    }
  }
  if (choice === 'wasm' || choice === 'auto') {
    const info = await tryWasm(opts);
    if (info) return info;
    if (choice === 'wasm') {
      throw new BackendError('backend "wasm" is not available: @tensorflow/tfjs-backend-wasm did not load. ' +
        'Reinstall the dependencies with `npm ci`, or use `backend: cpu`.');
    }
  }
  await setBackendOrThrow('cpu');
  return { backend: 'cpu', threads: 1 };
}

/** Import tfjs-node(-gpu) if installed; it registers the `tensorflow` backend. */
async function tryTensorflow(): Promise<BackendInfo | undefined> {
  for (const pkg of TF_NODE_PACKAGES) {
    try {
      await import(pkg);
    } catch {
      continue; // not installed (or its native library is missing): try the next
    }
    if (await tf.setBackend('tensorflow')) return { backend: 'tensorflow', threads: os.cpus().length, package: pkg };
  }
  return undefined;
}

async function tryWasm(opts: BackendOptions): Promise<BackendInfo | undefined> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch {
    return undefined;
  }
  const nativeChoice = opts.nativeBlas ?? 'auto';
  const native = nativeChoice !== 'off' && loadAddon() !== undefined;
  // Default: one GEMM thread with the native addon (CartPole's update was no faster with two and took ~10 % more
  // CPU; docs/backends.md), one wasm thread per core without it.
  const threads = Math.max(1, Math.floor(opts.threads ?? (native ? NATIVE_DEFAULT_THREADS : os.cpus().length)));
  // With the native addon, matMul threads come from BLAS; the threaded wasm build would only slow every other
  // kernel (measured: world-model step 149 ms single-threaded vs 176 ms with a 2-thread pool; docs/performance.md).
  const wasmThreads = native ? 1 : threads;
  const alreadyUp = tf.findBackend('wasm') !== null;
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  if (!alreadyUp && wasmThreads > 1 && simd) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(wasmThreads);
    if (!(await withThreadedWasm(wasmThreads, () => tf.setBackend('wasm')))) return undefined;
  } else if (!(await tf.setBackend('wasm'))) {
    return undefined;
  }
  const backend = tf.backend() as unknown as WasmBackend;
  unrefWorkers(backend.wasm);
  registerWasmKernelFixes();
  const nativeBlas = enableNativeBlas(nativeChoice, threads);
  const info: BackendInfo = { backend: 'wasm', threads: backend.wasm.tfjs.getThreadsCount(), simd };
  if (nativeBlas) return { ...info, nativeBlas, blasThreads: threads };
  const nativeMissing = nativeChoice === 'off' ? 'native addon off: native_blas=off' : addonUnavailableReason();
  return nativeMissing ? { ...info, nativeMissing } : info;
}

async function setBackendOrThrow(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) {
    throw new BackendError(`backend "${name}" failed to initialise; reinstall the dependencies with \`npm ci\`.`);
  }
}
