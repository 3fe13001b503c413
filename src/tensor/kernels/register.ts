/**
 * Our fixes to the tfjs wasm backend, registered from our code (never by patching node_modules): the stock
 * kernels are kept (stock.ts) so benchmarks can switch back and our kernels can call them.
 */
import * as tf from '@tensorflow/tfjs';
import { batchMatMulFix } from './batch-matmul.js';
import { fusedMatMulFix } from './fused-matmul.js';
import { identityFix } from './identity.js';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { unsortedSegmentSumWasm } from './unsorted-segment-sum.js';
import { saveStockKernel } from './stock.js';
import { sliceFix, splitVFix } from './slice.js';
import { sumFix } from './sum.js';

/** Every kernel we register on wasm: replacements of slow or wrong stock kernels, and missing ones. */
export const WASM_KERNEL_FIXES: readonly tf.KernelConfig[] = [
  batchMatMulFix,
  fusedMatMulFix,
  identityFix,
  conv2DBackpropFilterWasm,
  unsortedSegmentSumWasm,
  sliceFix,
  splitVFix,
  sumFix,
];

const STOCK_KERNELS_NEEDED = [tf.Transpose, tf.Add, tf.Relu, tf.Relu6, tf.Elu, tf.Sigmoid, tf.LeakyRelu, tf.Prelu];

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
