import type { Env, Frame, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import { Dict } from '../spaces/dict.js';
import type { Space } from '../spaces/space.js';
import { boxOf } from './box-utils.js';
import { makeResizer, type Interpolation } from './image-resize.js';
import { WrapperError } from '../../util/errors.js';

export interface PixelObservationOptions {
  /** true (default): the observation is the image only; false: `{ [stateKey]: obs, [pixelsKey]: image }`. */
  pixelsOnly?: boolean;
  /** Resize every frame to [height, width] (e.g. [64, 64]); default: the render size. */
  size?: readonly [number, number];
  interpolation?: Interpolation;
  pixelsKey?: string;
  stateKey?: string;
}

export type PixelDictObs<O> = Record<string, O | Uint8Array>;

const RGB_CHANNELS = 3;

/**
 * Gymnasium's `AddRenderObservation` (formerly PixelObservationWrapper): the observation becomes the env's
 * `render()` frame, a uint8 HWC image flattened row-major (Box(0, 255, [H, W, 3], uint8)), optionally resized.
 * The env must render 'rgb_array' (make(id, { renderMode: 'rgb_array' })). Without `size` the frame size is
 * learnt from one reset + render at construction, as Gymnasium does.
 */
export class PixelObservation<O = unknown, A = unknown> extends Wrapper<Uint8Array | PixelDictObs<O>, A, O, A> {
  private readonly pixelsOnly: boolean;
  private readonly pixelsKey: string;
  private readonly stateKey: string;
  private readonly outShape: [number, number, number];
  private resizer: ((src: ArrayLike<number>, out: Uint8Array) => unknown) | undefined;
  private readonly interpolation: Interpolation;
  /** [H, W] of the first rendered frame. */
  private renderShape: [number, number] | undefined;
  /** The env's observation is itself a Dict: add the pixels to it instead of nesting it under stateKey. */
  private readonly mergeIntoDict: boolean;

  constructor(env: Env<O, A>, opts: PixelObservationOptions = {}) {
    super(env);
    if (env.renderMode !== 'rgb_array') {
      throw new WrapperError(
        `PixelObservation needs an env rendering 'rgb_array', but its render mode is ${String(env.renderMode)}; ` +
          "create it with make(id, { renderMode: 'rgb_array' }).",
      );
    }
    this.pixelsOnly = opts.pixelsOnly ?? true;
    this.pixelsKey = opts.pixelsKey ?? 'pixels';
    this.stateKey = opts.stateKey ?? 'state';
    this.interpolation = opts.interpolation ?? 'area';
    if (!this.pixelsOnly && this.pixelsKey === this.stateKey) {
      throw new WrapperError(`PixelObservation pixelsKey and stateKey are both "${this.pixelsKey}"; give two different keys.`);
    }
    this.outShape = opts.size !== undefined ? [opts.size[0], opts.size[1], RGB_CHANNELS] : this.probeFrameShape();
    const pixelSpace = boxOf(0, 255, this.outShape, 'uint8') as Space<Uint8Array>;
    this.mergeIntoDict = !this.pixelsOnly && env.observationSpace instanceof Dict;
    this.observationSpace = this.outputSpace(env.observationSpace, pixelSpace) as Space<Uint8Array | PixelDictObs<O>>;
  }

  /** Pixels only; or the env's Dict with a pixels key added; or { state, pixels } (Gymnasium's three cases). */
  private outputSpace(inner: Space<unknown>, pixelSpace: Space<Uint8Array>): Space<unknown> {
    if (this.pixelsOnly) return pixelSpace;
    if (inner instanceof Dict) {
      if (this.pixelsKey in inner.spaces) {
        throw new WrapperError(`PixelObservation: the env's Dict observation already has a "${this.pixelsKey}" key; pass another pixelsKey.`);
      }
      return new Dict({ ...(inner.spaces as Record<string, Space<unknown>>), [this.pixelsKey]: pixelSpace });
    }
    // A plain object: Dict sorts the keys, as Gymnasium's Dict does with AddRenderObservation's dict.
    return new Dict({ [this.stateKey]: inner, [this.pixelsKey]: pixelSpace });
  }

  override reset(opts: ResetOptions = {}): ResetResult<Uint8Array | PixelDictObs<O>> {
    const { obs, info } = this.env.reset(opts);
    return { obs: this.observation(obs), info };
  }

  override step(action: A): StepResult<Uint8Array | PixelDictObs<O>> {
    const result = this.env.step(action);
    return { ...result, obs: this.observation(result.obs) };
  }

  private observation(state: O): Uint8Array | PixelDictObs<O> {
    const pixels = this.pixels();
    if (this.pixelsOnly) return pixels;
    if (this.mergeIntoDict) return { ...(state as Record<string, O>), [this.pixelsKey]: pixels };
    return { [this.stateKey]: state, [this.pixelsKey]: pixels };
  }

  /** The current frame at the output size. */
  pixels(): Uint8Array {
    const frame = this.renderFrame();
    const [h, w] = this.outShape;
    // The resizer is built for the first frame's size: a renderer that changes size mid-run is a bug to name.
    this.renderShape ??= [frame.shape[0], frame.shape[1]];
    if (frame.shape[0] !== this.renderShape[0] || frame.shape[1] !== this.renderShape[1] || frame.data.length !== frame.shape[0] * frame.shape[1] * RGB_CHANNELS) {
      throw new WrapperError(
        `PixelObservation: render() returned a [${frame.shape.join(', ')}] frame of ${frame.data.length} values, but the first frame was [${this.renderShape.join(', ')}, 3]: ` +
          'render frames of one fixed size, uint8 [H, W, 3].',
      );
    }
    if (frame.shape[0] === h && frame.shape[1] === w) return frame.data.slice();
    if (this.resizer === undefined) {
      const from = { height: frame.shape[0], width: frame.shape[1], channels: RGB_CHANNELS };
      this.resizer = makeResizer(from, h, w, this.interpolation) as (src: ArrayLike<number>, out: Uint8Array) => unknown;
    }
    const out = new Uint8Array(h * w * RGB_CHANNELS);
    this.resizer(frame.data, out);
    return out;
  }

  private renderFrame(): Frame {
    const frame = this.env.render();
    if (frame === undefined || typeof frame === 'string' || Array.isArray(frame) || !(frame.data instanceof Uint8Array)) {
      throw new WrapperError(`PixelObservation: render() must return one rgb_array frame, got ${describe(frame)}.`);
    }
    return frame;
  }

  private probeFrameShape(): [number, number, number] {
    this.env.reset();
    const frame = this.renderFrame();
    return [frame.shape[0], frame.shape[1], RGB_CHANNELS];
  }
}

function describe(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `a list of ${x.length} frames`;
  return typeof x;
}
