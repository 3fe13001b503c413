/**
 * The whole v1 GRU cell (reset after the recurrent product) as loops: both products, their biases and the gates,
 * forward and backward. The JS twin of native/src/gru_cell.cc, which is what runs (with our sgemm): these loops
 * are the reference the C code is tested against and what the cell kernel runs on the cpu backend in the tests.
 *
 *   xp = x·Wx + bx, hp = h·Wh + bh   ([B, 3U], gate order reset, update, cand)
 *   r = σ(xr + hr), z = σ(xz + hz), c = tanh(xc + r·hc), h' = c + z·(h − c)
 *
 * The forward also writes `saved` [B, 4U] = (r, z, c, hc) per row: the backward reads them instead of redoing the
 * two products.
 */

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** c[rows, n] = a[rows, k]·w[k, n] + bias[n] */
function affine(rows: number, k: number, n: number, a: Float32Array, w: Float32Array, bias: Float32Array, c: Float32Array): void {
  for (let i = 0; i < rows; i += 1) {
    const acc = Float64Array.from(bias);
    for (let p = 0; p < k; p += 1) {
      const av = a[i * k + p];
      for (let j = 0; j < n; j += 1) acc[j] += av * w[p * n + j];
    }
    c.set(acc, i * n);
  }
}

/** x [B, I], h [B, U], wx [I, 3U], bx [3U], wh [U, 3U], bh [3U] -> out [B, U], saved [B, 4U]. */
export function gruCellV1Forward(
  batch: number, inDim: number, units: number, x: Float32Array, h: Float32Array, wx: Float32Array, bx: Float32Array,
  wh: Float32Array, bh: Float32Array, out: Float32Array, saved: Float32Array,
): void {
  const U = units;
  const xp = new Float32Array(batch * 3 * U);
  const hp = new Float32Array(batch * 3 * U);
  affine(batch, inDim, 3 * U, x, wx, bx, xp);
  affine(batch, U, 3 * U, h, wh, bh, hp);
  for (let b = 0; b < batch; b += 1) {
    const g = b * 3 * U;
    const s = b * 4 * U;
    for (let j = 0; j < U; j += 1) {
      const r = sigmoid(xp[g + j] + hp[g + j]);
      const z = sigmoid(xp[g + U + j] + hp[g + U + j]);
      const hc = hp[g + 2 * U + j];
      const c = Math.tanh(xp[g + 2 * U + j] + r * hc);
      out[b * U + j] = c + z * (h[b * U + j] - c);
      saved[s + j] = r;
      saved[s + U + j] = z;
      saved[s + 2 * U + j] = c;
      saved[s + 3 * U + j] = hc;
    }
  }
}

/**
 * Gradients of `gruCellV1Forward` given dy [B, U] and its `saved`: dx [B, I], dh [B, U], dwx [I, 3U], dbx [3U],
 * dwh [U, 3U], dbh [3U].
 */
export function gruCellV1Backward(
  batch: number, inDim: number, units: number, x: Float32Array, h: Float32Array, wx: Float32Array, wh: Float32Array,
  saved: Float32Array, dy: Float32Array, dx: Float32Array, dh: Float32Array, dwx: Float32Array, dbx: Float32Array,
  dwh: Float32Array, dbh: Float32Array,
): void {
  const U = units;
  const G = 3 * U;
  const dxp = new Float64Array(batch * G); // the gradients of xp and hp
  const dhp = new Float64Array(batch * G);
  for (let b = 0; b < batch; b += 1) {
    for (let j = 0; j < U; j += 1) {
      const s = b * 4 * U + j;
      const [r, z, c, hc] = [saved[s], saved[s + U], saved[s + 2 * U], saved[s + 3 * U]];
      const gy = dy[b * U + j];
      const dzu = gy * (h[b * U + j] - c) * z * (1 - z);
      const dzc = gy * (1 - z) * (1 - c * c);
      const dzr = dzc * hc * r * (1 - r);
      const g = b * G + j;
      dxp[g] = dhp[g] = dzr;
      dxp[g + U] = dhp[g + U] = dzu;
      dxp[g + 2 * U] = dzc;
      dhp[g + 2 * U] = dzc * r;
    }
  }
  // dx = dxp·Wxᵀ, dh = dy·z + dhp·Whᵀ
  for (let b = 0; b < batch; b += 1) {
    for (let i = 0; i < inDim; i += 1) {
      let acc = 0;
      for (let g = 0; g < G; g += 1) acc += dxp[b * G + g] * wx[i * G + g];
      dx[b * inDim + i] = acc;
    }
    for (let i = 0; i < U; i += 1) {
      let acc = dy[b * U + i] * saved[b * 4 * U + U + i];
      for (let g = 0; g < G; g += 1) acc += dhp[b * G + g] * wh[i * G + g];
      dh[b * U + i] = acc;
    }
  }
  // dWx = xᵀ·dxp, dWh = hᵀ·dhp, biases: column sums
  const outer = (a: Float32Array, k: number, d: Float64Array, out: Float32Array): void => {
    const acc = new Float64Array(k * G);
    for (let b = 0; b < batch; b += 1) {
      for (let i = 0; i < k; i += 1) {
        const av = a[b * k + i];
        for (let g = 0; g < G; g += 1) acc[i * G + g] += av * d[b * G + g];
      }
    }
    out.set(acc);
  };
  outer(x, inDim, dxp, dwx);
  outer(h, U, dhp, dwh);
  for (let g = 0; g < G; g += 1) {
    let sx = 0;
    let sh = 0;
    for (let b = 0; b < batch; b += 1) {
      sx += dxp[b * G + g];
      sh += dhp[b * G + g];
    }
    dbx[g] = sx;
    dbh[g] = sh;
  }
}
