/**
 * Where a step's time goes, kernel by kernel: wraps every kernel registered for the active backend with a counter
 * and a timer, runs `fn` once, and reports the count and time per kernel name, the time inside kernels, and the
 * rest per kernel (engine bookkeeping, the autodiff tape, JS between kernels, garbage collection).
 */
import * as tf from '@tensorflow/tfjs';

export interface KernelProfile {
  wallMs: number;
  kernels: number;
  insideMs: number;
  /** (wall − inside) / kernels, in µs */
  outsideUsPerKernel: number;
  /** name → [count, ms], most time first */
  byName: [string, number, number][];
}

/** Profile one call of `fn` on the active backend. Kernels are restored afterwards. */
export function profileKernels(fn: () => void): KernelProfile {
  const backend = tf.getBackend();
  const configs = tf.getKernelsForBackend(backend);
  const stats = new Map<string, [number, number]>();
  for (const config of configs) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({
      ...config,
      setupFunc: undefined, // already set up: the wrapper reuses the original kernel function
      kernelFunc: ((args: Parameters<tf.KernelFunc>[0]) => {
        const t0 = performance.now();
        try {
          return inner(args);
        } finally {
          const entry = stats.get(config.kernelName) ?? [0, 0];
          entry[0] += 1;
          entry[1] += performance.now() - t0;
          stats.set(config.kernelName, entry);
        }
      }) as tf.KernelFunc,
    });
  }
  let wallMs = 0;
  try {
    const t0 = performance.now();
    fn();
    wallMs = performance.now() - t0;
  } finally {
    for (const config of configs) {
      tf.unregisterKernel(config.kernelName, backend);
      tf.registerKernel(config);
    }
  }
  const byName = [...stats].map(([name, [n, ms]]) => [name, n, ms] as [string, number, number]).sort((a, b) => b[2] - a[2]);
  const kernels = byName.reduce((s, [, n]) => s + n, 0);
  const insideMs = byName.reduce((s, [, , ms]) => s + ms, 0);
  return { wallMs, kernels, insideMs, outsideUsPerKernel: kernels ? ((wallMs - insideMs) * 1000) / kernels : 0, byName };
}

/** A few lines for the console: totals, then the `top` kernels by time. */
export function formatKernelProfile(label: string, p: KernelProfile, top = 12): string {
  const head = `${label}: ${p.wallMs.toFixed(1)} ms, ${p.kernels} kernels, ${p.insideMs.toFixed(1)} ms inside them, ` +
    `${p.outsideUsPerKernel.toFixed(1)} µs per kernel outside`;
  const rows = p.byName.slice(0, top).map(([name, n, ms]) => `  ${name.padEnd(24)} ${String(n).padStart(6)} ${ms.toFixed(1).padStart(8)} ms`);
  return [head, ...rows].join('\n');
}
