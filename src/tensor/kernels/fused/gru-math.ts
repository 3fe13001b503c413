/**
 * The elementwise part of a GRU step, forward and backward, as loops over [B, 3U] gate rows and [B, U] states
 * (float64 arithmetic, float32 storage). The backward pass recomputes the gates from the inputs instead of
 * saving activations: a few exp/tanh per element cost less than keeping extra tensors per step.
 * Indexing: state element k = b·U + j has its gates at b·3U + j (+ U, + 2U), i.e. at k + 2U·b.
 */

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * v1, reset after the recurrent product (PyTorch / cuDNN), gate order reset, update, cand:
 *   r = σ(xr + hr), u = σ(xu + hu), c = tanh(xc + r·hc), h' = c + u·(h − c).
 * xp, hp: [B, 3U] input and recurrent projections (biases included); h: [B, U]; out: [B, U].
 */
export function gruV1Forward(units: number, xp: Float32Array, hp: Float32Array, h: Float32Array, out: Float32Array): void {
  for (let k = 0, skip = 0; k < h.length; skip += 2 * units) {
    for (let end = k + units; k < end; k += 1) {
      const gate = k + skip;
      const r = sigmoid(xp[gate] + hp[gate]);
      const u = sigmoid(xp[gate + units] + hp[gate + units]);
      const c = Math.tanh(xp[gate + 2 * units] + r * hp[gate + 2 * units]);
      out[k] = c + u * (h[k] - c);
    }
  }
}

/** Gradients of `gruV1Forward` given dy [B, U]: dxp, dhp [B, 3U] and dh [B, U]. */
export function gruV1Backward(
  units: number, xp: Float32Array, hp: Float32Array, h: Float32Array, dy: Float32Array,
  dxp: Float32Array, dhp: Float32Array, dh: Float32Array,
): void {
  for (let k = 0, skip = 0; k < h.length; skip += 2 * units) {
    for (let end = k + units; k < end; k += 1) {
      const gate = k + skip;
      const r = sigmoid(xp[gate] + hp[gate]);
      const u = sigmoid(xp[gate + units] + hp[gate + units]);
      const hc = hp[gate + 2 * units];
      const c = Math.tanh(xp[gate + 2 * units] + r * hc);
      const g = dy[k];
      const dzu = g * (h[k] - c) * u * (1 - u);
      const dzc = g * (1 - u) * (1 - c * c);
      const dzr = dzc * hc * r * (1 - r);
      dxp[gate] = dzr;
      dhp[gate] = dzr;
      dxp[gate + units] = dzu;
      dhp[gate + units] = dzu;
      dxp[gate + 2 * units] = dzc;
      dhp[gate + 2 * units] = dzc * r;
      dh[k] = g * u;
    }
  }
}

/**
 * v3 (DreamerV3), gate order reset, cand, update, on the (normed) projection y:
 *   r = σ(yr), c = tanh(r·yc), u = σ(yu + updateBias), h' = h + u·(c − h).
 * y: [B, 3U]; h: [B, U]; out: [B, U].
 */
export function gruV3Forward(units: number, y: Float32Array, h: Float32Array, updateBias: number, out: Float32Array): void {
  for (let k = 0, skip = 0; k < h.length; skip += 2 * units) {
    for (let end = k + units; k < end; k += 1) {
      const gate = k + skip;
      const c = Math.tanh(sigmoid(y[gate]) * y[gate + units]);
      const u = sigmoid(y[gate + 2 * units] + updateBias);
      out[k] = h[k] + u * (c - h[k]);
    }
  }
}

/** Gradients of `gruV3Forward` given dy [B, U]: dyIn [B, 3U] and dh [B, U]. */
export function gruV3Backward(
  units: number, y: Float32Array, h: Float32Array, updateBias: number, dy: Float32Array,
  dyIn: Float32Array, dh: Float32Array,
): void {
  for (let k = 0, skip = 0; k < h.length; skip += 2 * units) {
    for (let end = k + units; k < end; k += 1) {
      const gate = k + skip;
      const r = sigmoid(y[gate]);
      const yc = y[gate + units];
      const c = Math.tanh(r * yc);
      const u = sigmoid(y[gate + 2 * units] + updateBias);
      const g = dy[k];
      const dzc = g * u * (1 - c * c);
      dyIn[gate] = dzc * yc * r * (1 - r);
      dyIn[gate + units] = dzc * r;
      dyIn[gate + 2 * units] = g * (c - h[k]) * u * (1 - u);
      dh[k] = g * (1 - u);
    }
  }
}
