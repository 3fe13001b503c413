import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import { boxOf, requireBox } from './box-utils.js';
import { WrapperError } from '../../util/errors.js';

/** Gymnasium's luminance weights for R, G, B. */
const LUMA_WEIGHTS = [0.2125, 0.7154, 0.0721] as const;
const RGB_CHANNELS = 3;

/**
 * Gymnasium's `GrayscaleObservation`: uint8 RGB images [H, W, 3] become `0.2125 R + 0.7154 G + 0.0721 B`,
 * truncated to uint8 as NumPy's `astype(np.uint8)` does; shape [H, W], or [H, W, 1] with `keepDim`.
 */
export class GrayscaleObservation<A = unknown> extends Wrapper<Uint8Array, A, ArrayLike<number>, A> {
  private readonly pixels: number;

  constructor(env: Env<ArrayLike<number>, A>, readonly keepDim = false) {
    super(env);
    const box = requireBox(env.observationSpace, 'GrayscaleObservation', 'observation');
    const rgbUint8 =
      box.shape.length === 3 && box.shape[2] === RGB_CHANNELS && box.dtype === 'uint8' &&
      box.low.every((v) => v === 0) && box.high.every((v) => v === 255);
    if (!rgbUint8) {
      throw new WrapperError(`GrayscaleObservation needs uint8 RGB images Box(0, 255, [H, W, 3]), got ${String(box)}.`);
    }
    const [h, w] = box.shape;
    this.pixels = h * w;
    this.observationSpace = boxOf(0, 255, keepDim ? [h, w, 1] : [h, w], 'uint8') as unknown as typeof this.observationSpace;
  }

  override reset(opts: ResetOptions = {}): ResetResult<Uint8Array> {
    const { obs, info } = this.env.reset(opts);
    return { obs: this.observation(obs), info };
  }

  override step(action: A): StepResult<Uint8Array> {
    const result = this.env.step(action);
    return { ...result, obs: this.observation(result.obs) };
  }

  observation(rgb: ArrayLike<number>): Uint8Array {
    return toGrayscale(rgb, this.pixels);
  }
}

/** `pixels` RGB values (HWC, row-major) -> their luminance, one uint8 per pixel. */
export function toGrayscale(rgb: ArrayLike<number>, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  const [wr, wg, wb] = LUMA_WEIGHTS;
  // Assigning to a Uint8Array truncates like astype(np.uint8) for values in [0, 255].
  for (let p = 0; p < pixels; p++) out[p] = rgb[3 * p]! * wr + rgb[3 * p + 1]! * wg + rgb[3 * p + 2]! * wb;
  return out;
}
