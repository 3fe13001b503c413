/**
 * `dreamer bench gemm [--threads N] [--addon a.node,b.node] [--rounds 7]`: GFLOP/s of the native addon's sgemm
 * alone (no tfjs) on the reference step's products and their backward transposes. Several addon builds (e.g. our
 * own GEMM and one built with `-Dblas=openblas`) are measured in alternation, round by round, so they see the same
 * machine load; each figure is the best (minimum-time) round.
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import { BLAS_MIN_WORK_PER_THREAD, findAddon } from '../src/tensor/kernels/native-blas.js';
import type { BlasAddon } from '../src/tensor/kernels/native-matmul.js';
import { DreamerError } from '../src/util/errors.js';
import type { Bench } from './bench.js';

/** [m, k, n, transposeA, transposeB]: the GRU's [16, 400] × [400, 600] and imagination's [800, 230] × [230, 200]
 * products, each with its two backward products (dx = dy·Wᵀ, dW = xᵀ·dy), and the CartPole preset's GRU. */
const SHAPES: [number, number, number, boolean, boolean][] = [
  [16, 400, 600, false, false], [16, 600, 400, false, true], [400, 16, 600, true, false],
  [800, 230, 200, false, false], [800, 200, 230, false, true], [230, 800, 200, true, false],
  [16, 256, 384, false, false], [256, 128, 384, false, false],
];
const MS_PER_ROUND = 40;

export const gemmBench: Bench = {
  name: 'gemm',
  describe: 'GFLOP/s of the native addon\'s sgemm on the reference shapes: --threads, --addon a.node,b.node',
  async run(args) {
    const files = args.addon ? String(args.addon).split(',') : [findAddon()].filter((f): f is string => f !== undefined);
    if (files.length === 0) throw new DreamerError('bench gemm: the native addon is not built; run `npm run build:native`.');
    const require = createRequire(import.meta.url);
    const addons = files.map((f) => require(f) as BlasAddon);
    const threads = Number(args.threads ?? 1);
    const rounds = Number(args.rounds ?? 7);
    for (const addon of addons) addon.setThreads(threads, BLAS_MIN_WORK_PER_THREAD);
    console.log(`threads ${threads}, ${rounds} rounds, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; GFLOP/s (best round):`);
    console.log(['shape', ...addons.map((a) => a.info())].join(' | '));
    const rows: Record<string, number[]> = {};
    for (const [m, k, n, tA, tB] of SHAPES) {
      const heap = Float32Array.from({ length: m * k + k * n + m * n }, () => Math.random() - 0.5);
      const best = addons.map(() => Number.POSITIVE_INFINITY);
      for (let r = 0; r < rounds; r++) {
        addons.forEach((addon, i) => {
          const once = (): void => addon.gemm(heap, tA, tB, m, n, k, 1, 0, 0, m * k, 0, m * k + k * n, 0, -1, 0, 0);
          for (let w = 0; w < 3; w++) once();
          let calls = 0;
          const start = performance.now();
          while (performance.now() - start < MS_PER_ROUND) {
            once();
            calls++;
          }
          best[i] = Math.min(best[i]!, (performance.now() - start) / calls);
        });
      }
      const name = `[${m}x${k}]${tA ? 'ᵀ' : ''}·[${k}x${n}]${tB ? 'ᵀ' : ''}`;
      rows[name] = best.map((ms) => Math.round((2 * m * k * n) / (ms * 1e6) * 10) / 10);
      console.log([name, ...rows[name]!.map(String)].join(' | '));
    }
    console.log(`load after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    if (args.json) console.log(JSON.stringify({ threads, addons: addons.map((a) => a.info()), gflops: rows }));
  },
};
