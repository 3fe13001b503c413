/**
 * The whole observation sequence of the reference RSSM (DreamerV1, diagonal Gaussian latent) as loops, forward and
 * backward (BPTT). The JS twin of native/src/rssm_observe.cc, which is what runs with the addon: these loops are
 * the reference the C code is tested against and what the kernel runs on the cpu backend in the tests.
 *
 * For t = 0 … T−1, on rows t·B … t·B + B − 1 of the [T·B, ·] sequences (s₋₁ = s0, h₋₁ = h0):
 *   x   = elu([s_{t−1}, a_t]·Wi + bi)                       [B, Hi]
 *   h_t = GRU-v1-reset-after(x, h_{t−1}; Wx, bx, Wh, bh)    [B, D]
 *   o   = elu([h_t, e_t]·Wo + bo)                           [B, Ho]
 *   [μ, ρ] = o·Wd + bd;  σ = softplus(ρ) + minStd;  s_t = μ + σ·ε_t   [B, S] each
 *
 * The forward writes `saved` [T·B, Hi + 4D + Ho + S] = (x, r, z, c, hc, o, sigmoid(ρ)) per row. The backward runs
 * the recurrence backwards with activation gradients only, keeps every step's pre-activation gradients, and forms
 * each weight's gradient once from the stacked [T·B, ·] rows: no per-step weight gradients to add up.
 */
import { columnSums, elu, eluGrad, fillRows, gemm, sigmoid, softplus } from './rssm-loops.js';

/** The sizes of one observation sequence. */
export interface RssmDims {
  T: number;
  B: number;
  /** stoch */
  S: number;
  /** action */
  A: number;
  /** embedding */
  E: number;
  /** hidden units of the layer before the GRU */
  Hi: number;
  /** deter (GRU units) */
  D: number;
  /** hidden units of the layer before the posterior */
  Ho: number;
}

/** Width of one row of `saved`. */
export const savedWidth = (d: RssmDims): number => d.Hi + 4 * d.D + d.Ho + d.S;

/**
 * s0 [B, S], h0 [B, D], act [T·B, A], embed [T·B, E], eps [T·B, S]; wi [S + A, Hi], bi [Hi], wx [Hi, 3D], bx [3D],
 * wh [D, 3D], bh [3D], wo [D + E, Ho], bo [Ho], wd [Ho, 2S], bd [2S] -> stoch, deter, mean, std [T·B, ·], saved.
 */
export function rssmObserveForward(
  d: RssmDims, minStd: number, s0: Float32Array, h0: Float32Array, act: Float32Array, embed: Float32Array,
  eps: Float32Array, wi: Float32Array, bi: Float32Array, wx: Float32Array, bx: Float32Array, wh: Float32Array,
  bh: Float32Array, wo: Float32Array, bo: Float32Array, wd: Float32Array, bd: Float32Array,
  stoch: Float32Array, deter: Float32Array, mean: Float32Array, std: Float32Array, saved: Float32Array,
): void {
  const { T, B, S, A, E, Hi, D, Ho } = d;
  const W = savedWidth(d);
  const [oX, oG, oO, oSig] = [0, Hi, Hi + 4 * D, Hi + 4 * D + Ho];
  const x = new Float32Array(B * Hi);
  const xp = new Float32Array(B * 3 * D);
  const hp = new Float32Array(B * 3 * D);
  const o = new Float32Array(B * Ho);
  const dd = new Float32Array(B * 2 * S);
  for (let t = 0; t < T; t += 1) {
    const row = t * B;
    const [sPrev, sOff] = t === 0 ? [s0, 0] : [stoch, (row - B) * S];
    const [hPrev, hOff] = t === 0 ? [h0, 0] : [deter, (row - B) * D];
    fillRows(B, Hi, bi, x, 0, Hi);
    gemm(false, false, B, Hi, S, sPrev, sOff, S, wi, 0, Hi, true, x, 0, Hi);
    gemm(false, false, B, Hi, A, act, row * A, A, wi, S * Hi, Hi, true, x, 0, Hi);
    for (let i = 0; i < B * Hi; i += 1) x[i] = elu(x[i]);
    fillRows(B, 3 * D, bx, xp, 0, 3 * D);
    gemm(false, false, B, 3 * D, Hi, x, 0, Hi, wx, 0, 3 * D, true, xp, 0, 3 * D);
    fillRows(B, 3 * D, bh, hp, 0, 3 * D);
    gemm(false, false, B, 3 * D, D, hPrev, hOff, D, wh, 0, 3 * D, true, hp, 0, 3 * D);
    for (let b = 0; b < B; b += 1) {
      const g = b * 3 * D;
      const sv = (row + b) * W;
      for (let j = 0; j < Hi; j += 1) saved[sv + oX + j] = x[b * Hi + j];
      for (let j = 0; j < D; j += 1) {
        const r = sigmoid(xp[g + j] + hp[g + j]);
        const z = sigmoid(xp[g + D + j] + hp[g + D + j]);
        const hc = hp[g + 2 * D + j];
        const c = Math.tanh(xp[g + 2 * D + j] + r * hc);
        deter[(row + b) * D + j] = c + z * (hPrev[hOff + b * D + j] - c);
        saved[sv + oG + j] = r;
        saved[sv + oG + D + j] = z;
        saved[sv + oG + 2 * D + j] = c;
        saved[sv + oG + 3 * D + j] = hc;
      }
    }
    fillRows(B, Ho, bo, o, 0, Ho);
    gemm(false, false, B, Ho, D, deter, row * D, D, wo, 0, Ho, true, o, 0, Ho);
    gemm(false, false, B, Ho, E, embed, row * E, E, wo, D * Ho, Ho, true, o, 0, Ho);
    for (let i = 0; i < B * Ho; i += 1) o[i] = elu(o[i]);
    fillRows(B, 2 * S, bd, dd, 0, 2 * S);
    gemm(false, false, B, 2 * S, Ho, o, 0, Ho, wd, 0, 2 * S, true, dd, 0, 2 * S);
    for (let b = 0; b < B; b += 1) {
      const sv = (row + b) * W;
      for (let j = 0; j < Ho; j += 1) saved[sv + oO + j] = o[b * Ho + j];
      for (let j = 0; j < S; j += 1) {
        const k = (row + b) * S + j;
        const raw = dd[b * 2 * S + S + j];
        mean[k] = dd[b * 2 * S + j];
        std[k] = softplus(raw) + minStd;
        stoch[k] = mean[k] + std[k] * eps[k];
        saved[sv + oSig + j] = sigmoid(raw);
      }
    }
  }
}

/**
 * Gradients of `rssmObserveForward` given the cotangents of stoch, deter, mean and std ([T·B, ·] each): ds0, dh0,
 * dact, dembed, deps, then dwi, dbi, dwx, dbx, dwh, dbh, dwo, dbo, dwd, dbd.
 */
export function rssmObserveBackward(
  d: RssmDims, s0: Float32Array, h0: Float32Array, act: Float32Array, embed: Float32Array, eps: Float32Array,
  wi: Float32Array, wx: Float32Array, wh: Float32Array, wo: Float32Array, wd: Float32Array, stoch: Float32Array,
  deter: Float32Array, std: Float32Array, saved: Float32Array, gStoch: Float32Array, gDeter: Float32Array,
  gMean: Float32Array, gStd: Float32Array,
  ds0: Float32Array, dh0: Float32Array, dact: Float32Array, dembed: Float32Array, deps: Float32Array,
  dwi: Float32Array, dbi: Float32Array, dwx: Float32Array, dbx: Float32Array, dwh: Float32Array, dbh: Float32Array,
  dwo: Float32Array, dbo: Float32Array, dwd: Float32Array, dbd: Float32Array,
): void {
  const { T, B, S, A, E, Hi, D, Ho } = d;
  const W = savedWidth(d);
  const N = T * B;
  const G = 3 * D;
  const [oX, oG, oO, oSig] = [0, Hi, Hi + 4 * D, Hi + 4 * D + Ho];
  // every step's pre-activation gradients, stacked: the weight gradients come from them once at the end
  const gd = new Float32Array(N * 2 * S); // of [μ, ρ]
  const go = new Float32Array(N * Ho); // of o's pre-activation
  const gxp = new Float32Array(N * G); // of x·Wx + bx
  const ghp = new Float32Array(N * G); // of h·Wh + bh
  const gx = new Float32Array(N * Hi); // of x's pre-activation
  const X = new Float32Array(N * Hi);
  const O = new Float32Array(N * Ho);
  for (let i = 0; i < N; i += 1) {
    X.set(saved.subarray(i * W + oX, i * W + oX + Hi), i * Hi);
    O.set(saved.subarray(i * W + oO, i * W + oO + Ho), i * Ho);
  }
  let gs = new Float32Array(B * S); // into s_t from step t + 1
  let gh = new Float32Array(B * D); // into h_t from step t + 1
  const ght = new Float32Array(B * D);
  const tmp = new Float32Array(B * Hi);
  for (let t = T - 1; t >= 0; t -= 1) {
    const row = t * B;
    const [hPrev, hOff] = t === 0 ? [h0, 0] : [deter, (row - B) * D];
    for (let b = 0; b < B; b += 1) {
      const sv = (row + b) * W;
      for (let j = 0; j < S; j += 1) {
        const k = (row + b) * S + j;
        const gst = gStoch[k] + gs[b * S + j];
        gd[(row + b) * 2 * S + j] = gMean[k] + gst;
        gd[(row + b) * 2 * S + S + j] = (gStd[k] + gst * eps[k]) * saved[sv + oSig + j];
        deps[k] = gst * std[k];
      }
    }
    // o's pre-activation gradient
    gemm(false, true, B, Ho, 2 * S, gd, row * 2 * S, 2 * S, wd, 0, 2 * S, false, go, row * Ho, Ho);
    for (let i = 0; i < B * Ho; i += 1) go[row * Ho + i] *= eluGrad(O[row * Ho + i]);
    // h_t's total gradient
    for (let i = 0; i < B * D; i += 1) ght[i] = gDeter[row * D + i] + gh[i];
    gemm(false, true, B, D, Ho, go, row * Ho, Ho, wo, 0, Ho, true, ght, 0, D);
    // the GRU's gates
    const nextGh = new Float32Array(B * D);
    for (let b = 0; b < B; b += 1) {
      const sv = (row + b) * W + oG;
      for (let j = 0; j < D; j += 1) {
        const [r, z, c, hc] = [saved[sv + j], saved[sv + D + j], saved[sv + 2 * D + j], saved[sv + 3 * D + j]];
        const gy = ght[b * D + j];
        const dzu = gy * (hPrev[hOff + b * D + j] - c) * z * (1 - z);
        const dzc = gy * (1 - z) * (1 - c * c);
        const dzr = dzc * hc * r * (1 - r);
        const g = (row + b) * G + j;
        gxp[g] = ghp[g] = dzr;
        gxp[g + D] = ghp[g + D] = dzu;
        gxp[g + 2 * D] = dzc;
        ghp[g + 2 * D] = dzc * r;
        nextGh[b * D + j] = gy * z;
      }
    }
    gemm(false, true, B, D, G, ghp, row * G, G, wh, 0, G, true, nextGh, 0, D);
    gh = nextGh;
    // x's pre-activation gradient, then into s_{t−1}
    gemm(false, true, B, Hi, G, gxp, row * G, G, wx, 0, G, false, tmp, 0, Hi);
    for (let i = 0; i < B * Hi; i += 1) gx[row * Hi + i] = tmp[i] * eluGrad(X[row * Hi + i]);
    const nextGs = new Float32Array(B * S);
    gemm(false, true, B, S, Hi, gx, row * Hi, Hi, wi, 0, Hi, false, nextGs, 0, S);
    gs = nextGs;
  }
  ds0.set(gs);
  dh0.set(gh);
  // inputs of every step, stacked: s_{t−1}, h_{t−1} are s0, h0 then the outputs shifted by one step
  gemm(false, true, N, A, Hi, gx, 0, Hi, wi, S * Hi, Hi, false, dact, 0, A);
  gemm(false, true, N, E, Ho, go, 0, Ho, wo, D * Ho, Ho, false, dembed, 0, E);
  gemm(true, false, Ho, 2 * S, N, O, 0, Ho, gd, 0, 2 * S, false, dwd, 0, 2 * S);
  columnSums(N, 2 * S, gd, dbd);
  gemm(true, false, D, Ho, N, deter, 0, D, go, 0, Ho, false, dwo, 0, Ho);
  gemm(true, false, E, Ho, N, embed, 0, E, go, 0, Ho, false, dwo, D * Ho, Ho);
  columnSums(N, Ho, go, dbo);
  gemm(true, false, D, G, B, h0, 0, D, ghp, 0, G, false, dwh, 0, G);
  gemm(true, false, D, G, N - B, deter, 0, D, ghp, B * G, G, true, dwh, 0, G);
  columnSums(N, G, ghp, dbh);
  gemm(true, false, Hi, G, N, X, 0, Hi, gxp, 0, G, false, dwx, 0, G);
  columnSums(N, G, gxp, dbx);
  gemm(true, false, S, Hi, B, s0, 0, S, gx, 0, Hi, false, dwi, 0, Hi);
  gemm(true, false, S, Hi, N - B, stoch, 0, S, gx, B * Hi, Hi, true, dwi, 0, Hi);
  gemm(true, false, A, Hi, N, act, 0, A, gx, 0, Hi, false, dwi, S * Hi, Hi);
  columnSums(N, Hi, gx, dbi);
}
