/**
 * The addon's own sgemm (native/src/sgemm.cc) against a naive triple loop in float64: every transpose
 * combination, sizes of 1, odd sizes, sizes that are not multiples of the register tile or cross the cache blocks,
 * batches with strides and broadcasts, bias, and one or two threads (two threads split every product here).
 */
import { describe, expect, it } from 'vitest';
import { findAddon, loadAddon } from '../../../src/tensor/kernels/native-blas.js';

const addon = findAddon() ? loadAddon() : undefined;
const ownGemm = addon?.info().startsWith('own GEMM') ?? false;
if (!ownGemm) {
  console.log(addon ? `own-GEMM tests skipped: the addon uses ${addon.info()}`
    : 'own-GEMM tests skipped: the native addon is not built (`npm run build:native`)');
}

/** A small seeded generator (mulberry32): values in [-1, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  };
}

/** op(A)[i, p] · op(B)[p, j] summed in float64; A is [m, k] ([k, m] when tA), B is [k, n] ([n, k] when tB). */
function naive(tA: boolean, tB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = sum;
    }
  }
  return c;
}

/** Largest |got − want| over the output, in units of √k (the float32 rounding scale of a length-k sum of products of values ≤ 1). */
function maxError(got: Float32Array, want: Float64Array, k: number): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  return worst / Math.sqrt(Math.max(k, 1));
}

// [m, n, k]: 1s, odd sizes, not multiples of any tile (AVX-512 8×32, AVX2 6×16, 4×8), few rows (the in-place and
// dot-product paths, m ≤ 32) and many (packed), k across the 256-deep blocks, m across the row blocks.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 3], [5, 1, 9], [3, 100, 2], [17, 33, 5], [8, 32, 256], [9, 40, 300], [16, 64, 400],
  [32, 33, 257], [33, 65, 513], [100, 3, 700], [200, 37, 31], [7, 2100, 6],
];
const TRANSPOSES: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

describe.skipIf(!ownGemm)('the addon\'s own sgemm equals a naive triple loop', () => {
  for (const threads of [1, 2]) {
    for (const [tA, tB] of TRANSPOSES) {
      it(`transposeA=${tA} transposeB=${tB}, ${threads} thread(s), ${SHAPES.length} shapes`, () => {
        addon!.setThreads(threads, 0); // 0: every product uses all `threads` (splits even the small ones)
        const next = random(1000 * threads + (tA ? 10 : 0) + (tB ? 1 : 0));
        for (const [m, n, k] of SHAPES) {
          // heap: [A | B | C]; C starts as garbage, which the product must overwrite
          const heap = Float32Array.from({ length: m * k + k * n + m * n }, next);
          addon!.gemm(heap, tA, tB, m, n, k, 1, 0, 0, m * k, 0, m * k + k * n, 0, -1, 0, 0);
          const want = naive(tA, tB, m, n, k, heap.subarray(0, m * k), heap.subarray(m * k, m * k + k * n));
          expect(maxError(heap.subarray(m * k + k * n), want, k), `[${m}, ${n}, ${k}]`).toBeLessThan(1e-5);
        }
      });
    }
  }

  it('adds the bias row, runs a strided batch with a broadcast right operand, and leaves the rest of the heap alone', () => {
    addon!.setThreads(2, 0);
    const [m, n, k, batch] = [13, 45, 70, 3];
    const next = random(7);
    const aSize = batch * m * k;
    const bOff = aSize;
    const biasOff = bOff + k * n;
    const cOff = biasOff + n;
    const cStride = m * n + 5; // a gap between outputs that must stay untouched
    const heap = Float32Array.from({ length: cOff + batch * cStride }, next);
    const before = heap.slice();
    addon!.gemm(heap, false, false, m, n, k, batch, 0, m * k, bOff, 0, cOff, cStride, biasOff, 0, 0);
    const b = heap.subarray(bOff, bOff + k * n);
    for (let i = 0; i < batch; i++) {
      const want = naive(false, false, m, n, k, heap.subarray(i * m * k, (i + 1) * m * k), b);
      for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) want[r * n + j] += heap[biasOff + j];
      expect(maxError(heap.subarray(cOff + i * cStride, cOff + i * cStride + m * n), want, k)).toBeLessThan(1e-5);
      expect(Array.from(heap.subarray(cOff + i * cStride + m * n, cOff + (i + 1) * cStride)))
        .toEqual(Array.from(before.subarray(cOff + i * cStride + m * n, cOff + (i + 1) * cStride)));
    }
    expect(Array.from(heap.subarray(0, cOff))).toEqual(Array.from(before.subarray(0, cOff))); // inputs unchanged
  });

  it('gives the same bits with one thread as with two (the summation order does not depend on threads)', () => {
    // [m, n, k, tA, tB]: packed; and 48 rows, which two threads split into stripes of few rows (another kernel)
    for (const [m, n, k, tA, tB] of [[96, 300, 333, true, false], [48, 40, 300, false, true], [48, 40, 300, false, false]] as const) {
      const next = random(3);
      const heap = Float32Array.from({ length: m * k + k * n + m * n }, next);
      const run = (threads: number): Float32Array => {
        addon!.setThreads(threads, 0);
        addon!.gemm(heap, tA, tB, m, n, k, 1, 0, 0, m * k, 0, m * k + k * n, 0, -1, 0, 0);
        return heap.slice(m * k + k * n);
      };
      expect(Array.from(run(2)), `[${m}, ${n}, ${k}] ${tA} ${tB}`).toEqual(Array.from(run(1)));
    }
  });
});
