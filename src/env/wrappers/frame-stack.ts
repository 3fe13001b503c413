import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import type { Box } from '../spaces/box.js';
import { allocArray, type BoxDType, type NumericArray } from '../spaces/dtype.js';
import { boxOf, requireBox, zeroInBox } from './box-utils.js';
import { WrapperError } from '../../util/errors.js';

/** 'reset' repeats the reset obs, 'zero' uses zeros (moved inside the Box), or give one padding observation. */
export type FramePadding = 'reset' | 'zero' | ArrayLike<number>;

/**
 * Gymnasium 1.x's `FrameStackObservation`: the observation is the last `stackSize` observations stacked on a
 * new leading axis, [stackSize, ...shape], oldest first. After reset the older slots hold the padding.
 * The stacked space is the Box repeated `stackSize` times (Gymnasium's `batch_space`).
 */
export class FrameStack<A = unknown> extends Wrapper<NumericArray, A, ArrayLike<number>, A> {
  private readonly frames: NumericArray[];
  private readonly inner: Box<BoxDType>;
  private padding: NumericArray;
  /** Index in `frames` of the oldest frame (a ring buffer). */
  private oldest = 0;

  constructor(
    env: Env<ArrayLike<number>, A>,
    readonly stackSize: number,
    readonly paddingType: FramePadding = 'reset',
  ) {
    super(env);
    if (!Number.isInteger(stackSize) || stackSize < 1) {
      throw new WrapperError(`FrameStack stackSize must be a positive integer, got ${stackSize}.`);
    }
    this.inner = requireBox(env.observationSpace, 'FrameStack', 'observation');
    this.padding = this.initialPadding(paddingType);
    this.frames = Array.from({ length: stackSize }, () => this.padding.slice());
    this.observationSpace = stackedBox(this.inner, stackSize);
  }

  override reset(opts: ResetOptions = {}): ResetResult<NumericArray> {
    const { obs, info } = this.env.reset(opts);
    if (this.paddingType === 'reset') this.padding = this.copyObs(obs);
    for (const frame of this.frames) frame.set(this.padding);
    this.oldest = 0;
    this.push(obs);
    return { obs: this.stacked(), info };
  }

  override step(action: A): StepResult<NumericArray> {
    const result = this.env.step(action);
    this.push(result.obs);
    return { ...result, obs: this.stacked() };
  }

  private initialPadding(padding: FramePadding): NumericArray {
    if (padding === 'reset' || padding === 'zero') return zeroInBox(this.inner);
    if (typeof padding === 'string' || !this.inner.contains(padding)) {
      throw new WrapperError(`FrameStack padding must be 'reset', 'zero' or an observation inside ${String(this.inner)}.`);
    }
    return this.copyObs(padding);
  }

  private copyObs(obs: ArrayLike<number>): NumericArray {
    const out = allocArray(this.inner.dtype, this.inner.size);
    out.set(obs);
    return out;
  }

  /** Overwrites the oldest frame with `obs`, which becomes the newest. */
  private push(obs: ArrayLike<number>): void {
    this.frames[this.oldest].set(obs);
    this.oldest = (this.oldest + 1) % this.stackSize;
  }

  /** [stackSize, ...shape], oldest first, as a fresh array (the caller may keep it). */
  private stacked(): NumericArray {
    const size = this.inner.size;
    const out = allocArray(this.inner.dtype, size * this.stackSize);
    for (let k = 0; k < this.stackSize; k++) out.set(this.frames[(this.oldest + k) % this.stackSize], k * size);
    return out;
  }
}

function stackedBox(box: Box<BoxDType>, n: number): Box<BoxDType> {
  const low = new Float64Array(box.size * n);
  const high = new Float64Array(box.size * n);
  for (let k = 0; k < n; k++) {
    low.set(box.low, k * box.size);
    high.set(box.high, k * box.size);
  }
  return boxOf(low, high, [n, ...box.shape], box.dtype);
}
