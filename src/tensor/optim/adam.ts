import * as tf from '@tensorflow/tfjs';
import { CheckpointError, ConfigError } from '../../util/errors.js';
import { fusedKernelsActive } from '../kernels/fused/active.js';
import { fusedAdamUpdate, fusedGlobalNorm } from '../kernels/fused/adam.js';
import { clipByGlobalNorm, adaptiveClip } from './clip.js';

/** clipByGlobalNorm's guard against a zero norm (PyTorch's clip_grad_norm_ adds the same 1e-6). */
const CLIP_NORM_EPS = 1e-6;

/** Options of `Adam`; defaults are PyTorch's. */
export interface AdamOptions {
  /** Learning rate. */
  lr: number;
  /** Decay of the first-moment (mean) estimate (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment estimate (default 0.999). */
  beta2?: number;
  /** Added to the bias-corrected sqrt of the second moment (default 1e-8; Dreamer uses 1e-5). */
  eps?: number;
  /** Clip the gradients jointly to this global L2 norm (PyTorch's clip_grad_norm_); default: no clipping. */
  clip?: number;
  /** Adaptive gradient clipping: cap each tensor's grad norm at `agc · max(‖param‖, 1e-3)` (DreamerV3: 0.3). */
  agc?: number;
  /** Decoupled weight decay (AdamW): param ← param · (1 - lr · weightDecay) each step (default 0). */
  weightDecay?: number;
}

/** The optimiser's saved state: step count and both moments, by variable name. */
export interface AdamState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

/** Result of one `minimize`: the loss and the gradient's global norm before clipping. */
export interface MinimizeResult {
  loss: number;
  gradNorm: number;
  /** the loss or a gradient was NaN/Inf: no variable, moment or step count changed */
  skipped: boolean;
}

/**
 * Adam over a named group of variables (one module's, by hierarchical name). Each variable has its own moment
 * tensors. On cpu and wasm the global norm is one fused kernel and each variable's update (clip factor, moments,
 * bias correction, decay, parameter) is one more; elsewhere the same maths runs as composite ops.
 */
export class Adam {
  readonly name: string;
  private readonly names: string[];
  private readonly vars: tf.Variable[];
  private readonly sizes: number[];
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private readonly opts: Required<Omit<AdamOptions, 'clip' | 'agc'>> & Pick<AdamOptions, 'clip' | 'agc'>;
  private step = 0;

  /** `variables`: the group this optimiser owns, e.g. `module.variables()`; only they receive gradients. */
  constructor(name: string, variables: Map<string, tf.Variable>, options: AdamOptions) {
    if (variables.size === 0) throw new ConfigError(`optimiser "${name}" got no variables; pass module.variables().`);
    if (!(options.lr > 0)) throw new ConfigError(`optimiser "${name}": lr must be > 0 (got ${options.lr}).`);
    this.name = name;
    this.names = [...variables.keys()];
    this.vars = [...variables.values()];
    this.sizes = this.vars.map((x) => x.size);
    this.m = this.vars.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = this.vars.map((x) => tf.variable(tf.zerosLike(x), false));
    this.opts = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, ...options };
  }

  /** Number of updates applied so far. */
  get stepCount(): number {
    return this.step;
  }

  /**
   * Differentiates `lossFn` w.r.t. this group's variables only, clips, and applies one Adam update, unless the
   * loss or the gradient norm is NaN/Inf: then nothing changes and the result says `skipped`.
   */
  minimize(lossFn: () => tf.Scalar): MinimizeResult {
    return this.update(() => {
      const { value, grads } = tf.variableGrads(lossFn, this.vars);
      return { loss: value, grads: this.vars.map((x) => grads[x.name]) };
    });
  }

  /**
   * `minimize` with gradients the caller forms itself (e.g. from activations a forward pass already computed):
   * `fn` returns the loss and the gradients by variable name as in the group's map; a missing one counts as zero.
   * Runs inside a tidy; clipping, the NaN/Inf check and the update are `minimize`'s.
   */
  applyGradients(fn: () => { loss: tf.Scalar; grads: Map<string, tf.Tensor> }): MinimizeResult {
    return this.update(() => {
      const { loss, grads } = fn();
      for (const name of grads.keys()) {
        if (!this.names.includes(name)) throw new ConfigError(`optimiser "${this.name}" has no variable "${name}"; use the names of the map it was built with.`);
      }
      return { loss, grads: this.names.map((name) => grads.get(name)) };
    });
  }

  private update(compute: () => { loss: tf.Scalar; grads: (tf.Tensor | undefined)[] }): MinimizeResult {
    const fused = fusedKernelsActive();
    const { summary, grads } = tf.tidy(() => {
      const { loss: value, grads: raw } = compute();
      let perVar = this.vars.map((x, i) => raw[i] ?? tf.zerosLike(x));
      if (this.opts.agc !== undefined) perVar = adaptiveClip(perVar, this.vars, this.opts.agc);
      // fused: the clip factor is applied inside each variable's update kernel, from the norm read below
      if (fused) return { summary: tf.stack([value, fusedGlobalNorm(perVar)]), grads: perVar };
      const { clipped, norm } = clipByGlobalNorm(perVar, this.opts.clip);
      return { summary: tf.stack([value, norm]), grads: clipped };
    });
    const [loss, gradNorm] = summary.dataSync();
    summary.dispose();
    const skipped = !Number.isFinite(loss) || !Number.isFinite(gradNorm);
    if (!skipped) {
      this.step += 1;
      if (fused) this.applyFusedUpdates(grads, this.clipScale(gradNorm));
      else tf.tidy(() => grads.forEach((g, i) => this.applyUpdate(i, g)));
    }
    tf.dispose(grads);
    return { loss, gradNorm, skipped };
  }

  /** min(1, clip / (‖g‖ + 1e-6)), as clipByGlobalNorm scales the gradients; 1 without a clip. */
  private clipScale(gradNorm: number): number {
    const { clip } = this.opts;
    if (clip === undefined || !Number.isFinite(clip)) return 1;
    return Math.min(clip / (gradNorm + CLIP_NORM_EPS), 1);
  }

  /** One fused kernel per variable: the same update as `applyUpdate`, on the unclipped gradient and its scale. */
  private applyFusedUpdates(grads: tf.Tensor[], gradScale: number): void {
    const { lr, beta1, beta2, eps, weightDecay } = this.opts;
    const scalars = {
      beta1, beta2, eps, gradScale,
      stepSize: lr / (1 - beta1 ** this.step),
      invSqrtBiasCorrection2: 1 / Math.sqrt(1 - beta2 ** this.step),
      keep: 1 - lr * weightDecay,
    };
    tf.tidy(() => {
      grads.forEach((g, i) => {
        const [param, m, v] = fusedAdamUpdate(this.vars[i], this.m[i], this.v[i], g, scalars);
        this.vars[i].assign(param);
        this.m[i].assign(m);
        this.v[i].assign(v);
      });
    });
  }

  /** Moments, bias correction (PyTorch's form: lr/bc1 · m / (sqrt(v)/sqrt(bc2) + eps)), then the parameter. */
  private applyUpdate(i: number, grad: tf.Tensor): void {
    const { lr, beta1, beta2, eps, weightDecay } = this.opts;
    const m = tf.add(tf.mul(this.m[i], beta1), tf.mul(grad, 1 - beta1));
    const v = tf.add(tf.mul(this.v[i], beta2), tf.mul(tf.square(grad), 1 - beta2));
    this.m[i].assign(m);
    this.v[i].assign(v);
    const bc1 = 1 - beta1 ** this.step;
    const bc2 = 1 - beta2 ** this.step;
    const denom = tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(bc2)), eps);
    const delta = tf.mul(tf.div(m, denom), lr / bc1);
    const x = this.vars[i];
    const keep = 1 - lr * weightDecay;
    x.assign(tf.sub(keep === 1 ? x : tf.mul(x, keep), delta));
  }

  /** Step count and moments by variable name, for checkpoints. */
  getState(): AdamState {
    const read = (moments: tf.Variable[]): Map<string, Float32Array> =>
      new Map(this.names.map((name, i) => [name, Float32Array.from(moments[i].dataSync())]));
    return { step: this.step, m: read(this.m), v: read(this.v) };
  }

  /** Restores `getState()` output; every variable name and size must match, or nothing changes. */
  setState(state: AdamState): void {
    const problems: string[] = [];
    this.names.forEach((name, i) => {
      for (const [label, moments] of [['m', state.m], ['v', state.v]] as const) {
        const saved = moments.get(name);
        if (!saved) problems.push(`missing ${label} of "${name}"`);
        else if (saved.length !== this.sizes[i]) problems.push(`${label} of "${name}" has ${saved.length} values, expected ${this.sizes[i]}`);
      }
    });
    for (const name of state.m.keys()) if (!this.names.includes(name)) problems.push(`unexpected "${name}"`);
    if (problems.length > 0) {
      throw new CheckpointError(
        `cannot load optimiser "${this.name}": ${problems.join('; ')}. Load the checkpoint with the config it was saved with.`,
      );
    }
    tf.tidy(() => {
      this.names.forEach((name, i) => {
        const shape = this.vars[i].shape;
        this.m[i].assign(tf.tensor(state.m.get(name) as Float32Array, shape));
        this.v[i].assign(tf.tensor(state.v.get(name) as Float32Array, shape));
      });
    });
    this.step = state.step;
  }

  /** Frees the moment tensors (not the parameters, which belong to their module). */
  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
