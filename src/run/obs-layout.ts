import type { ObsEntry, ObsLayout } from '../../agents/api.js';
import { Box } from '../env/spaces/box.js';
import type { BoxDType } from '../env/spaces/dtype.js';
import { Dict } from '../env/spaces/dict.js';
import type { Space } from '../env/spaces/space.js';
import { ConfigError } from '../util/errors.js';

/** Image channels the CNN takes: grey, grey + alpha, RGB, RGBA. */
export const MAX_IMAGE_CHANNELS = 4;

/**
 * The layout of the flat observation row the agent reads (agents/api.ts `ObsLayout`), from the env's observation
 * space before flattening: a plain Box is one entry ('image' when it is a uint8 [H, W, C] image, else 'obs'); a Dict
 * has one entry per key in its key order, the order FlattenObservation concatenates them in. Image entries go to the
 * agent's CNN, vector entries to its MLP. Spaces the agent cannot take are refused here, at start, naming the entry,
 * its shape and what to set.
 */
export function observationLayout(envId: string, space: Space<unknown>): ObsLayout {
  if (space instanceof Dict) {
    let offset = 0;
    return Object.entries(space.spaces as Record<string, Space<unknown>>).map(([key, entry]) => {
      if (!(entry instanceof Box)) {
        throw new ConfigError(`env ${envId}: Dict observation entry "${key}" is ${String(entry)}; the agent reads Box entries (vectors and uint8 images) only: wrap the env to turn it into a Box, or drop the entry.`);
      }
      const out = boxEntry(envId, `Dict observation entry "${key}"`, key, entry, offset);
      offset += out.size;
      return out;
    });
  }
  if (space instanceof Box) return [boxEntry(envId, 'the observation', isImageBox(space) ? 'image' : 'obs', space, 0)];
  throw new ConfigError(`env ${envId}: the agent reads Box (vector or uint8 image) or Dict observations, but the observation space is ${String(space)}. Wrap the env (e.g. FlattenObservation / PixelObservation) or pick another env.id.`);
}

/** A uint8 Box of rank 3: an HWC image. */
export function isImageBox(box: Box<BoxDType>): boolean {
  return box.dtype === 'uint8' && box.shape.length === 3;
}

function boxEntry(envId: string, what: string, key: string, box: Box<BoxDType>, offset: number): ObsEntry {
  const shape = [...box.shape];
  const size = box.size;
  const named = `env ${envId}: ${what} is ${String(box)}`;
  if (isImageBox(box)) {
    const c = shape[2]!;
    if (c < 1 || c > MAX_IMAGE_CHANNELS) {
      throw new ConfigError(`${named}, an image with ${c} channels; the CNN takes 1 to ${MAX_IMAGE_CHANNELS} (grey, RGB, RGBA): split it into entries of at most ${MAX_IMAGE_CHANNELS} channels, or set env.grayscale=true for rendered frames.`);
    }
    return { key, kind: 'image', shape, offset, size };
  }
  if (box.dtype === 'uint8' && shape.length === 2) {
    throw new ConfigError(`${named}: a [H, W] image without a channel axis; the CNN takes uint8 [H, W, C]: declare it as [${shape.join(', ')}, 1] (GrayscaleObservation with keepDim=true does), or set env.grayscale=true for rendered frames.`);
  }
  if (shape.length === 3) {
    throw new ConfigError(`${named}: a rank-3 ${box.dtype} Box, an image of floats; the CNN takes uint8 [H, W, C] images with values 0..255: return Uint8Array frames in a Box(0, 255, [${shape.join(', ')}], uint8), or flatten it (FlattenObservation) if it is not an image.`);
  }
  return { key, kind: 'vector', shape: [size], offset, size };
}

/** The columns of a row the replay stores as uint8 (the image entries). */
export function imageColumns(layout: ObsLayout): { offset: number; size: number }[] {
  return layout.filter((e) => e.kind === 'image').map(({ offset, size }) => ({ offset, size }));
}
