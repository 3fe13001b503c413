/**
 * The kernel registry: every kernel and gradient dreamer-ts registers, on every backend, is listed here (the names
 * are in names.ts; ./README.md tabulates file, backends, fallback and test for each). `initBackend` calls
 * `registerKernels`, and `registerWasmKernelFixes` once wasm is up; the fused ops and `denseMatMul` also register
 * themselves on first use, so they work in code that never calls `initBackend`. The native BLAS kernels (native-blas.ts) replace the wasm matMuls and Exp only
 * while the addon is on, through `registerWasmKernels`.
 *
 * Our fixes to the tfjs wasm backend are registered from our code (never by patching node_modules): the stock
 * kernels are kept (stock.ts) so benchmarks can switch back and our kernels can call them.
 */
import * as tf from '@tensorflow/tfjs';
import { batchMatMulFix } from './batch-matmul.js';
import { fusedMatMulFix } from './fused-matmul.js';
import { identityFix } from './identity.js';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputWasm } from './conv2d-backprop-input.js';
import { unsortedSegmentSumWasm } from './unsorted-segment-sum.js';
import { saveStockKernel } from './stock.js';
import { sliceFix, splitVFix } from './slice.js';
import { sumFix } from './sum.js';
import { registerDenseMatMulGradient } from './dense-matmul.js';
import { registerFusedOp, type FusedOp } from './fused/fused-op.js';
import { ADAM_UPDATE_OP, GLOBAL_NORM_OP } from './fused/adam.js';
import { CATEGORICAL_SAMPLE_OP } from './fused/categorical.js';
import { GRU_V1_OP, GRU_V3_OP } from './fused/gru.js';
import { GRU_CELL_V1_OP } from './fused/gru-cell.js';
import { RSSM_IMAGINE_OP } from './fused/rssm-imagine.js';
import { RSSM_OBSERVE_OP } from './fused/rssm-observe.js';
import { LAYER_NORM_OP, RMS_NORM_OP } from './fused/norm.js';
import { SILU_OP } from './fused/silu.js';
import { SYMLOG_OP } from './fused/symlog.js';

/** Every kernel we register on wasm: replacements of slow or wrong stock kernels, and missing ones. */
export const WASM_KERNEL_FIXES: readonly tf.KernelConfig[] = [
  batchMatMulFix,
  fusedMatMulFix,
  identityFix,
  conv2DBackpropFilterWasm,
  conv2DBackpropInputWasm,
  unsortedSegmentSumWasm,
  sliceFix,
  splitVFix,
  sumFix,
];

/** Every fused op: forward and backward kernels on cpu and wasm, and the gradient joining them. */
export const FUSED_OPS: readonly FusedOp[] = [
  SILU_OP,
  SYMLOG_OP,
  GRU_V1_OP,
  GRU_V3_OP,
  GRU_CELL_V1_OP,
  RSSM_OBSERVE_OP,
  RSSM_IMAGINE_OP,
  LAYER_NORM_OP,
  RMS_NORM_OP,
  CATEGORICAL_SAMPLE_OP,
  ADAM_UPDATE_OP,
  GLOBAL_NORM_OP,
];

const STOCK_KERNELS_NEEDED = [tf.Transpose, tf.Add, tf.Relu, tf.Relu6, tf.Elu, tf.Sigmoid, tf.LeakyRelu, tf.Prelu];

/** Register the fused ops (cpu and wasm) and the dense gradient (every backend). Idempotent. */
export function registerKernels(): void {
  FUSED_OPS.forEach(registerFusedOp);
  registerDenseMatMulGradient();
}

/** Put `configs` in place of whatever is registered under their names on wasm. Idempotent. */
export function registerWasmKernels(configs: readonly tf.KernelConfig[]): void {
  for (const name of STOCK_KERNELS_NEEDED) saveStockKernel(name);
  for (const config of configs) {
    saveStockKernel(config.kernelName);
    if (tf.getKernel(config.kernelName, 'wasm') === config) continue;
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}

/** Register our kernel fixes on the wasm backend. Idempotent. */
export function registerWasmKernelFixes(): void {
  registerWasmKernels(WASM_KERNEL_FIXES);
}

/** Put back the stock wasm kernels (kernels wasm lacks are removed). For benchmarks that compare. */
export function restoreStockWasmKernels(): void {
  for (const config of WASM_KERNEL_FIXES) {
    const stock = saveStockKernel(config.kernelName);
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    if (stock) tf.registerKernel(stock);
  }
}
