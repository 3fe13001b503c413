import type { EnvConfig } from '../config/index.js';
import type { Env } from '../env/env.js';
import { Box } from '../env/spaces/box.js';
import { Dict } from '../env/spaces/dict.js';
import type { Space } from '../env/spaces/space.js';
import { GrayscaleObservation, toGrayscale } from '../env/wrappers/grayscale-observation.js';
import { PixelObservation } from '../env/wrappers/pixel-observation.js';
import { TransformObservation } from '../env/wrappers/transform-observation.js';
import { ConfigError } from '../util/errors.js';

/** The Dict keys of `env.obs=pixels+state`. */
export const IMAGE_KEY = 'image';
export const STATE_KEY = 'state';

/** Whether `env.obs` asks for rendered frames (the env must then be made in 'rgb_array' render mode). */
export function wantsPixels(env: EnvConfig): boolean {
  return env.obs !== 'state';
}

/**
 * `env.obs` applied to one env: `state` leaves it as it is; `pixels` replaces its observation by its `render()` frame
 * (PixelObservation, resized to `env.image_size`, grey with `env.grayscale`), a uint8 [H, W, C] image; `pixels+state`
 * gives `{ image, state }`. Works for any env that renders 'rgb_array' (classic control, DMC once it renders).
 */
export function applyObsMode(envId: string, cfg: EnvConfig, env: Env): Env {
  if (!wantsPixels(cfg)) return env;
  if (env.renderMode !== 'rgb_array') {
    throw new ConfigError(`env ${envId}: env.obs=${cfg.obs} needs rgb_array frames, but the env renders ${String(env.renderMode)} (its renderModes: ${env.metadata?.renderModes?.join(', ') || 'none'}): set env.obs=state, or give the env an rgb_array render().`);
  }
  const size = imageSize(cfg);
  const pixelsOnly = cfg.obs === 'pixels';
  const pixels = new PixelObservation(env, { pixelsOnly, size, pixelsKey: IMAGE_KEY, stateKey: STATE_KEY }) as unknown as Env;
  if (!cfg.grayscale) return pixels;
  if (pixelsOnly) return new GrayscaleObservation(pixels as Env<ArrayLike<number>>, true) as unknown as Env;
  // pixels+state: the image entry of the Dict turns grey.
  const inner = pixels.observationSpace as unknown as Dict;
  const grey = new Box({ low: 0, high: 255, shape: [size[0], size[1], 1], dtype: 'uint8' });
  const space = new Dict({ ...(inner.spaces as Record<string, Space<unknown>>), [IMAGE_KEY]: grey });
  const pixelCount = size[0] * size[1];
  return new TransformObservation(
    pixels,
    (obs: unknown) => {
      const o = obs as Record<string, unknown>;
      return { ...o, [IMAGE_KEY]: toGrayscale(o[IMAGE_KEY] as Uint8Array, pixelCount) };
    },
    space as Space<unknown>,
  ) as unknown as Env;
}

/** `env.image_size` as [height, width], checked. */
export function imageSize(cfg: EnvConfig): [number, number] {
  const s = cfg.image_size;
  if (s.length !== 2 || s.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new ConfigError(`env.image_size must be [height, width] in pixels, got [${s.join(', ')}]: e.g. env.image_size=[64,64].`);
  }
  return [s[0]!, s[1]!];
}
