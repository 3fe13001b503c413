import * as tf from '@tensorflow/tfjs';
import { CheckpointError, ConfigError } from '../../util/errors.js';
import { clipByGlobalNorm, adaptiveClip } from './clip.js';

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
export interface StepResult {
  loss: number;
  gradNorm: number;
}

/**
 * Adam over a named group of variables (one module's, by hierarchical name). The moments of all variables live in
 * two flat vectors, so a step costs a fixed handful of kernels plus one subtraction per variable, however many
 * variables the group has.
 */
export class Adam {
  readonly name: string;
  private readonly names: string[];
  private readonly vars: tf.Variable[];
  private readonly sizes: number[];
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
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
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.variable(tf.zeros([total]), false);
    this.v = tf.variable(tf.zeros([total]), false);
    this.opts = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, ...options };
  }

  /** Number of updates applied so far. */
  get stepCount(): number {
    return this.step;
  }

  /** Differentiates `lossFn` w.r.t. this group's variables only, clips, and applies one Adam update. */
  minimize(lossFn: () => tf.Scalar): StepResult {
    this.step += 1;
    const summary = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(lossFn, this.vars);
      let perVar = this.vars.map((x) => grads[x.name] ?? tf.zerosLike(x));
      if (this.opts.agc !== undefined) perVar = adaptiveClip(perVar, this.vars, this.opts.agc);
      const flat = tf.concat(perVar.map((g) => tf.reshape(g, [-1])));
      const { clipped, norm } = clipByGlobalNorm(flat, this.opts.clip);
      this.applyUpdate(clipped);
      return tf.stack([value, norm]);
    });
    const [loss, gradNorm] = summary.dataSync();
    summary.dispose();
    return { loss, gradNorm };
  }

  /** Moments, bias correction (PyTorch's form: lr/bc1 · m / (sqrt(v)/sqrt(bc2) + eps)), then the parameters. */
  private applyUpdate(grad: tf.Tensor): void {
    const { lr, beta1, beta2, eps, weightDecay } = this.opts;
    const m = tf.add(tf.mul(this.m, beta1), tf.mul(grad, 1 - beta1));
    const v = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(grad), 1 - beta2));
    this.m.assign(m);
    this.v.assign(v);
    const bc1 = 1 - beta1 ** this.step;
    const bc2 = 1 - beta2 ** this.step;
    const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), eps);
    const delta = tf.split(tf.mul(tf.div(m, denom), lr / bc1), this.sizes);
    const keep = 1 - lr * weightDecay;
    this.vars.forEach((x, i) => {
      const decayed = keep === 1 ? x : tf.mul(x, keep);
      x.assign(tf.sub(decayed, tf.reshape(delta[i], x.shape)));
    });
  }

  /** Step count and moments by variable name, for checkpoints. */
  getState(): AdamState {
    const m = this.m.dataSync() as Float32Array;
    const v = this.v.dataSync() as Float32Array;
    const mOut = new Map<string, Float32Array>();
    const vOut = new Map<string, Float32Array>();
    let offset = 0;
    this.names.forEach((name, i) => {
      mOut.set(name, m.slice(offset, offset + this.sizes[i]));
      vOut.set(name, v.slice(offset, offset + this.sizes[i]));
      offset += this.sizes[i];
    });
    return { step: this.step, m: mOut, v: vOut };
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
    const join = (moments: Map<string, Float32Array>): Float32Array => {
      const out = new Float32Array(this.sizes.reduce((a, b) => a + b, 0));
      let offset = 0;
      this.names.forEach((name, i) => {
        out.set(moments.get(name) as Float32Array, offset);
        offset += this.sizes[i];
      });
      return out;
    };
    tf.tidy(() => {
      this.m.assign(tf.tensor1d(join(state.m)));
      this.v.assign(tf.tensor1d(join(state.v)));
    });
    this.step = state.step;
  }

  /** Frees the moment vectors (not the parameters, which belong to their module). */
  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
