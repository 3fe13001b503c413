/**
 * The reference agent's whole imagination rollout as loops, forward and backward (BPTT): the actor (two dense+ELU
 * layers and a head), its tanh-Gaussian action, and the RSSM's prior step. The JS twin of
 * native/src/rssm_imagine.cc, which is what runs with the addon: these loops are the reference the C code is tested
 * against and what the kernel runs on the cpu backend in the tests.
 *
 * For h = 0 … H−1 on rows h·N … h·N + N − 1 of the [H·N, ·] outputs, with f₋₁ = [s0, h0] and f = [s, d]:
 *   a1 = elu(f·W1 + b1);  a2 = elu(a1·W2 + b2);  [m, q] = a2·W3 + b3
 *   act = tanh(k·tanh(m / k) + (softplus(q + shift) + actMinStd)·εa)        (k: meanScale)
 *   x = elu([s, act]·Wi + bi);  d' = GRU-v1-reset-after(x, d);  o = elu(d'·Wo + bo)
 *   [μ, ρ] = o·Wd + bd;  s' = μ + (softplus(ρ) + minStd)·εs;  f_h = [s', d']
 *
 * `saved` [H·N, U1 + U2 + 3A + Hi + 4D + Ho + S] = (a1, a2, act, tanh(m/k), sigmoid(q + shift), x, r, z, c, hc, o,
 * sigmoid(ρ)) per row. The backward gives gradients to the start state and the actor's weights only: the dynamics'
 * weights are constants to it (Dreamer's actor loss trains the actor alone), and the noise gets none.
 */
import { columnSums, elu, eluGrad, fillRows, gemm, sigmoid, softplus } from './rssm-loops.js';

/** The sizes of one rollout. */
export interface ImagineDims {
  /** horizon */
  H: number;
  /** start states (rows per step) */
  N: number;
  S: number;
  A: number;
  D: number;
  /** the actor's two hidden layers */
  U1: number;
  U2: number;
  /** hidden units before the GRU and before the prior */
  Hi: number;
  Ho: number;
}

/** The head's constants: the prior's std floor and the actor's mean scale, std shift and std floor. */
export interface ImagineScalars {
  minStd: number;
  meanScale: number;
  stdShift: number;
  actMinStd: number;
}

/** Width of one row of `saved`. */
export const imagineSavedWidth = (d: ImagineDims): number => d.U1 + d.U2 + 3 * d.A + d.Hi + 4 * d.D + d.Ho + d.S;

function offsets(d: ImagineDims): Record<'a1' | 'a2' | 'act' | 'tm' | 'sq' | 'x' | 'g' | 'o' | 'sig', number> {
  const act = d.U1 + d.U2;
  const x = act + 3 * d.A;
  const g = x + d.Hi;
  const o = g + 4 * d.D;
  return { a1: 0, a2: d.U1, act, tm: act + d.A, sq: act + 2 * d.A, x, g, o, sig: o + d.Ho };
}

/** The state before step h: stoch and deter arrays, element offsets and row strides. */
function prev(d: ImagineDims, s0: Float32Array, h0: Float32Array, feat: Float32Array, h: number) {
  const F = d.S + d.D;
  if (h === 0) return { s: s0, sOff: 0, lds: d.S, dv: h0, dOff: 0, ldd: d.D };
  const off = (h - 1) * d.N * F;
  return { s: feat, sOff: off, lds: F, dv: feat, dOff: off + d.S, ldd: F };
}

/**
 * s0 [N, S], h0 [N, D], epsA [H·N, A], epsS [H·N, S]; actor w1 [S + D, U1], b1, w2 [U1, U2], b2, w3 [U2, 2A], b3;
 * dynamics wi [S + A, Hi], bi, wx [Hi, 3D], bx, wh [D, 3D], bh, wo [D, Ho], bo, wd [Ho, 2S], bd
 * -> feat [H·N, S + D], saved.
 */
export function rssmImagineForward(
  d: ImagineDims, k: ImagineScalars, s0: Float32Array, h0: Float32Array, epsA: Float32Array, epsS: Float32Array,
  w1: Float32Array, b1: Float32Array, w2: Float32Array, b2: Float32Array, w3: Float32Array, b3: Float32Array,
  wi: Float32Array, bi: Float32Array, wx: Float32Array, bx: Float32Array, wh: Float32Array, bh: Float32Array,
  wo: Float32Array, bo: Float32Array, wd: Float32Array, bd: Float32Array, feat: Float32Array, saved: Float32Array,
): void {
  const { H, N, S, A, D, U1, U2, Hi, Ho } = d;
  const [F, G, W, o] = [S + D, 3 * D, imagineSavedWidth(d), offsets(d)];
  const ap = new Float32Array(N * 2 * A);
  const xp = new Float32Array(N * G);
  const hp = new Float32Array(N * G);
  const dd = new Float32Array(N * 2 * S);
  for (let h = 0; h < H; h += 1) {
    const row = h * N;
    const p = prev(d, s0, h0, feat, h);
    const sv = row * W;
    const out = row * F;
    fillRows(N, U1, b1, saved, sv + o.a1, W);
    gemm(false, false, N, U1, S, p.s, p.sOff, p.lds, w1, 0, U1, true, saved, sv + o.a1, W);
    gemm(false, false, N, U1, D, p.dv, p.dOff, p.ldd, w1, S * U1, U1, true, saved, sv + o.a1, W);
    for (let b = 0; b < N; b += 1) for (let j = 0; j < U1; j += 1) saved[sv + b * W + o.a1 + j] = elu(saved[sv + b * W + o.a1 + j]);
    fillRows(N, U2, b2, saved, sv + o.a2, W);
    gemm(false, false, N, U2, U1, saved, sv + o.a1, W, w2, 0, U2, true, saved, sv + o.a2, W);
    for (let b = 0; b < N; b += 1) for (let j = 0; j < U2; j += 1) saved[sv + b * W + o.a2 + j] = elu(saved[sv + b * W + o.a2 + j]);
    fillRows(N, 2 * A, b3, ap, 0, 2 * A);
    gemm(false, false, N, 2 * A, U2, saved, sv + o.a2, W, w3, 0, 2 * A, true, ap, 0, 2 * A);
    fillRows(N, Hi, bi, saved, sv + o.x, W);
    gemm(false, false, N, Hi, S, p.s, p.sOff, p.lds, wi, 0, Hi, true, saved, sv + o.x, W);
    for (let b = 0; b < N; b += 1) {
      const r = sv + b * W;
      for (let j = 0; j < A; j += 1) {
        const tm = Math.tanh(ap[b * 2 * A + j] / k.meanScale);
        const q = ap[b * 2 * A + A + j] + k.stdShift;
        const act = Math.tanh(k.meanScale * tm + (softplus(q) + k.actMinStd) * epsA[(row + b) * A + j]);
        saved[r + o.act + j] = act;
        saved[r + o.tm + j] = tm;
        saved[r + o.sq + j] = sigmoid(q);
        for (let i = 0; i < Hi; i += 1) saved[r + o.x + i] += act * wi[(S + j) * Hi + i];
      }
      for (let i = 0; i < Hi; i += 1) saved[r + o.x + i] = elu(saved[r + o.x + i]);
    }
    fillRows(N, G, bx, xp, 0, G);
    gemm(false, false, N, G, Hi, saved, sv + o.x, W, wx, 0, G, true, xp, 0, G);
    fillRows(N, G, bh, hp, 0, G);
    gemm(false, false, N, G, D, p.dv, p.dOff, p.ldd, wh, 0, G, true, hp, 0, G);
    for (let b = 0; b < N; b += 1) {
      const g = sv + b * W + o.g;
      for (let j = 0; j < D; j += 1) {
        const r = sigmoid(xp[b * G + j] + hp[b * G + j]);
        const z = sigmoid(xp[b * G + D + j] + hp[b * G + D + j]);
        const hc = hp[b * G + 2 * D + j];
        const c = Math.tanh(xp[b * G + 2 * D + j] + r * hc);
        feat[out + b * F + S + j] = c + z * (p.dv[p.dOff + b * p.ldd + j] - c);
        saved[g + j] = r;
        saved[g + D + j] = z;
        saved[g + 2 * D + j] = c;
        saved[g + 3 * D + j] = hc;
      }
    }
    fillRows(N, Ho, bo, saved, sv + o.o, W);
    gemm(false, false, N, Ho, D, feat, out + S, F, wo, 0, Ho, true, saved, sv + o.o, W);
    for (let b = 0; b < N; b += 1) for (let j = 0; j < Ho; j += 1) saved[sv + b * W + o.o + j] = elu(saved[sv + b * W + o.o + j]);
    fillRows(N, 2 * S, bd, dd, 0, 2 * S);
    gemm(false, false, N, 2 * S, Ho, saved, sv + o.o, W, wd, 0, 2 * S, true, dd, 0, 2 * S);
    for (let b = 0; b < N; b += 1) {
      for (let j = 0; j < S; j += 1) {
        const raw = dd[b * 2 * S + S + j];
        feat[out + b * F + j] = dd[b * 2 * S + j] + (softplus(raw) + k.minStd) * epsS[(row + b) * S + j];
        saved[sv + b * W + o.sig + j] = sigmoid(raw);
      }
    }
  }
}

/**
 * Gradients of `rssmImagineForward` given the cotangent of feat [H·N, S + D]: ds0, dh0, then the actor's dw1, db1,
 * dw2, db2, dw3, db3.
 */
export function rssmImagineBackward(
  d: ImagineDims, _k: ImagineScalars, s0: Float32Array, h0: Float32Array, epsA: Float32Array, epsS: Float32Array,
  w1: Float32Array, w2: Float32Array, w3: Float32Array, wi: Float32Array, wx: Float32Array, wh: Float32Array,
  wo: Float32Array, wd: Float32Array, feat: Float32Array, saved: Float32Array, gFeat: Float32Array,
  ds0: Float32Array, dh0: Float32Array, dw1: Float32Array, db1: Float32Array, dw2: Float32Array, db2: Float32Array,
  dw3: Float32Array, db3: Float32Array,
): void {
  const { H, N, S, A, D, U1, U2, Hi, Ho } = d;
  const [F, G, W, o, R] = [S + D, 3 * D, imagineSavedWidth(d), offsets(d), H * N];
  const gap = new Float32Array(R * 2 * A);
  const ga2 = new Float32Array(R * U2);
  const ga1 = new Float32Array(R * U1);
  const gf = new Float32Array(N * F); // into f_{h} from step h + 1
  const gc = new Float32Array(N * F);
  const gd = new Float32Array(N * 2 * S);
  const go = new Float32Array(N * Ho);
  const ght = new Float32Array(N * D);
  const gxp = new Float32Array(N * G);
  const ghp = new Float32Array(N * G);
  const gx = new Float32Array(N * Hi);
  const gsa = new Float32Array(N * (S + A));
  for (let h = H - 1; h >= 0; h -= 1) {
    const row = h * N;
    const p = prev(d, s0, h0, feat, h);
    const sv = row * W;
    for (let i = 0; i < N * F; i += 1) gc[i] = gFeat[row * F + i] + gf[i];
    for (let b = 0; b < N; b += 1) {
      for (let j = 0; j < S; j += 1) {
        const gs = gc[b * F + j];
        gd[b * 2 * S + j] = gs;
        gd[b * 2 * S + S + j] = gs * epsS[(row + b) * S + j] * saved[sv + b * W + o.sig + j];
      }
    }
    gemm(false, true, N, Ho, 2 * S, gd, 0, 2 * S, wd, 0, 2 * S, false, go, 0, Ho);
    for (let b = 0; b < N; b += 1) for (let j = 0; j < Ho; j += 1) go[b * Ho + j] *= eluGrad(saved[sv + b * W + o.o + j]);
    for (let b = 0; b < N; b += 1) ght.set(gc.subarray(b * F + S, b * F + F), b * D);
    gemm(false, true, N, D, Ho, go, 0, Ho, wo, 0, Ho, true, ght, 0, D);
    for (let b = 0; b < N; b += 1) {
      const g = sv + b * W + o.g;
      for (let j = 0; j < D; j += 1) {
        const [r, z, c, hc] = [saved[g + j], saved[g + D + j], saved[g + 2 * D + j], saved[g + 3 * D + j]];
        const gy = ght[b * D + j];
        const dzu = gy * (p.dv[p.dOff + b * p.ldd + j] - c) * z * (1 - z);
        const dzc = gy * (1 - z) * (1 - c * c);
        const dzr = dzc * hc * r * (1 - r);
        gxp[b * G + j] = ghp[b * G + j] = dzr;
        gxp[b * G + D + j] = ghp[b * G + D + j] = dzu;
        gxp[b * G + 2 * D + j] = dzc;
        ghp[b * G + 2 * D + j] = dzc * r;
        gf[b * F + S + j] = gy * z;
      }
    }
    gemm(false, true, N, D, G, ghp, 0, G, wh, 0, G, true, gf, S, F);
    gemm(false, true, N, Hi, G, gxp, 0, G, wx, 0, G, false, gx, 0, Hi);
    for (let b = 0; b < N; b += 1) for (let j = 0; j < Hi; j += 1) gx[b * Hi + j] *= eluGrad(saved[sv + b * W + o.x + j]);
    gemm(false, true, N, S + A, Hi, gx, 0, Hi, wi, 0, Hi, false, gsa, 0, S + A);
    for (let b = 0; b < N; b += 1) {
      const r = sv + b * W;
      for (let j = 0; j < A; j += 1) {
        const [act, tm] = [saved[r + o.act + j], saved[r + o.tm + j]];
        const gpre = gsa[b * (S + A) + S + j] * (1 - act * act);
        gap[(row + b) * 2 * A + j] = gpre * (1 - tm * tm);
        gap[(row + b) * 2 * A + A + j] = gpre * epsA[(row + b) * A + j] * saved[r + o.sq + j];
      }
      for (let j = 0; j < S; j += 1) gf[b * F + j] = gsa[b * (S + A) + j];
    }
    gemm(false, true, N, U2, 2 * A, gap, row * 2 * A, 2 * A, w3, 0, 2 * A, false, ga2, row * U2, U2);
    for (let b = 0; b < N; b += 1) for (let j = 0; j < U2; j += 1) ga2[(row + b) * U2 + j] *= eluGrad(saved[sv + b * W + o.a2 + j]);
    gemm(false, true, N, U1, U2, ga2, row * U2, U2, w2, 0, U2, false, ga1, row * U1, U1);
    for (let b = 0; b < N; b += 1) for (let j = 0; j < U1; j += 1) ga1[(row + b) * U1 + j] *= eluGrad(saved[sv + b * W + o.a1 + j]);
    gemm(false, true, N, F, U1, ga1, row * U1, U1, w1, 0, U1, true, gf, 0, F);
  }
  for (let b = 0; b < N; b += 1) {
    ds0.set(gf.subarray(b * F, b * F + S), b * S);
    dh0.set(gf.subarray(b * F + S, b * F + F), b * D);
  }
  gemm(true, false, U2, 2 * A, R, saved, o.a2, W, gap, 0, 2 * A, false, dw3, 0, 2 * A);
  columnSums(R, 2 * A, gap, db3);
  gemm(true, false, U1, U2, R, saved, o.a1, W, ga2, 0, U2, false, dw2, 0, U2);
  columnSums(R, U2, ga2, db2);
  gemm(true, false, S, U1, N, s0, 0, S, ga1, 0, U1, false, dw1, 0, U1);
  gemm(true, false, D, U1, N, h0, 0, D, ga1, 0, U1, false, dw1, S * U1, U1);
  gemm(true, false, F, U1, R - N, feat, 0, F, ga1, N * U1, U1, true, dw1, 0, U1);
  columnSums(R, U1, ga1, db1);
}
