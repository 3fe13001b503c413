/**
 * `dreamer bench matmul`: GFLOP/s of tf.matMul on the shapes of the reference Dreamer step
 * (/work/shared/peers/README.md) and the two transposed products its backward pass runs for each
 * (dW = xᵀ·dy and dx = dy·Wᵀ), with the stock wasm kernels and with ours.
 */
import * as tf from '@tensorflow/tfjs';
import type { Bench } from './bench.js';
import { initBackend, describeBackend, type BackendChoice } from '../src/tensor/backend.js';
import { registerWasmKernelFixes, restoreStockWasmKernels } from '../src/tensor/kernels/register.js';
import { disableNativeBlas, enableNativeBlas } from '../src/tensor/kernels/native-blas.js';

/** [M, K, N] of y = x·W in the reference workload. */
const SHAPES: [number, number, number][] = [[800, 230, 200], [16, 230, 600], [800, 200, 600], [800, 400, 200]];
/** Measure each product for at least this long (after warm-up). */
const MIN_MS = 400;
const WARMUP_CALLS = 3;

type Variant = 'x@W' | 'xT@dy' | 'dy@WT';
type Kernels = 'stock' | 'fixed' | 'native';

interface Row {
  shape: string;
  product: Variant;
  gflops: Partial<Record<Kernels, number>>;
}

/** The product, its operand shapes and transpose flags; each has 2·M·K·N flops. */
function operands(m: number, k: number, n: number, v: Variant): { a: number[]; b: number[]; tA: boolean; tB: boolean } {
  if (v === 'x@W') return { a: [m, k], b: [k, n], tA: false, tB: false };
  if (v === 'xT@dy') return { a: [m, k], b: [m, n], tA: true, tB: false }; // [K, N] weight gradient
  return { a: [m, n], b: [k, n], tA: false, tB: true }; // [M, K] input gradient
}

function gflops(m: number, k: number, n: number, v: Variant): number {
  const { a, b, tA, tB } = operands(m, k, n, v);
  const x = tf.randomNormal(a);
  const y = tf.randomNormal(b);
  const once = (): void => tf.matMul(x, y, tA, tB).dispose();
  for (let i = 0; i < WARMUP_CALLS; i++) once();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < MIN_MS) {
    once();
    calls++;
  }
  const ms = (performance.now() - start) / calls;
  tf.dispose([x, y]);
  return (2 * m * k * n) / (ms * 1e6);
}

function useKernels(kernels: Kernels): void {
  if (kernels === 'stock') {
    disableNativeBlas();
    restoreStockWasmKernels();
  } else {
    registerWasmKernelFixes();
    if (kernels === 'native') enableNativeBlas('auto');
    else disableNativeBlas();
  }
}

export const matmulBench: Bench = {
  name: 'matmul',
  describe: 'GFLOP/s of matMul on the reference Dreamer shapes, stock vs fixed wasm kernels (--threads N)',
  async run(args) {
    const threads = args.threads === undefined ? undefined : Number(args.threads);
    const choice = (args.backend === undefined ? 'wasm' : String(args.backend)) as BackendChoice;
    const info = await initBackend(choice, { threads, quiet: true });
    const native = info.backend === 'wasm' && enableNativeBlas('auto') !== undefined;
    const kernelSets: Kernels[] = info.backend === 'wasm' ? ['stock', 'fixed', ...(native ? ['native' as const] : [])] : ['fixed'];
    console.log(`${describeBackend(info)}; GFLOP/s (higher is better)`);
    console.log(`${'shape'.padEnd(22)}${'product'.padEnd(8)}${kernelSets.map((k) => k.padStart(9)).join('')}`);
    const rows: Row[] = [];
    for (const [m, k, n] of SHAPES) {
      for (const product of ['x@W', 'xT@dy', 'dy@WT'] as Variant[]) {
        const row: Row = { shape: `[${m}x${k}]@[${k}x${n}]`, product, gflops: {} };
        for (const kernels of kernelSets) {
          if (info.backend === 'wasm') useKernels(kernels);
          row.gflops[kernels] = Number(gflops(m, k, n, product).toFixed(2));
        }
        rows.push(row);
        console.log(`${row.shape.padEnd(22)}${product.padEnd(8)}${kernelSets.map((s) => String(row.gflops[s]).padStart(9)).join('')}`);
      }
    }
    if (info.backend === 'wasm') useKernels(native ? 'native' : 'fixed');
    if (args.json) console.log(JSON.stringify({ matmul: { ...info, rows } }));
  },
};
