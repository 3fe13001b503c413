/**
 * The native path (native/, built during `npm ci` where a C++ compiler exists, or by `npm run build:native`): an
 * N-API addon that runs sgemm (our own, or Debian's BLIS / OpenBLAS when built so) directly on the wasm heap (zero
 * copy: a Float32Array over the heap plus offsets). When the addon file exists it replaces BatchMatMul,
 * _FusedMatMul, Exp and the three conv kernels (native-conv.ts) on wasm and runs the fused kernels' loops
 * (fused/math.ts); without it nothing changes.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { batchMatMulFix } from './batch-matmul.js';
import { fusedMatMulFix } from './fused-matmul.js';
import { nativeEluGradKernel, nativeExpKernel, nativeMatMulKernels, type BlasAddon } from './native-matmul.js';
import { nativeConvKernels } from './native-conv.js';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputWasm } from './conv2d-backprop-input.js';
import { stockKernel } from './stock.js';
import { registerWasmKernels } from './register.js';
import { nativeFusedMath, setFusedMath, type NativeFusedFunctions } from './fused/math.js';

export type NativeBlasChoice = 'auto' | 'off';

/** Where `npm run build:native` puts the addon, relative to the package root. */
const ADDON_PATH = join('native', 'build', 'Release', 'dreamer_blas.node');
/** What native/install.mjs recorded about its last build (why it did not build, when it did not). */
const INSTALL_STATUS_PATH = join('native', 'build', 'install-status.json');
/** Environment variable that names an addon file explicitly. */
const ADDON_ENV = 'DREAMER_NATIVE_BLAS';
/**
 * Multiply-adds per BLAS thread: a product of m·n·k below twice this runs on one thread. Waking a second thread
 * costs more than it saves on the GRU's [16, 400] × [400, 600] (3.8 M); the imagination's [800, 232] × [232, 200]
 * (37 M) gains from two. Swept 2–32 M on the reference workload (docs/performance.md): 4 M was best.
 */
export const BLAS_MIN_WORK_PER_THREAD = 4_000_000;
/** How far up from this module the package root may be (src/tensor/kernels or dist/src/tensor/kernels). */
const MAX_LEVELS_UP = 6;

const require = createRequire(import.meta.url);
let addon: BlasAddon | null | undefined; // undefined: not looked for yet; null: not available
let loadError: string | undefined;

/** `relative` in the nearest enclosing folder that has it (the package root from src/ or dist/src/). */
function findUp(relative: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < MAX_LEVELS_UP; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
  }
  return undefined;
}

/** The addon file, if built: $DREAMER_NATIVE_BLAS, else native/build/Release in an enclosing folder. */
export function findAddon(): string | undefined {
  const explicit = process.env[ADDON_ENV];
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return findUp(ADDON_PATH);
}

interface InstallStatus {
  built?: boolean;
  reason?: string;
  /** os.cpus()[0].model of the machine that built it */
  cpu?: string;
}

/** native/install.mjs's record of the last build, if any. */
function installStatus(): InstallStatus | undefined {
  const file = findUp(INSTALL_STATUS_PATH);
  if (!file) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstallStatus;
  } catch {
    return undefined; // unreadable: as if absent
  }
}

/**
 * The CPU the default addon was built for, when it is not this one: its code is compiled with -march=native and
 * could stop the process with an illegal instruction here (e.g. a node_modules copied to another machine).
 */
function builtForAnotherCpu(file: string): string | undefined {
  if (process.env[ADDON_ENV]) return undefined; // a file named explicitly: the user's call
  const built = installStatus()?.cpu;
  const here = os.cpus()[0]?.model;
  return built && here && built !== here && file === findUp(ADDON_PATH) ? built : undefined;
}

/** The loaded addon, or undefined when it is not built (or fails to load, e.g. BLAS missing). */
export function loadAddon(): BlasAddon | undefined {
  if (addon === undefined) {
    const file = findAddon();
    const otherCpu = file ? builtForAnotherCpu(file) : undefined;
    if (otherCpu) {
      addon = null;
      loadError = `built for another CPU (${otherCpu})`;
      return undefined;
    }
    try {
      addon = file ? (require(file) as BlasAddon) : null;
    } catch (error) {
      addon = null; // built against a library (or a Node) that is not here: stay on wasm
      loadError = String((error as Error).message ?? error).split('\n')[0];
    }
  }
  return addon ?? undefined;
}

/** Why `loadAddon()` found no addon, in words for the run's first line (undefined when it loads). */
export function addonUnavailableReason(): string | undefined {
  if (loadAddon()) return undefined;
  const explicit = process.env[ADDON_ENV];
  if (explicit && !existsSync(explicit)) return `${ADDON_ENV} names ${explicit}, which does not exist`;
  if (loadError) return `native addon does not load: ${loadError}; rebuild it with \`npm run build:native\``;
  const status = installStatus();
  if (status && !status.built && status.reason) return `native addon not built: ${status.reason}`;
  return 'native addon not built: run `npm run build:native` (needs a C++ compiler)';
}

/**
 * Route matMul on wasm through the addon when `choice` is `auto` and the addon loads; returns its description
 * (e.g. `blis 0.9.0`) or undefined. `threads` caps the BLAS threads of one call.
 */
export function enableNativeBlas(choice: NativeBlasChoice, threads?: number): string | undefined {
  if (choice === 'off' || tf.getBackend() !== 'wasm') {
    disableNativeBlas();
    return undefined;
  }
  const blas = loadAddon();
  if (!blas) return undefined;
  if (threads !== undefined) blas.setThreads(threads, BLAS_MIN_WORK_PER_THREAD);
  const exp = nativeExpKernel(blas);
  const conv = blas.conv2d ? nativeConvKernels(blas.conv2d.bind(blas)) : [];
  const eluGrad = nativeEluGradKernel(blas);
  registerWasmKernels([...nativeMatMulKernels(blas), ...(exp ? [exp] : []), ...(eluGrad ? [eluGrad] : []), ...conv]);
  setFusedMath(nativeFusedMath(blas as BlasAddon & Partial<NativeFusedFunctions>));
  return blas.info();
}

/** Back to our wasm (XNNPACK) matMul and conv kernels. */
export function disableNativeBlas(): void {
  registerWasmKernels([batchMatMulFix, fusedMatMulFix, stockKernel(tf.Exp), stockKernel(tf.EluGrad), stockKernel(tf.Conv2D),
    conv2DBackpropInputWasm, conv2DBackpropFilterWasm]);
  setFusedMath(undefined);
}
