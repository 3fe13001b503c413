/**
 * LayerNorm and RMSNorm over the last axis, forward and backward, as loops over [R, D] rows (float64 statistics,
 * float32 storage). The backward pass recomputes each row's statistics from x instead of saving them.
 */

/** Mean and 1/sqrt(variance + eps) of row `r` of x [R, D] (population variance, as tf.moments). */
function rowStats(x: Float32Array, start: number, width: number, eps: number): { mean: number; rstd: number } {
  let sum = 0;
  for (let j = start; j < start + width; j += 1) sum += x[j];
  const mean = sum / width;
  let squares = 0;
  for (let j = start; j < start + width; j += 1) squares += (x[j] - mean) ** 2;
  return { mean, rstd: 1 / Math.sqrt(squares / width + eps) };
}

/** y = (x − mean)·rstd·scale + offset per row. x, y: [R, D]; scale, offset: [D]. */
export function layerNormForward(
  x: Float32Array, scale: Float32Array, offset: Float32Array, eps: number, y: Float32Array,
): void {
  const width = scale.length;
  for (let start = 0; start < x.length; start += width) {
    const { mean, rstd } = rowStats(x, start, width, eps);
    for (let j = 0; j < width; j += 1) y[start + j] = (x[start + j] - mean) * rstd * scale[j] + offset[j];
  }
}

/**
 * Gradients of `layerNormForward` given dy [R, D]: with n = (x − mean)·rstd and a = dy·scale,
 * dx = rstd·(a − mean(a) − n·mean(a·n)) per row; dscale = Σ_rows dy·n; doffset = Σ_rows dy.
 */
export function layerNormBackward(
  x: Float32Array, scale: Float32Array, eps: number, dy: Float32Array,
  dx: Float32Array, dscale: Float32Array, doffset: Float32Array,
): void {
  const width = scale.length;
  const dscale64 = new Float64Array(width);
  const doffset64 = new Float64Array(width);
  for (let start = 0; start < x.length; start += width) {
    const { mean, rstd } = rowStats(x, start, width, eps);
    let sumA = 0;
    let sumAN = 0;
    for (let j = 0; j < width; j += 1) {
      const n = (x[start + j] - mean) * rstd;
      const g = dy[start + j];
      const a = g * scale[j];
      sumA += a;
      sumAN += a * n;
      dscale64[j] += g * n;
      doffset64[j] += g;
    }
    const meanA = sumA / width;
    const meanAN = sumAN / width;
    for (let j = 0; j < width; j += 1) {
      const n = (x[start + j] - mean) * rstd;
      dx[start + j] = rstd * (dy[start + j] * scale[j] - meanA - n * meanAN);
    }
  }
  dscale.set(dscale64);
  doffset.set(doffset64);
}

/** 1/sqrt(mean(x²) + eps) of one row. */
function rowInvRms(x: Float32Array, start: number, width: number, eps: number): number {
  let squares = 0;
  for (let j = start; j < start + width; j += 1) squares += x[j] * x[j];
  return 1 / Math.sqrt(squares / width + eps);
}

/** y = x·rs·scale per row, rs = 1/sqrt(mean(x²) + eps). x, y: [R, D]; scale: [D]. */
export function rmsNormForward(x: Float32Array, scale: Float32Array, eps: number, y: Float32Array): void {
  const width = scale.length;
  for (let start = 0; start < x.length; start += width) {
    const rs = rowInvRms(x, start, width, eps);
    for (let j = 0; j < width; j += 1) y[start + j] = x[start + j] * rs * scale[j];
  }
}

/**
 * Gradients of `rmsNormForward` given dy [R, D]: with a = dy·scale, dx = rs·a − x·rs³·mean(a·x) per row;
 * dscale = Σ_rows dy·x·rs.
 */
export function rmsNormBackward(
  x: Float32Array, scale: Float32Array, eps: number, dy: Float32Array, dx: Float32Array, dscale: Float32Array,
): void {
  const width = scale.length;
  const dscale64 = new Float64Array(width);
  for (let start = 0; start < x.length; start += width) {
    const rs = rowInvRms(x, start, width, eps);
    let sumAX = 0;
    for (let j = 0; j < width; j += 1) {
      const g = dy[start + j];
      sumAX += g * scale[j] * x[start + j];
      dscale64[j] += g * x[start + j] * rs;
    }
    const correction = rs * rs * rs * (sumAX / width);
    for (let j = 0; j < width; j += 1) dx[start + j] = rs * dy[start + j] * scale[j] - x[start + j] * correction;
  }
  dscale.set(dscale64);
}
