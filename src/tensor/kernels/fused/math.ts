/**
 * Which code runs the loops of the fused kernels: the JS loops of gru-math.ts and adam.ts (every install), or
 * the same maths in C from the native addon (native/src/fused.cc) once `enableNativeBlas` has loaded it. The C
 * loops vectorise their exp; the JS ones pay Math.exp per element.
 */
import * as gru from './gru-math.js';
import { gruCellV1Backward, gruCellV1Forward } from './gru-cell-math.js';
import { layerNormBackward, layerNormForward } from './norm-math.js';
import { rssmImagineBackward, rssmImagineForward, type ImagineDims, type ImagineScalars } from './rssm-imagine-math.js';
import { rssmObserveBackward, rssmObserveForward, type RssmDims } from './rssm-observe-math.js';

/** The scalars of one Adam update (the step's bias corrections already folded in). */
export interface AdamUpdateScalars {
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 − β1^t) */
  stepSize: number;
  /** 1 / sqrt(1 − β2^t) */
  invSqrtBiasCorrection2: number;
  /** Decoupled weight decay factor 1 − lr·weightDecay (1: none). */
  keep: number;
  /** The global-norm clip factor applied to the gradient (1: none). */
  gradScale: number;
}

export interface FusedMath {
  /** 'js' or 'native' */
  kind: string;
  /** out = x·σ(x) */
  siluForward(x: Float32Array, out: Float32Array): void;
  /** dx = dy·σ(x)·(1 + x·(1 − σ(x))) */
  siluBackward(x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  layerNormForward: typeof layerNormForward;
  layerNormBackward: typeof layerNormBackward;
  /**
   * One-hot draws from groups of `classes` logits with `unimix` uniform mixing, by Gumbel-max on the mixed
   * log-probabilities with the uniform noise `u` (same shape as logits): out[k] = 1 at each group's argmax.
   */
  categoricalSample(classes: number, unimix: number, logits: Float32Array, u: Float32Array, out: Float32Array): void;
  /** Straight-through gradient of the draw: dlogits = (1 − unimix)·p ⊙ (dy − Σ_group dy·p), p = softmax(logits). */
  categoricalSampleBackward(classes: number, unimix: number, logits: Float32Array, dy: Float32Array, dlogits: Float32Array): void;
  gruV1Forward: typeof gru.gruV1Forward;
  gruV1Backward: typeof gru.gruV1Backward;
  gruV3Forward: typeof gru.gruV3Forward;
  gruV3Backward: typeof gru.gruV3Backward;
  /** The whole v1 GRU cell, products included (gru-cell-math.ts). */
  gruCellV1Forward: typeof gruCellV1Forward;
  gruCellV1Backward: typeof gruCellV1Backward;
  /** Whether the cell's loops are the addon's (with our sgemm): the layer runs the fused cell only then. */
  nativeGruCell: boolean;
  /** The reference RSSM's whole observation sequence (rssm-observe-math.ts). */
  rssmObserveForward: typeof rssmObserveForward;
  rssmObserveBackward: typeof rssmObserveBackward;
  /** Whether the sequence loops are the addon's: `rssmObserve` runs the sequence kernel only then. */
  nativeRssmObserve: boolean;
  /** The reference agent's whole imagination rollout (rssm-imagine-math.ts). */
  rssmImagineForward: typeof rssmImagineForward;
  rssmImagineBackward: typeof rssmImagineBackward;
  /** Whether the rollout loops are the addon's: `rssmImagine` runs the rollout kernel only then. */
  nativeRssmImagine: boolean;
  adamUpdate(param: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, s: AdamUpdateScalars,
    paramOut: Float32Array, mOut: Float32Array, vOut: Float32Array): void;
}

/**
 * g ← grad·gradScale; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * param ← param·keep − stepSize · m / (sqrt(v)·invSqrtBiasCorrection2 + eps) (PyTorch's form of the update).
 */
function adamUpdateJs(
  param: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, s: AdamUpdateScalars,
  paramOut: Float32Array, mOut: Float32Array, vOut: Float32Array,
): void {
  for (let i = 0; i < param.length; i += 1) {
    const g = grad[i] * s.gradScale;
    const mi = Math.fround(s.beta1 * m[i] + (1 - s.beta1) * g);
    const vi = Math.fround(s.beta2 * v[i] + (1 - s.beta2) * g * g);
    mOut[i] = mi;
    vOut[i] = vi;
    paramOut[i] = param[i] * s.keep - (s.stepSize * mi) / (Math.sqrt(vi) * s.invSqrtBiasCorrection2 + s.eps);
  }
}

function siluForwardJs(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i += 1) out[i] = x[i] / (1 + Math.exp(-x[i]));
}

function siluBackwardJs(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let i = 0; i < x.length; i += 1) {
    const s = 1 / (1 + Math.exp(-x[i]));
    dx[i] = dy[i] * s * (1 + x[i] * (1 - s));
  }
}

/** Softmax of logits[start, start + classes) into p (max-shifted). */
function groupSoftmax(logits: Float32Array, start: number, classes: number, p: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < classes; c += 1) max = Math.max(max, logits[start + c]);
  let sum = 0;
  for (let c = 0; c < classes; c += 1) sum += p[c] = Math.exp(logits[start + c] - max);
  for (let c = 0; c < classes; c += 1) p[c] /= sum;
}

function categoricalSampleJs(classes: number, unimix: number, logits: Float32Array, u: Float32Array, out: Float32Array): void {
  const p = new Float64Array(classes);
  for (let start = 0; start < logits.length; start += classes) {
    groupSoftmax(logits, start, classes, p);
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c += 1) {
      const mixed = p[c] * (1 - unimix) + unimix / classes;
      const score = Math.log(mixed) - Math.log(-Math.log(u[start + c]));
      if (score > bestScore) [best, bestScore] = [c, score];
      out[start + c] = 0;
    }
    out[start + best] = 1;
  }
}

function categoricalSampleBackwardJs(classes: number, unimix: number, logits: Float32Array, dy: Float32Array, dlogits: Float32Array): void {
  const p = new Float64Array(classes);
  for (let start = 0; start < logits.length; start += classes) {
    groupSoftmax(logits, start, classes, p);
    let dot = 0;
    for (let c = 0; c < classes; c += 1) dot += dy[start + c] * p[c];
    for (let c = 0; c < classes; c += 1) dlogits[start + c] = (1 - unimix) * p[c] * (dy[start + c] - dot);
  }
}

export const JS_FUSED_MATH: FusedMath = {
  kind: 'js', ...gru, gruCellV1Forward, gruCellV1Backward, nativeGruCell: false,
  rssmObserveForward, rssmObserveBackward, nativeRssmObserve: false,
  rssmImagineForward, rssmImagineBackward, nativeRssmImagine: false, adamUpdate: adamUpdateJs, siluForward: siluForwardJs, siluBackward: siluBackwardJs,
  layerNormForward, layerNormBackward,
  categoricalSample: categoricalSampleJs, categoricalSampleBackward: categoricalSampleBackwardJs,
};

/** The addon's fused functions (native/src/fused.cc): the same argument order, Adam's scalars spelled out. */
export interface NativeFusedFunctions {
  categoricalSample: FusedMath['categoricalSample'];
  categoricalSampleBackward: FusedMath['categoricalSampleBackward'];
  layerNormForward: FusedMath['layerNormForward'];
  layerNormBackward: FusedMath['layerNormBackward'];
  siluForward: FusedMath['siluForward'];
  siluBackward: FusedMath['siluBackward'];
  gruV1Forward: FusedMath['gruV1Forward'];
  gruV1Backward: FusedMath['gruV1Backward'];
  gruV3Forward: FusedMath['gruV3Forward'];
  gruV3Backward: FusedMath['gruV3Backward'];
  /** native/src/gru_cell.cc (absent from builds before it): arrays first, then B, I, U. */
  gruCellV1Forward?(x: Float32Array, h: Float32Array, wx: Float32Array, bx: Float32Array, wh: Float32Array,
    bh: Float32Array, out: Float32Array, saved: Float32Array, batch: number, inDim: number, units: number): void;
  gruCellV1Backward?(x: Float32Array, h: Float32Array, wx: Float32Array, wh: Float32Array, saved: Float32Array,
    dy: Float32Array, dx: Float32Array, dh: Float32Array, dwx: Float32Array, dbx: Float32Array, dwh: Float32Array,
    dbh: Float32Array, batch: number, inDim: number, units: number): void;
  /**
   * native/src/rssm_observe.cc (absent from builds before it): the arrays of rssmObserveForward, then T, B, S, A,
   * E, Hi, D, Ho and minStd.
   */
  rssmObserveForward?(...args: (Float32Array | number)[]): void;
  /** The arrays of rssmObserveBackward, then T, B, S, A, E, Hi, D, Ho. */
  rssmObserveBackward?(...args: (Float32Array | number)[]): void;
  /**
   * native/src/rssm_imagine.cc (absent from builds before it): the arrays of rssmImagineForward (or Backward), then
   * H, N, S, A, D, U1, U2, Hi, Ho, minStd, meanScale, stdShift, actMinStd.
   */
  rssmImagineForward?(...args: (Float32Array | number)[]): void;
  rssmImagineBackward?(...args: (Float32Array | number)[]): void;
  adamUpdate(param: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, beta1: number,
    beta2: number, eps: number, stepSize: number, invSqrtBiasCorrection2: number, keep: number,
    gradScale: number, paramOut: Float32Array, mOut: Float32Array, vOut: Float32Array): void;
}

/** The FusedMath of an addon that has the fused functions (older builds do not: undefined). */
export function nativeFusedMath(addon: Partial<NativeFusedFunctions>): FusedMath | undefined {
  const { gruV1Forward, gruV1Backward, gruV3Forward, gruV3Backward, adamUpdate, siluForward, siluBackward } = addon;
  const { layerNormForward: lnForward, layerNormBackward: lnBackward, categoricalSample, categoricalSampleBackward } = addon;
  if (!gruV1Forward || !gruV1Backward || !gruV3Forward || !gruV3Backward || !adamUpdate || !siluForward || !siluBackward ||
    !lnForward || !lnBackward || !categoricalSample || !categoricalSampleBackward) {
    return undefined;
  }
  const { gruCellV1Forward: cellForward, gruCellV1Backward: cellBackward } = addon;
  const cell = cellForward && cellBackward
    ? {
      nativeGruCell: true,
      gruCellV1Forward: ((b, i, u, x, h, wx, bx, wh, bh, out, saved) =>
        cellForward(x, h, wx, bx, wh, bh, out, saved, b, i, u)) as FusedMath['gruCellV1Forward'],
      gruCellV1Backward: ((b, i, u, x, h, wx, wh, saved, dy, dx, dh, dwx, dbx, dwh, dbh) =>
        cellBackward(x, h, wx, wh, saved, dy, dx, dh, dwx, dbx, dwh, dbh, b, i, u)) as FusedMath['gruCellV1Backward'],
    }
    : { nativeGruCell: false, gruCellV1Forward, gruCellV1Backward };
  const { rssmObserveForward: seqForward, rssmObserveBackward: seqBackward } = addon;
  const sizes = (d: RssmDims): number[] => [d.T, d.B, d.S, d.A, d.E, d.Hi, d.D, d.Ho];
  const seq = seqForward && seqBackward
    ? {
      nativeRssmObserve: true,
      rssmObserveForward: ((d, minStd, ...arrays) => seqForward(...arrays, ...sizes(d), minStd)) as FusedMath['rssmObserveForward'],
      rssmObserveBackward: ((d, ...arrays) => seqBackward(...arrays, ...sizes(d))) as FusedMath['rssmObserveBackward'],
    }
    : { nativeRssmObserve: false, rssmObserveForward, rssmObserveBackward };
  const { rssmImagineForward: rollForward, rssmImagineBackward: rollBackward } = addon;
  const rollSizes = (d: ImagineDims, k: ImagineScalars): number[] =>
    [d.H, d.N, d.S, d.A, d.D, d.U1, d.U2, d.Hi, d.Ho, k.minStd, k.meanScale, k.stdShift, k.actMinStd];
  const roll = rollForward && rollBackward
    ? {
      nativeRssmImagine: true,
      rssmImagineForward: ((d, k, ...arrays) => rollForward(...arrays, ...rollSizes(d, k))) as FusedMath['rssmImagineForward'],
      rssmImagineBackward: ((d, k, ...arrays) => rollBackward(...arrays, ...rollSizes(d, k))) as FusedMath['rssmImagineBackward'],
    }
    : { nativeRssmImagine: false, rssmImagineForward, rssmImagineBackward };
  return {
    kind: 'native', ...cell, ...seq, ...roll, gruV1Forward, gruV1Backward, gruV3Forward, gruV3Backward, siluForward, siluBackward,
    layerNormForward: lnForward, layerNormBackward: lnBackward, categoricalSample, categoricalSampleBackward,
    adamUpdate: (param, m, v, grad, s, paramOut, mOut, vOut) => adamUpdate(param, m, v, grad, s.beta1, s.beta2,
      s.eps, s.stepSize, s.invSqrtBiasCorrection2, s.keep, s.gradScale, paramOut, mOut, vOut),
  };
}

let current: FusedMath = JS_FUSED_MATH;

/** The loops the fused kernels call now. */
export function fusedMath(): FusedMath {
  return current;
}

/**
 * Above this many elements a fused kernel whose JS loop calls Math.exp per element runs as composite ops instead:
 * wasm's SIMD sigmoid/tanh beat the loop once tensors are large (imagination's 800 × 200 GRU states: +25 % CPU for
 * the actor-critic step when fused, measured 2026-11-25); the native loops (vectorised exp) stay fused at any size.
 */
export const JS_EXP_LOOP_MAX_ELEMENTS = 16384;

/** The element limit for fused kernels with exp in their loops, under the loops in use now. */
export function fusedExpLoopMaxElements(): number {
  return current.kind === 'native' ? Infinity : JS_EXP_LOOP_MAX_ELEMENTS;
}

/** Route the fused kernels' loops to `math` (undefined: back to JS). */
export function setFusedMath(math: FusedMath | undefined): void {
  current = math ?? JS_FUSED_MATH;
}
