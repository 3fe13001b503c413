/**
 * The scalar activations and dense-layer loops both RSSM loop twins (rssm-observe-math.ts, rssm-imagine-math.ts)
 * are built from, as native/src/kernel_common.h is for their C kernels. Products and sums accumulate in double.
 */

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
export const elu = (v: number): number => (v > 0 ? v : Math.expm1(v));
/** elu'(pre) from elu's output y (y > 0 exactly when pre > 0). */
export const eluGrad = (y: number): number => (y > 0 ? 1 : y + 1);
export const softplus = (v: number): number => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

/**
 * c[m, n] (+)= op(a)·op(b) over k, row-major with leading dimensions and element offsets; op(a) = aᵀ when ta
 * (a is k × m), op(b) = bᵀ when tb (b is n × k).
 */
export function gemm(
  ta: boolean, tb: boolean, m: number, n: number, k: number, a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number, accumulate: boolean, c: Float32Array, cOff: number, ldc: number,
): void {
  for (let i = 0; i < m; i += 1) {
    for (let j = 0; j < n; j += 1) {
      let acc = accumulate ? c[cOff + i * ldc + j] : 0;
      for (let p = 0; p < k; p += 1) {
        const av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        const bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        acc += av * bv;
      }
      c[cOff + i * ldc + j] = acc;
    }
  }
}

/** rows copies of bias[n] into c from element cOff, row stride ldc: the start of c = a·w + bias. */
export function fillRows(rows: number, n: number, bias: Float32Array, c: Float32Array, cOff: number, ldc: number): void {
  for (let i = 0; i < rows; i += 1) c.set(bias.subarray(0, n), cOff + i * ldc);
}

/** Column sums of a[rows, n] into out[n]: a bias gradient. */
export function columnSums(rows: number, n: number, a: Float32Array, out: Float32Array): void {
  for (let j = 0; j < n; j += 1) {
    let s = 0;
    for (let i = 0; i < rows; i += 1) s += a[i * n + j];
    out[j] = s;
  }
}
