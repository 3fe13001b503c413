import * as tf from '@tensorflow/tfjs';
import { symexp, symlog } from '../math/symlog.js';
import { trailingAxes, type Distribution } from './distribution.js';
import { NoEntropyError } from '../../util/errors.js';

/** Options of `MSEDist` and `SymlogMSE`. */
export interface MSEOptions {
  /** Trailing axes summed in logProb (default 1). */
  independentDims?: number;
}

/**
 * A point prediction scored by squared error: logProb(x) = -Σ (pred - x)². It is the Gaussian log-density with unit
 * variance up to a factor ½ and a constant. pred: [..., D].
 */
export class MSEDist implements Distribution {
  readonly pred: tf.Tensor;
  protected readonly eventAxes: number[];

  constructor(pred: tf.Tensor, options: MSEOptions = {}) {
    this.pred = pred;
    this.eventAxes = trailingAxes(pred.rank, options.independentDims ?? 1);
  }

  logProb(x: tf.Tensor): tf.Tensor {
    const sq = tf.square(tf.sub(this.pred, this.target(x)));
    return tf.neg(this.eventAxes.length === 0 ? sq : tf.sum(sq, this.eventAxes));
  }

  mode(): tf.Tensor {
    return this.pred;
  }

  sample(): tf.Tensor {
    return this.mode();
  }

  rsample(): tf.Tensor {
    return this.mode();
  }

  entropy(): tf.Tensor {
    throw new NoEntropyError(`${this.constructor.name} has no entropy; use a Gaussian head if you need one.`);
  }

  /** The value compared with pred (identity here; symlog in SymlogMSE). */
  protected target(x: tf.Tensor): tf.Tensor {
    return x;
  }
}

/** DreamerV3's vector-observation head: pred lives in symlog space; logProb(x) = -Σ (pred - symlog x)², mode = symexp(pred). */
export class SymlogMSE extends MSEDist {
  override mode(): tf.Tensor {
    return symexp(this.pred);
  }

  protected override target(x: tf.Tensor): tf.Tensor {
    return symlog(x);
  }
}
