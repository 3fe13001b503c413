import * as tf from '@tensorflow/tfjs';
import { categoricalSample, fusedCategoricalSampleActive } from '../kernels/fused/categorical.js';
import { stopGradient } from '../math/stop_gradient.js';
import { straightThrough } from '../math/straight_through.js';
import type { TensorRng } from '../random.js';
import { DreamerError } from '../../util/errors.js';
import type { Distribution } from './distribution.js';

/** The uniform draws of the Gumbel trick lie in (GUMBEL_LOW, 1 - GUMBEL_LOW): -ln(-ln u) stays finite. */
export const GUMBEL_LOW = 1e-6;

/** Options of `OneHotCategorical`. */
export interface OneHotCategoricalOptions {
  /** Mix this fraction of the uniform distribution into the probabilities (DreamerV3: 0.01; default 0). */
  unimix?: number;
  /**
   * Classes per variable when the last axis holds several variables side by side (DreamerV3's flat latent
   * [N, G·C] with `classes` C). Default: the whole last axis is one variable.
   */
  classes?: number;
  /**
   * Axes before the class axis that belong to the event (summed in logProb, entropy and KL). Default: all but
   * the first, so [B, C] has none and DreamerV3's grouped latents [B, G, C] (or [B, G·C] with `classes` C) sum
   * over the G groups.
   */
  independentDims?: number;
}

/**
 * Categorical over the last axis, with one-hot samples. logits: [..., C] (or [..., G·C] with `classes`); samples,
 * modes and logProb's argument have the shape of the logits. `rsample` is straight-through: the forward value is
 * the one-hot sample, the gradient is that of the probabilities. The probabilities are computed on first use, so
 * a draw on a backend with the fused kernel records that one kernel only.
 */
export class OneHotCategorical implements Distribution {
  /** The logits as given (the fused draw mixes and normalises them itself). */
  readonly rawLogits: tf.Tensor;
  readonly classes: number;
  private readonly unimix: number;
  /** The logits viewed with the class axis last: [..., G, C] for grouped logits, else their own shape. */
  private readonly viewShape: number[];
  private readonly eventAxes: number[];
  private probsCache: tf.Tensor | undefined;
  private logitsCache: tf.Tensor | undefined;

  constructor(logits: tf.Tensor, options: OneHotCategoricalOptions = {}) {
    this.rawLogits = logits;
    this.unimix = options.unimix ?? 0;
    const last = logits.shape[logits.rank - 1]!;
    this.classes = options.classes ?? last;
    if (last % this.classes !== 0) {
      throw new DreamerError(`OneHotCategorical: the last axis (${last}) is not a multiple of classes ${this.classes}: pass logits [..., G·${this.classes}].`);
    }
    const lead = logits.shape.slice(0, -1);
    this.viewShape = this.classes === last ? [...logits.shape] : [...lead, last / this.classes, this.classes];
    const rank = this.viewShape.length;
    const extra = options.independentDims ?? rank - 2;
    this.eventAxes = Array.from({ length: extra + 1 }, (_, i) => rank - 1 - extra + i);
  }

  /** Probabilities after uniform mixing: [..., (G,) C]. */
  get probs(): tf.Tensor {
    if (!this.probsCache) {
      const p = tf.softmax(this.view(this.rawLogits));
      this.probsCache = this.unimix > 0 ? tf.add(tf.mul(p, 1 - this.unimix), this.unimix / this.classes) : p;
    }
    return this.probsCache;
  }

  /** Log-probabilities after uniform mixing: [..., (G,) C]. */
  get logits(): tf.Tensor {
    this.logitsCache ??= this.unimix > 0 ? tf.log(this.probs) : tf.logSoftmax(this.view(this.rawLogits));
    return this.logitsCache;
  }

  /**
   * A one-hot draw, no gradient, by the Gumbel-max trick: argmax(log p + g), g = -ln(-ln u). (tf.multinomial
   * re-seeds per row in tfjs 4.22, so every row of a batch would draw the same class.)
   */
  sample(rng: TensorRng): tf.Tensor {
    return stopGradient(this.rsample(rng));
  }

  /**
   * Straight-through draw. On backends with the fused kernel (for batches it handles), softmax, mixing,
   * Gumbel-max and the gradient run as one kernel on the same noise, so both paths draw the same classes.
   */
  rsample(rng: TensorRng): tf.Tensor {
    const C = this.classes;
    const raw = this.rawLogits;
    const u = rng.uniform(raw.rank === 2 ? raw.shape : [raw.size / C, C], GUMBEL_LOW, 1 - GUMBEL_LOW) as tf.Tensor2D;
    if (fusedCategoricalSampleActive(raw.size)) {
      if (raw.rank === 2) return categoricalSample(raw as tf.Tensor2D, u, C, this.unimix);
      return tf.reshape(categoricalSample(tf.reshape(raw, u.shape) as tf.Tensor2D, u, C, this.unimix), raw.shape);
    }
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(tf.reshape(u, this.viewShape)))));
    const idx = tf.argMax(tf.add(this.logits, gumbel), -1);
    return this.flat(straightThrough(tf.cast(tf.oneHot(idx, C), 'float32'), this.probs));
  }

  /** Σ x · log p over the event axes (x one-hot or soft, shaped like the logits). */
  logProb(x: tf.Tensor): tf.Tensor {
    return tf.sum(tf.mul(this.view(x), this.logits), this.eventAxes);
  }

  entropy(): tf.Tensor {
    return tf.neg(tf.sum(tf.mul(this.probs, this.logits), this.eventAxes));
  }

  /** The one-hot argmax, with the straight-through gradient of the probabilities (as DreamerV3). */
  mode(): tf.Tensor {
    const idx = tf.argMax(this.logits, -1);
    return this.flat(straightThrough(tf.cast(tf.oneHot(idx, this.classes), 'float32'), this.probs));
  }

  /** KL(this ‖ other) = Σ p (log p - log q), summed over classes and groups. */
  kl(other: OneHotCategorical): tf.Tensor {
    return tf.sum(tf.mul(this.probs, tf.sub(this.logits, other.logits)), this.eventAxes);
  }

  /** A tensor shaped like the logits, viewed with the class axis last. */
  private view(x: tf.Tensor): tf.Tensor {
    return this.viewShape.length === x.rank ? x : tf.reshape(x, this.viewShape);
  }

  /** A [..., (G,) C] tensor back in the logits' shape. */
  private flat(x: tf.Tensor): tf.Tensor {
    return x.rank === this.rawLogits.rank ? x : tf.reshape(x, this.rawLogits.shape);
  }
}
