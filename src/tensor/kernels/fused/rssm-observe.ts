/**
 * The observation loop of the reference RSSM (DreamerV1: dense+ELU before a v1 GRU with the reset after, dense+ELU
 * and a diagonal-Gaussian head after it, std = softplus + minStd, reparameterised draw) over a whole sequence as
 * one kernel forward and one backward. Composite, each of the T steps dispatches ~12 kernels forward and ~20
 * backward, and every weight's gradient is formed per step and added up over the T steps; the sequence kernel's
 * backward runs the recurrence with activation gradients only and forms each weight gradient once, from the
 * stacked [T·B, ·] rows (rssm-observe-math.ts, native/src/rssm_observe.cc).
 *
 * It runs where its loops are the addon's; on cpu, wasm without the addon and with DREAMER_FUSED=off the composite
 * ops run, with the same semantics (tests: test/tensor/fused/rssm-observe.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../../../util/errors.js';
import { denseMatMul } from '../dense-matmul.js';
import { RSSM_OBSERVE_GRAD_KERNEL, RSSM_OBSERVE_KERNEL } from '../names.js';
import { fusedKernelsActive } from './active.js';
import { arrayKernelConfigs, type ArrayKernelSpec } from './array-kernel.js';
import { runFusedOp, type FusedOp } from './fused-op.js';
import { gruCellV1 } from './gru-cell.js';
import { fusedMath } from './math.js';
import { savedWidth, type RssmDims } from './rssm-observe-math.js';

/**
 * The weights: wi [S + A, Hi], bi [Hi] (before the GRU, on [stoch, action]); wx [Hi, 3D], bx, wh [D, 3D], bh [3D]
 * (the GRU); wo [D + E, Ho], bo [Ho] (before the posterior, on [deter, embed]); wd [Ho, 2S], bd [2S] (the head).
 */
export interface RssmObserveParams {
  wi: tf.Tensor;
  bi: tf.Tensor;
  wx: tf.Tensor;
  bx: tf.Tensor;
  wh: tf.Tensor;
  bh: tf.Tensor;
  wo: tf.Tensor;
  bo: tf.Tensor;
  wd: tf.Tensor;
  bd: tf.Tensor;
}

/**
 * The sequence, time-major: s0 [B, S] and h0 [B, D] the state before step 0; act [T·B, A], embed [T·B, E] and the
 * standard-normal noise of the draws eps [T·B, S], rows t·B … t·B + B − 1 for step t.
 */
export interface RssmObserveInputs {
  s0: tf.Tensor;
  h0: tf.Tensor;
  act: tf.Tensor;
  embed: tf.Tensor;
  eps: tf.Tensor;
}

/** Per step the posterior draw, the GRU state and the posterior's mean and std, stacked time-major [T·B, ·]. */
export interface RssmObservation {
  stoch: tf.Tensor2D;
  deter: tf.Tensor2D;
  mean: tf.Tensor2D;
  std: tf.Tensor2D;
}

const FORWARD_INPUTS = ['s0', 'h0', 'act', 'embed', 'eps', 'wi', 'bi', 'wx', 'bx', 'wh', 'bh', 'wo', 'bo', 'wd', 'bd'];
const SAVED_INPUTS = ['s0', 'h0', 'act', 'embed', 'eps', 'wi', 'wx', 'wh', 'wo', 'wd'];
const GRADIENT_NAMES = ['s0', 'h0', 'act', 'embed', 'eps', 'wi', 'bi', 'wx', 'bx', 'wh', 'bh', 'wo', 'bo', 'wd', 'bd'];

/** The sizes from the shapes of s0, h0, act, embed and the weights wi (input index 5) and wo. */
function dimsOf(s0: number[], h0: number[], act: number[], embed: number[], wi: number[], wo: number[]): RssmDims {
  const B = s0[0];
  return { T: act[0] / B, B, S: s0[1], A: act[1], E: embed[1], Hi: wi[1], D: h0[1], Ho: wo[1] };
}

const minStdOf = (attrs: tf.NamedAttrMap): number => attrs.minStd as number;

const forward: ArrayKernelSpec = {
  kernelName: RSSM_OBSERVE_KERNEL,
  inputNames: FORWARD_INPUTS,
  outputShapes: ([s0, h0, act, embed, , wi, , , , , , wo]) => {
    const d = dimsOf(s0, h0, act, embed, wi, wo);
    const N = d.T * d.B;
    return [[N, d.S], [N, d.D], [N, d.S], [N, d.S], [N, savedWidth(d)]];
  },
  compute: (ins, [stoch, deter, mean, std, saved], attrs, s) => {
    const [s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = ins;
    const d = dimsOf(s[0], s[1], s[2], s[3], s[5], s[11]);
    fusedMath().rssmObserveForward(d, minStdOf(attrs), s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd,
      stoch, deter, mean, std, saved);
  },
};

const backward: ArrayKernelSpec = {
  kernelName: RSSM_OBSERVE_GRAD_KERNEL,
  inputNames: [...SAVED_INPUTS, 'stoch', 'deter', 'std', 'saved', 'dStoch', 'dDeter', 'dMean', 'dStd'],
  outputShapes: ([s0, h0, act, embed, eps, wi, wx, wh, wo, wd]) =>
    [s0, h0, act, embed, eps, wi, [wi[1]], wx, [wx[1]], wh, [wh[1]], wo, [wo[1]], wd, [wd[1]]],
  compute: (ins, outs, _attrs, s) => {
    const [s0, h0, act, embed, eps, wi, wx, wh, wo, wd, stoch, deter, std, saved, gs, gd, gm, gstd] = ins;
    const d = dimsOf(s[0], s[1], s[2], s[3], s[5], s[8]);
    const [ds0, dh0, dact, dembed, deps, dwi, dbi, dwx, dbx, dwh, dbh, dwo, dbo, dwd, dbd] = outs;
    fusedMath().rssmObserveBackward(d, s0, h0, act, embed, eps, wi, wx, wh, wo, wd, stoch, deter, std, saved,
      gs, gd, gm, gstd, ds0, dh0, dact, dembed, deps, dwi, dbi, dwx, dbx, dwh, dbh, dwo, dbo, dwd, dbd);
  },
};

const gradient: tf.GradConfig = {
  kernelName: RSSM_OBSERVE_KERNEL,
  inputsToSave: SAVED_INPUTS,
  outputsToSave: [true, true, false, true, true],
  gradFunc: (dys, savedTensors) => {
    // dys: the cotangents of stoch, deter, mean, std (zeros where nothing downstream reads one) and of `saved`
    const [dStoch, dDeter, dMean, dStd] = dys as tf.Tensor[];
    const inputs: tf.NamedTensorMap = { dStoch, dDeter, dMean, dStd };
    [...SAVED_INPUTS, 'stoch', 'deter', 'std', 'saved'].forEach((name, i) => (inputs[name] = savedTensors[i]));
    const grads = tf.engine().runKernel(RSSM_OBSERVE_GRAD_KERNEL, inputs) as tf.Tensor[];
    return Object.fromEntries(GRADIENT_NAMES.map((name, i) => [name, () => grads[i]]));
  },
};

export const RSSM_OBSERVE_OP: FusedOp = {
  name: RSSM_OBSERVE_KERNEL,
  kernels: [...arrayKernelConfigs(forward), ...arrayKernelConfigs(backward)],
  gradients: [gradient],
};

function checkShapes({ s0, h0, act, embed, eps }: RssmObserveInputs, p: RssmObserveParams): void {
  const [B, S] = s0.shape;
  const D = h0.shape[1] as number;
  const N = act.shape[0] as number;
  const [A, E, Hi, Ho] = [act.shape[1], embed.shape[1], p.wi.shape[1], p.wo.shape[1]] as number[];
  const is = (t: tf.Tensor, ...shape: number[]): boolean => t.rank === shape.length && t.shape.every((v, i) => v === shape[i]);
  const ok = s0.rank === 2 && h0.rank === 2 && act.rank === 2 && embed.rank === 2 && p.wi.rank === 2 && p.wo.rank === 2 &&
    h0.shape[0] === B && N > 0 && N % B === 0 && is(embed, N, E) && is(eps, N, S) && is(p.wi, S + A, Hi) && is(p.bi, Hi) &&
    is(p.wx, Hi, 3 * D) && is(p.bx, 3 * D) && is(p.wh, D, 3 * D) && is(p.bh, 3 * D) && is(p.wo, D + E, Ho) &&
    is(p.bo, Ho) && is(p.wd, Ho, 2 * S) && is(p.bd, 2 * S);
  if (!ok) {
    const shapes = Object.entries({ s0, h0, act, embed, eps, ...p }).map(([k, t]) => `${k} [${t.shape}]`).join(', ');
    throw new BackendError(
      `RSSM observe: expected s0 [B, S], h0 [B, D], act [T·B, A], embed [T·B, E], eps [T·B, S], wi [S+A, Hi], bi [Hi], ` +
      `wx [Hi, 3D], bx [3D], wh [D, 3D], bh [3D], wo [D+E, Ho], bo [Ho], wd [Ho, 2S], bd [2S]; got ${shapes}: ` +
      'check the RSSM sizes and that the sequences are time-major with T·B rows',
    );
  }
}

/**
 * The loop as composite ops, step by step: exactly the reference step's observation loop (concat, dense+ELU, the GRU
 * cell as `gruCellV1` runs it, concat, dense+ELU, dense, split, softplus + minStd, mean + std·ε).
 */
export function rssmObserveComposite(inputs: RssmObserveInputs, p: RssmObserveParams, minStd: number): RssmObservation {
  const B = inputs.s0.shape[0];
  const T = (inputs.act.shape[0] as number) / B;
  const [acts, embeds, eps] = [inputs.act, inputs.embed, inputs.eps].map((x) => (T === 1 ? [x] : tf.split(x, T, 0)));
  let stoch = inputs.s0;
  let deter = inputs.h0;
  const out: Record<keyof RssmObservation, tf.Tensor[]> = { stoch: [], deter: [], mean: [], std: [] };
  for (let t = 0; t < T; t += 1) {
    const x = denseMatMul(tf.concat([stoch, acts[t]], 1) as tf.Tensor2D, p.wi as tf.Tensor2D, p.bi as tf.Tensor1D, 'elu');
    deter = gruCellV1(x, deter, { wx: p.wx, bx: p.bx, wh: p.wh, bh: p.bh });
    const o = denseMatMul(tf.concat([deter, embeds[t]], 1) as tf.Tensor2D, p.wo as tf.Tensor2D, p.bo as tf.Tensor1D, 'elu');
    const [mean, raw] = tf.split(denseMatMul(o, p.wd as tf.Tensor2D, p.bd as tf.Tensor1D), 2, 1);
    const std = tf.add(tf.softplus(raw), minStd);
    stoch = tf.add(mean, tf.mul(std, eps[t]));
    out.stoch.push(stoch);
    out.deter.push(deter);
    out.mean.push(mean);
    out.std.push(std);
  }
  const cat = (xs: tf.Tensor[]): tf.Tensor2D => (xs.length === 1 ? xs[0] : tf.concat(xs, 0)) as tf.Tensor2D;
  return { stoch: cat(out.stoch), deter: cat(out.deter), mean: cat(out.mean), std: cat(out.std) };
}

/** The loop as the one sequence kernel, whatever runs its loops (the tests call it on cpu with the JS loops). */
export function rssmObserveFused(inputs: RssmObserveInputs, p: RssmObserveParams, minStd: number): RssmObservation {
  checkShapes(inputs, p);
  const [stoch, deter, mean, std, saved] = runFusedOp(RSSM_OBSERVE_OP, { ...inputs, ...p }, { minStd }) as tf.Tensor2D[];
  saved.dispose(); // the tape keeps its own handle when it records; nothing else reads it
  return { stoch, deter, mean, std };
}

/** Whether `rssmObserve` runs the sequence kernel: fused kernels on and its loops native. */
export function fusedRssmObserveActive(): boolean {
  return fusedKernelsActive() && fusedMath().nativeRssmObserve;
}

/** The observation loop over a whole sequence: one kernel each way where the addon runs it, else composite ops. */
export function rssmObserve(inputs: RssmObserveInputs, p: RssmObserveParams, minStd: number): RssmObservation {
  checkShapes(inputs, p);
  return fusedRssmObserveActive() ? rssmObserveFused(inputs, p, minStd) : rssmObserveComposite(inputs, p, minStd);
}
