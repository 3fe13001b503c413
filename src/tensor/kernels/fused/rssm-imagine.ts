/**
 * The reference agent's imagination rollout (DreamerV1: actor MLP with a tanh-Gaussian action, then the RSSM's
 * prior step: dense+ELU, v1 GRU cell with the reset after, dense+ELU, Gaussian head and draw) over the whole
 * horizon as one kernel forward and one backward. Composite, each of the H steps dispatches ~25 kernels forward
 * and ~45 backward on [N, ·] tensors; the rollout kernel runs each thread's block of rows through all H steps, and
 * its backward forms each actor weight gradient once from the stacked [H·N, ·] rows (rssm-imagine-math.ts,
 * native/src/rssm_imagine.cc).
 *
 * Gradients reach the start state and the actor's weights; the dynamics' weights enter as constants (through
 * `stopGradient`, in both paths), as in Dreamer's actor loss, which trains the actor alone. It runs where its
 * loops are the addon's; on cpu, wasm without the addon and with DREAMER_FUSED=off the composite ops run, with the
 * same semantics (tests: test/tensor/fused/rssm-imagine.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../../../util/errors.js';
import { stopGradient } from '../../math/stop_gradient.js';
import { denseMatMul } from '../dense-matmul.js';
import { RSSM_IMAGINE_GRAD_KERNEL, RSSM_IMAGINE_KERNEL } from '../names.js';
import { fusedKernelsActive } from './active.js';
import { arrayKernelConfigs, type ArrayKernelSpec } from './array-kernel.js';
import { runFusedOp, type FusedOp } from './fused-op.js';
import { gruCellV1 } from './gru-cell.js';
import { fusedMath } from './math.js';
import { imagineSavedWidth, type ImagineDims, type ImagineScalars } from './rssm-imagine-math.js';

/** The actor: w1 [S + D, U1], b1, w2 [U1, U2], b2, w3 [U2, 2A], b3 (the head's [m, q] halves). */
export interface ImagineActorParams {
  w1: tf.Tensor;
  b1: tf.Tensor;
  w2: tf.Tensor;
  b2: tf.Tensor;
  w3: tf.Tensor;
  b3: tf.Tensor;
}

/**
 * The prior step: wi [S + A, Hi], bi (on [stoch, action]); the GRU wx [Hi, 3D], bx, wh [D, 3D], bh; wo [D, Ho], bo
 * (on deter); wd [Ho, 2S], bd (the prior's [μ, ρ]).
 */
export interface ImagineDynamicsParams {
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

/** Start states s0 [N, S], h0 [N, D] and the draws' standard-normal noise, time-major: epsA [H·N, A], epsS [H·N, S]. */
export interface ImagineInputs {
  s0: tf.Tensor;
  h0: tf.Tensor;
  epsA: tf.Tensor;
  epsS: tf.Tensor;
}

const ACTOR = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const;
const DYNAMICS = ['wi', 'bi', 'wx', 'bx', 'wh', 'bh', 'wo', 'bo', 'wd', 'bd'] as const;
const FORWARD_INPUTS = ['s0', 'h0', 'epsA', 'epsS', ...ACTOR, ...DYNAMICS];
const SAVED_INPUTS = ['s0', 'h0', 'epsA', 'epsS', 'w1', 'w2', 'w3', 'wi', 'wx', 'wh', 'wo', 'wd'];
const GRADIENT_NAMES = ['s0', 'h0', ...ACTOR];

/** Sizes from the shapes of s0, h0, epsA and w1, w2, wi, wo. */
function dimsOf(s0: number[], h0: number[], epsA: number[], w1: number[], w2: number[], wi: number[], wo: number[]): ImagineDims {
  const N = s0[0];
  return { H: epsA[0] / N, N, S: s0[1], A: epsA[1], D: h0[1], U1: w1[1], U2: w2[1], Hi: wi[1], Ho: wo[1] };
}

const scalarsOf = (attrs: tf.NamedAttrMap): ImagineScalars => ({
  minStd: attrs.minStd as number, meanScale: attrs.meanScale as number, stdShift: attrs.stdShift as number,
  actMinStd: attrs.actMinStd as number,
});

const forward: ArrayKernelSpec = {
  kernelName: RSSM_IMAGINE_KERNEL,
  inputNames: FORWARD_INPUTS,
  outputShapes: (s) => {
    const d = dimsOf(s[0], s[1], s[2], s[4], s[6], s[10], s[16]);
    return [[d.H * d.N, d.S + d.D], [d.H * d.N, imagineSavedWidth(d)]];
  },
  compute: (ins, [feat, saved], attrs, s) => {
    const d = dimsOf(s[0], s[1], s[2], s[4], s[6], s[10], s[16]);
    const [s0, h0, epsA, epsS, w1, b1, w2, b2, w3, b3, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd] = ins;
    fusedMath().rssmImagineForward(d, scalarsOf(attrs), s0, h0, epsA, epsS, w1, b1, w2, b2, w3, b3, wi, bi, wx, bx,
      wh, bh, wo, bo, wd, bd, feat, saved);
  },
};

const backward: ArrayKernelSpec = {
  kernelName: RSSM_IMAGINE_GRAD_KERNEL,
  inputNames: [...SAVED_INPUTS, 'feat', 'saved', 'dFeat'],
  outputShapes: ([s0, h0, , , w1, w2, w3]) => [s0, h0, w1, [w1[1]], w2, [w2[1]], w3, [w3[1]]],
  compute: (ins, outs, attrs, s) => {
    const d = dimsOf(s[0], s[1], s[2], s[4], s[5], s[7], s[10]);
    const [s0, h0, epsA, epsS, w1, w2, w3, wi, wx, wh, wo, wd, feat, saved, gFeat] = ins;
    const [ds0, dh0, dw1, db1, dw2, db2, dw3, db3] = outs;
    fusedMath().rssmImagineBackward(d, scalarsOf(attrs), s0, h0, epsA, epsS, w1, w2, w3, wi, wx, wh, wo, wd, feat,
      saved, gFeat, ds0, dh0, dw1, db1, dw2, db2, dw3, db3);
  },
};

const constantInput = (name: string) => (): tf.Tensor => {
  // Unreachable through `rssmImagine`, which passes the dynamics and the noise through stopGradient.
  throw new BackendError(`RSSM imagine: no gradient into "${name}": the rollout kernel treats the dynamics' weights and the noise as constants`);
};

const gradient: tf.GradConfig = {
  kernelName: RSSM_IMAGINE_KERNEL,
  inputsToSave: SAVED_INPUTS,
  outputsToSave: [true, true],
  gradFunc: (dys, savedTensors, attrs) => {
    // dys: the cotangents of feat and (zeros: nothing downstream reads it) of `saved`
    const [dFeat] = dys as tf.Tensor[];
    const inputs: tf.NamedTensorMap = { dFeat };
    [...SAVED_INPUTS, 'feat', 'saved'].forEach((name, i) => (inputs[name] = savedTensors[i]));
    const grads = tf.engine().runKernel(RSSM_IMAGINE_GRAD_KERNEL, inputs, attrs) as tf.Tensor[];
    const out: Record<string, () => tf.Tensor> = Object.fromEntries(GRADIENT_NAMES.map((name, i) => [name, () => grads[i]]));
    for (const name of ['epsA', 'epsS', ...DYNAMICS]) out[name] = constantInput(name);
    return out;
  },
};

export const RSSM_IMAGINE_OP: FusedOp = {
  name: RSSM_IMAGINE_KERNEL,
  kernels: [...arrayKernelConfigs(forward), ...arrayKernelConfigs(backward)],
  gradients: [gradient],
};

function checkShapes({ s0, h0, epsA, epsS }: ImagineInputs, a: ImagineActorParams, p: ImagineDynamicsParams): void {
  const [N, S] = s0.shape;
  const D = h0.shape[1] as number;
  const R = epsA.shape[0] as number;
  const [A, U1, U2, Hi, Ho] = [epsA.shape[1], a.w1.shape[1], a.w2.shape[1], p.wi.shape[1], p.wo.shape[1]] as number[];
  const is = (t: tf.Tensor, ...shape: number[]): boolean => t.rank === shape.length && t.shape.every((v, i) => v === shape[i]);
  const ok = s0.rank === 2 && h0.rank === 2 && epsA.rank === 2 && a.w1.rank === 2 && a.w2.rank === 2 && p.wi.rank === 2 &&
    p.wo.rank === 2 && h0.shape[0] === N && R > 0 && R % N === 0 && is(epsS, R, S) && is(a.w1, S + D, U1) &&
    is(a.b1, U1) && is(a.w2, U1, U2) && is(a.b2, U2) && is(a.w3, U2, 2 * A) && is(a.b3, 2 * A) && is(p.wi, S + A, Hi) &&
    is(p.bi, Hi) && is(p.wx, Hi, 3 * D) && is(p.bx, 3 * D) && is(p.wh, D, 3 * D) && is(p.bh, 3 * D) && is(p.wo, D, Ho) &&
    is(p.bo, Ho) && is(p.wd, Ho, 2 * S) && is(p.bd, 2 * S);
  if (!ok) {
    const shapes = Object.entries({ s0, h0, epsA, epsS, ...a, ...p }).map(([k, t]) => `${k} [${t.shape}]`).join(', ');
    throw new BackendError(
      'RSSM imagine: expected s0 [N, S], h0 [N, D], epsA [H·N, A], epsS [H·N, S], w1 [S+D, U1], b1 [U1], w2 [U1, U2], ' +
      'b2 [U2], w3 [U2, 2A], b3 [2A], wi [S+A, Hi], bi [Hi], wx [Hi, 3D], bx [3D], wh [D, 3D], bh [3D], wo [D, Ho], ' +
      `bo [Ho], wd [Ho, 2S], bd [2S]; got ${shapes}: check the actor's and the RSSM's sizes and that the noise is ` +
      'time-major with H·N rows',
    );
  }
}

/**
 * The rollout as composite ops, step by step: the reference step's imagination loop (concat, the actor MLP,
 * split, 5·tanh(m/5) and softplus(q + 0.5413) + 1e-4, tanh(μ + σ·εa), concat, dense+ELU, the GRU cell as
 * `gruCellV1` runs it, dense+ELU, dense, split, softplus + minStd, μ + σ·εs). Returns feat [H·N, S + D].
 */
export function rssmImagineComposite(
  inputs: ImagineInputs, a: ImagineActorParams, p: ImagineDynamicsParams, k: ImagineScalars,
): tf.Tensor2D {
  const N = inputs.s0.shape[0];
  const H = (inputs.epsA.shape[0] as number) / N;
  const [epsA, epsS] = [inputs.epsA, inputs.epsS].map((x) => (H === 1 ? [x] : tf.split(x, H, 0)));
  const dense = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, act: 'elu' | 'linear' = 'linear'): tf.Tensor2D =>
    denseMatMul(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, act);
  let stoch = inputs.s0;
  let deter = inputs.h0;
  let feat = tf.concat([stoch, deter], 1);
  const feats: tf.Tensor[] = [];
  for (let h = 0; h < H; h += 1) {
    const [m, q] = tf.split(dense(dense(dense(feat, a.w1, a.b1, 'elu'), a.w2, a.b2, 'elu'), a.w3, a.b3), 2, 1);
    const mean = tf.mul(tf.tanh(tf.div(m, k.meanScale)), k.meanScale);
    const std = tf.add(tf.softplus(tf.add(q, k.stdShift)), k.actMinStd);
    const action = tf.tanh(tf.add(mean, tf.mul(std, epsA[h])));
    const x = dense(tf.concat([stoch, action], 1), p.wi, p.bi, 'elu');
    deter = gruCellV1(x, deter, { wx: p.wx, bx: p.bx, wh: p.wh, bh: p.bh });
    const [mu, raw] = tf.split(dense(dense(deter, p.wo, p.bo, 'elu'), p.wd, p.bd), 2, 1);
    stoch = tf.add(mu, tf.mul(tf.add(tf.softplus(raw), k.minStd), epsS[h]));
    feat = tf.concat([stoch, deter], 1);
    feats.push(feat);
  }
  return (H === 1 ? feats[0] : tf.concat(feats, 0)) as tf.Tensor2D;
}

/** The rollout as the one kernel, whatever runs its loops (the tests call it on cpu with the JS loops). */
export function rssmImagineFused(
  inputs: ImagineInputs, a: ImagineActorParams, p: ImagineDynamicsParams, k: ImagineScalars,
): tf.Tensor2D {
  checkShapes(inputs, a, p);
  const attrs = { ...k } as unknown as tf.NamedAttrMap;
  const [feat, saved] = runFusedOp(RSSM_IMAGINE_OP, { ...inputs, ...a, ...p }, attrs) as tf.Tensor2D[];
  saved.dispose(); // the tape keeps its own handle when it records; nothing else reads it
  return feat;
}

/** Whether `rssmImagine` runs the rollout kernel: fused kernels on and its loops native. */
export function fusedRssmImagineActive(): boolean {
  return fusedKernelsActive() && fusedMath().nativeRssmImagine;
}

/**
 * The imagination rollout: feat [H·N, S + D], the states [stoch, deter] after each of the H steps, time-major. One
 * kernel each way where the addon runs it, else composite ops. `fused` forces a path (tests, benchmarks). The
 * dynamics' weights and the noise are constants to autodiff either way.
 */
export function rssmImagine(
  inputs: ImagineInputs, a: ImagineActorParams, p: ImagineDynamicsParams, k: ImagineScalars, fused = fusedRssmImagineActive(),
): tf.Tensor2D {
  return tf.tidy(() => {
    const constants = (xs: Record<string, tf.Tensor>): Record<string, tf.Tensor> =>
      Object.fromEntries(Object.entries(xs).map(([name, t]) => [name, stopGradient(t)]));
    const ins = { ...inputs, ...constants({ epsA: inputs.epsA, epsS: inputs.epsS }) } as ImagineInputs;
    const dyn = constants({ ...p }) as unknown as ImagineDynamicsParams;
    checkShapes(ins, a, dyn);
    return fused ? rssmImagineFused(ins, a, dyn, k) : rssmImagineComposite(ins, a, dyn, k);
  });
}
