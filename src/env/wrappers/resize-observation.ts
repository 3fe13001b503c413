import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import type { Box } from '../spaces/box.js';
import { allocArray, type BoxDType, type NumericArray } from '../spaces/dtype.js';
import { boxOf, requireBox } from './box-utils.js';
import { makeResizer, type Interpolation } from './image-resize.js';
import { WrapperError } from '../../util/errors.js';

export interface ResizeObservationOptions {
  /** 'area' (default, Gymnasium's INTER_AREA) or 'bilinear'. */
  interpolation?: Interpolation;
}

/**
 * Gymnasium's `ResizeObservation`: resizes image observations (Box of shape [H, W] or [H, W, C], HWC) to
 * `shape = [height, width]`. The new space keeps the dtype; a uint8 image gets Box(0, 255), any other the
 * overall [min low, max high] (a resize averages pixels, so it never leaves that range).
 */
export class ResizeObservation<A = unknown> extends Wrapper<NumericArray, A, ArrayLike<number>, A> {
  private readonly resize: (src: ArrayLike<number>, out: NumericArray) => NumericArray;
  private readonly outBox: Box<BoxDType>;

  constructor(env: Env<ArrayLike<number>, A>, shape: readonly [number, number], opts: ResizeObservationOptions = {}) {
    super(env);
    const box = requireBox(env.observationSpace, 'ResizeObservation', 'observation');
    if (box.shape.length !== 2 && box.shape.length !== 3) {
      throw new WrapperError(`ResizeObservation needs an image observation [H, W] or [H, W, C], got shape [${box.shape.join(', ')}].`);
    }
    const [height, width] = shape;
    if (!(Number.isInteger(height) && Number.isInteger(width) && height > 0 && width > 0)) {
      throw new WrapperError(`ResizeObservation shape must be two positive integers [height, width], got [${shape.join(', ')}].`);
    }
    const channels = box.shape.length === 3 ? box.shape[2] : 1;
    const from = { height: box.shape[0], width: box.shape[1], channels };
    this.resize = makeResizer(from, height, width, opts.interpolation ?? 'area');
    this.outBox = outputBox(box, [height, width, ...box.shape.slice(2)]);
    this.observationSpace = this.outBox;
  }

  override reset(opts: ResetOptions = {}): ResetResult<NumericArray> {
    const { obs, info } = this.env.reset(opts);
    return { obs: this.observation(obs), info };
  }

  override step(action: A): StepResult<NumericArray> {
    const result = this.env.step(action);
    return { ...result, obs: this.observation(result.obs) };
  }

  observation(obs: ArrayLike<number>): NumericArray {
    return this.resize(obs, allocArray(this.outBox.dtype, this.outBox.size));
  }
}

function outputBox(box: Box<BoxDType>, shape: number[]): Box<BoxDType> {
  if (box.dtype === 'uint8') return boxOf(0, 255, shape, 'uint8');
  const low = Math.min(...box.low);
  const high = Math.max(...box.high);
  return boxOf(low, high, shape, box.dtype);
}
